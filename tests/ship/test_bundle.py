"""Smoke test of the built PyInstaller bundle (scripts/bundle builds it, then runs this file).

Skipped until dist/moodplayer/ exists (or $MOODPLAYER_BUNDLE names another bundle folder).
The bundle runs with a clean environment: no venv, no source tree on the path, its own models.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from moodplayer.domain.emotions import EMOTIONS

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("MOODPLAYER_BUNDLE", ROOT / "dist" / "moodplayer")).resolve()
EXE = BUNDLE / "moodplayer"
pytestmark = pytest.mark.skipif(not EXE.is_file(), reason=f"no bundle at {BUNDLE} (build it: make bundle)")


def bundle_env(**extra):
    keep = ("PATH", "HOME", "LANG", "DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS", "TMPDIR")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, **extra}


def test_bundle_holds_models_assets_and_the_demo_library_but_not_libvlc_or_tensorflow():
    internal = BUNDLE / "_internal"
    for name in ("emotion.tflite", "emotion_labels.json", "face_detection_yunet_2026may.onnx"):
        assert (internal / "models" / name).is_file(), name
    assert (internal / "ai_edge_litert" / "libLiteRt.so").is_file(), "LiteRT runs the emotion model"
    assert not (internal / "tensorflow").exists(), "the app runs the model with LiteRT, not TensorFlow"
    assert (internal / "assets" / "demo_camera.avi").is_file()
    assert all(list((internal / "music" / mood).glob("*.ogg")) for mood in EMOTIONS)
    assert not [p for p in BUNDLE.rglob("libvlc*.so*")], "libvlc must come from the system"


def test_bundle_detects_a_mood_on_the_demo_clip(tmp_path):
    clip = BUNDLE / "_internal" / "assets" / "demo_camera.avi"
    started = time.monotonic()
    run = subprocess.run([str(EXE), "detect", "--camera", str(clip), "--json"], cwd=tmp_path,
                         env=bundle_env(), capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-3000:]
    answer = json.loads(run.stdout)
    assert {"mood", "votes", "frames", "frames_with_face", "probabilities", "timings_ms"} <= answer.keys()
    assert answer["mood"] in EMOTIONS and answer["frames"] == 10 and answer["frames_with_face"] == 10
    assert abs(sum(answer["probabilities"].values()) - 1) < 0.01
    print(f"bundle detect: {elapsed:.1f} s, mood {answer['mood']}")


def test_bundle_suggests_moods_from_audio_in_its_worker_processes(tmp_path):
    # librosa runs in spawned workers: in the bundle each one is the executable itself
    # (multiprocessing.freeze_support in __main__), so this fails if that or librosa's data is missing.
    from mp_testkit import synth

    song = synth.energetic(tmp_path / "song.wav")
    (tmp_path / "broken.mp3").write_bytes(b"not audio")
    run = subprocess.run([str(EXE), "suggest", "--json", str(song), str(tmp_path / "broken.mp3")],
                         env=bundle_env(XDG_CACHE_HOME=str(tmp_path / "cache")), capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    entries = {Path(e["file"]).name: e for e in map(json.loads, run.stdout.splitlines())}
    assert entries["song.wav"]["mood"] in EMOTIONS and "error" in entries["broken.mp3"]
    assert (BUNDLE / "_internal" / "models" / "audio_mood.npz").is_file()


def test_bundle_says_no_camera_with_exit_2(tmp_path):
    run = subprocess.run([str(EXE), "detect", "--camera", str(tmp_path / "none.avi"), "--json"],
                         env=bundle_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "camera unavailable" in run.stderr


def run_until_window(command: list[str], env: dict, timeout_s: float = 120) -> str:
    """Start the bundle's window, return its log once "Window shown" is logged (then end it)."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)  # its own process group: helpers end with it
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and process.poll() is None:
            if "Window shown" in "".join(lines):
                time.sleep(1)  # let the MPRIS / libvlc lines follow
                break
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        reader.join(10)
    return "".join(lines)


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (apt-get install xvfb)")
def test_bundle_window_comes_up_in_demo_mode_with_system_libvlc(tmp_path):
    settings = tmp_path / "settings.ini"
    settings.write_text("[General]\nversion=1\n")  # not a first start: no dialog
    log = run_until_window(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", str(EXE), "--settings", str(settings),
                            "--audio-output", "dummy", "-v"], bundle_env(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path)))
    assert "Window shown" in log, log[-3000:]
    assert "Demo mode: playing the demo library" in log
    assert "Playback unavailable" not in log, log[-3000:]


def _can_hide_libvlc() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


@pytest.mark.skipif(not _can_hide_libvlc(), reason="hiding libvlc needs root (unshare -m)")
def test_bundle_without_libvlc_says_install_vlc(tmp_path):
    libraries = sorted(str(p) for p in Path("/").glob("usr/lib/*/libvlc.so*"))
    if not libraries:
        pytest.skip("libvlc is not installed here, nothing to hide")
    settings = tmp_path / "settings.ini"
    settings.write_text("[General]\nversion=1\n")
    # A private mount namespace where libvlc.so is an empty file: like a machine without VLC.
    hide = " && ".join(f"mount --bind /dev/null {path}" for path in libraries)
    script = f"{hide} && exec {EXE} --settings {settings} --no-camera --no-demo -v"
    log = run_until_window(["unshare", "-m", "sh", "-c", script],
                           bundle_env(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path)))
    if "Window shown" not in log:
        pytest.skip(f"cannot hide libvlc here: {log[-300:]}")
    assert "Playback unavailable: libvlc is not available" in log and "install VLC" in log, log[-3000:]
