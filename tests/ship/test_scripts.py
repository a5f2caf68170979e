"""scripts/run installs the app's dependencies only; scripts/test adds the test extra (TensorFlow,
pytest). Run on a copy of the scripts with a stand-in .venv/bin/python that records its calls and a
dpkg-query that reports every system package installed: nothing is installed for real."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "scripts").mkdir()
    for name in ("bootstrap.sh", "run", "test"):
        shutil.copy2(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    calls = tmp_path / "calls"
    for name in ("python", "moodplayer"):
        (venv_bin / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n')
        (venv_bin / name).chmod(0o755)
    (venv_bin / "activate").write_text(f'PATH="{venv_bin}:$PATH"\n')
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir()
    (fake_bin / "dpkg-query").write_text("#!/bin/sh\nprintf 'install ok installed'\n")
    (fake_bin / "dpkg-query").chmod(0o755)
    return tmp_path


def run_script(tree: Path, name: str, *args: str, **extra_env: str) -> list[str]:
    calls = tree / "calls"
    calls.write_text("")
    env = {"PATH": f"{tree / 'fake-bin'}{os.pathsep}{os.environ['PATH']}", "HOME": str(tree), **extra_env}
    done = subprocess.run([str(tree / "scripts" / name), *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return calls.read_text().splitlines()


def installs(calls: list[str]) -> list[str]:
    return [call.split(" -e ", 1)[1] for call in calls if " install " in call and " -e " in call]


def test_run_installs_the_app_only_and_test_adds_the_test_extra(tree):
    calls = run_script(tree, "run", "--version")
    assert installs(calls) == ["."], calls
    assert calls[-1] == "moodplayer --version"
    assert installs(run_script(tree, "run")) == [], "installed once"
    calls = run_script(tree, "test", "-q", "tests/ship")
    assert installs(calls) == [".[test]"], calls
    assert calls[-1] == "python -m pytest -q tests/ship"
    assert installs(run_script(tree, "test")) == [] and installs(run_script(tree, "run")) == []


def test_a_changed_dependency_list_installs_again(tree):
    run_script(tree, "test")
    with (tree / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# changed\n")
    assert installs(run_script(tree, "run")) == ["."]
    assert installs(run_script(tree, "test")) == [".[test]"], "the test extra is not kept across a change"


def test_run_takes_an_extra_when_asked_for_one(tree):
    assert installs(run_script(tree, "run")) == ["."]
    assert installs(run_script(tree, "run", "train", MOODPLAYER_EXTRAS="train")) == [".[train]"]
    assert installs(run_script(tree, "run")) == [], "the app's dependencies came with the extra"
