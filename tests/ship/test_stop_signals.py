"""`kill` (SIGTERM) and Ctrl+C (SIGINT) close the real app as its window's close does: the settings
are saved (the song playing, for the next start) and the instance socket goes with it."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from moodplayer.qt.single_instance import socket_path
from mp_testkit.media import make_library


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_saves_the_settings_and_removes_the_socket(tmp_path, stop):
    music = make_library(tmp_path / "music", per_mood=1, seconds=30)
    song = music / "happy" / "happy-1.wav"
    settings = tmp_path / "settings.ini"
    runtime = tempfile.mkdtemp(prefix="mp-", dir="/tmp")  # a short private $XDG_RUNTIME_DIR
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": runtime}
    app = subprocess.Popen([sys.executable, "-m", "moodplayer", "--settings", str(settings), "--music", str(music),
                            "--no-camera", "--player", "null", str(song)],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        socket_file = socket_path(settings, env)
        deadline = time.monotonic() + 60
        while not socket_file.exists() and app.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert socket_file.exists(), "the window is up"
        time.sleep(1)  # the song given is read and played
        app.send_signal(stop)
        log, _ = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        shutil.rmtree(runtime, ignore_errors=True)
    assert app.returncode == 0, log[-3000:]
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log[-3000:]
    assert f"current_track={song}" in settings.read_text(), "the song playing is kept for the next start"
    assert not socket_file.exists()
