"""Without a graphical session the window command says so in one line and exits 2, before Qt
aborts (exit 134 and a hint about xcb-cursor0); the command-line commands work without one."""

import os
import subprocess
import sys

from moodplayer.app import NO_DISPLAY, display_problem


def headless_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def test_the_window_without_a_display_says_so_and_exits_2(tmp_path):
    run = subprocess.run([sys.executable, "-m", "moodplayer", "--settings", str(tmp_path / "s.ini")],
                         env=headless_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr[-2000:]
    assert run.stderr == NO_DISPLAY + "\n" and run.stdout == ""
    assert "MoodPlayer needs a graphical session (no DISPLAY or WAYLAND_DISPLAY)" in NO_DISPLAY
    assert "moodplayer detect --help" in NO_DISPLAY
    assert not (tmp_path / "s.ini").exists(), "nothing was started"


def test_commands_and_help_work_without_a_display(tmp_path):
    for args in (["detect", "--help"], ["--version"], ["--window-help"]):
        run = subprocess.run([sys.executable, "-m", "moodplayer", *args], env=headless_env(tmp_path),
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0 and "graphical session" not in run.stderr, (args, run.stderr[-2000:])


def test_only_a_missing_display_on_an_x11_or_wayland_platform_counts():
    assert display_problem({}, "linux") == NO_DISPLAY
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None  # tests, eglfs, vnc: chosen
    assert display_problem({}, "darwin") is None and display_problem({}, "win32") is None
