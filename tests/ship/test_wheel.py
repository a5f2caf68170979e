"""The wheel is the product: `pip wheel --no-deps .` carries the shipped models, the demo clip and
songs (pyproject.toml's force-include table), and installed with its dependencies into a fresh venv
outside the tree, as pipx does, it runs from its own copy: --version, detect, suggest, the window.

The install downloads the dependencies from the package index (or takes them from pip's cache):
a few minutes the first time. Skipped, with the reason, where neither is available.
"""

import json
import os
import socket
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from moodplayer import __version__
from moodplayer.domain.emotions import EMOTIONS

ROOT = Path(__file__).resolve().parents[2]
INCLUDED = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"][
    "force-include"]
TRAINING_ONLY = ("models/experiments/", "emotion.keras", "emotion_history.csv", "emotion_metrics.json",
                 "audio_mood.cv.json")


def shipped_files() -> dict[str, Path]:
    """Path inside the wheel -> source file, for every file force-include maps into the package."""
    files = {}
    for source, target in INCLUDED.items():
        path = ROOT / source
        if path.is_dir():
            files.update({f"{target}/{p.relative_to(path).as_posix()}": p for p in path.rglob("*") if p.is_file()})
        else:
            files[target] = path
    return files


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-w", str(out),
                          str(ROOT)], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    # setuptools used to warn three times per install that project.license was deprecated
    assert "deprecat" not in (run.stdout + run.stderr).lower(), run.stdout + run.stderr
    [built] = out.glob("moodplayer-*.whl")
    return built


def test_the_wheel_holds_the_shipped_files_and_not_the_training_ones(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for inside, source in shipped_files().items():
            assert inside in names, inside
            assert archive.read(inside) == source.read_bytes(), inside
    for name in ("models/emotion.tflite", "models/emotion_labels.json", "models/audio_mood.npz",
                 "models/face_detection_yunet_2026may.onnx", "models/YUNET-LICENSE.md", "assets/demo_camera.avi"):
        assert f"moodplayer/data/{name}" in names, name
    assert all(any(n.startswith(f"moodplayer/data/music/{mood}/") for n in names) for mood in EMOTIONS)
    assert not [n for n in names if any(part in n for part in TRAINING_ONLY)]
    assert not [n for n in names if n.startswith(("tests/", "runs/", "models/", "src/"))]
    # Nothing big beyond the shipped files (the models, the demo clip and songs): the code and
    # metadata are well under 2 MB, whatever size the emotion model grows to.
    assert wheel.stat().st_size < sum(source.stat().st_size for source in shipped_files().values()) + 2_000_000


def _index_reachable() -> bool:
    if any(os.environ.get(name) for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True  # through a proxy: let pip find out
    url = urlparse(os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple"))
    if url.scheme == "file":
        return True
    try:
        socket.create_connection((url.hostname, url.port or (443 if url.scheme == "https" else 80)), timeout=5).close()
    except OSError:
        return False
    return True


def _pip_cache_has_wheels() -> bool:
    run = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True)
    cache = Path(run.stdout.strip()) if run.returncode == 0 and run.stdout.strip() else None
    return cache is not None and cache.is_dir() and next(cache.rglob("*"), None) is not None


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh venv (not .venv's packages, not src/) with the wheel and its dependencies; its bin/ folder."""
    if not _index_reachable() and not _pip_cache_has_wheels():
        pytest.skip("no package index reachable and no pip cache: the wheel's dependencies cannot be installed")
    venv = tmp_path_factory.mktemp("venv") / "moodplayer"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    run = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                         capture_output=True, text=True, timeout=2400)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return venv / "bin"


@pytest.fixture
def clean_env(tmp_path):
    """What a user's shell has: the venv's bin/ on PATH, no PYTHONPATH, nothing of this checkout."""
    keep = ("PATH", "LANG", "TMPDIR", "PIP_FIND_LINKS", "PIP_CERT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               QT_QPA_PLATFORM="offscreen")
    return env


def run_installed(bin_dir: Path, args: list[str], env: dict, cwd: Path, timeout: int = 300):
    env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}
    return subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_the_installed_copy_runs_from_its_own_files(installed, clean_env, tmp_path):
    code = ("import json, sys, moodplayer\n"
            "from moodplayer.resources import resource_root\n"
            "from moodplayer.vision.model_files import models_dir\n"
            "print(json.dumps({'file': moodplayer.__file__, 'root': str(resource_root()),\n"
            "                  'models': str(models_dir()), 'path': sys.path}))\n")
    run = run_installed(installed, ["python", "-c", code], clean_env, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    answer = json.loads(run.stdout)
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site_packages = installed.parent / "lib" / python / "site-packages"
    assert Path(answer["file"]) == site_packages / "moodplayer" / "__init__.py"
    root = Path(answer["root"])
    assert root == site_packages / "moodplayer" / "data" and Path(answer["models"]) == root / "models"
    in_checkout = [p for p in answer["path"] if p and Path(p).resolve().is_relative_to(ROOT)]
    assert not in_checkout, f"the checkout is on sys.path: {in_checkout}"
    for inside in shipped_files():
        assert (site_packages / inside).is_file(), inside


def test_installed_version_and_detect_on_the_demo_clip(installed, clean_env, tmp_path):
    run = run_installed(installed, ["moodplayer", "--version"], clean_env, tmp_path)
    assert run.returncode == 0 and run.stdout.strip() == f"moodplayer {__version__}", run.stdout + run.stderr
    clip = next(installed.parent.glob("lib/python*/site-packages/moodplayer/data/assets/demo_camera.avi"))
    run = run_installed(installed, ["moodplayer", "detect", "--camera", str(clip), "--json"], clean_env, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    answer = json.loads(run.stdout)
    assert answer["mood"] in EMOTIONS and answer["frames_with_face"] == answer["frames"] == 10


def test_installed_suggest_answers_for_a_demo_song(installed, clean_env, tmp_path):
    song = next(installed.parent.glob("lib/python*/site-packages/moodplayer/data/music/happy/*.ogg"))
    run = run_installed(installed, ["moodplayer", "suggest", "--json", str(song)], clean_env, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    [entry] = map(json.loads, run.stdout.splitlines())
    assert entry["mood"] in EMOTIONS and "error" not in entry


def test_installed_window_opens_in_demo_mode(installed, clean_env, tmp_path):
    from ship.test_bundle import run_until_window

    settings = tmp_path / "settings.ini"
    settings.write_text("[General]\nversion=1\n")  # not a first start: no dialog
    env = {**clean_env, "PATH": f"{installed}{os.pathsep}{clean_env.get('PATH', '')}"}
    log = run_until_window([str(installed / "moodplayer"), "--settings", str(settings), "--no-camera", "-v"], env)
    assert "Window shown" in log, log[-3000:]
    demo = next(line for line in log.splitlines() if "Demo mode: playing the demo library" in line)
    assert str(installed.parent) in demo, demo
