"""`kill` (SIGTERM) and Ctrl+C (SIGINT) close the real app as its window's close does: the settings
are saved and the instance socket goes with it."""

import os
import signal
import sys

import pytest

from mp_testkit.media import make_library
from mp_testkit.windows import listening_window


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_saves_the_settings_and_removes_the_socket(tmp_path, stop):
    music = make_library(tmp_path / "music", per_mood=1, seconds=30)
    song = music / "happy" / "happy-1.wav"
    settings = tmp_path / "settings.ini"
    command = [sys.executable, "-m", "moodplayer", "--settings", str(settings), "--music", str(music), "--no-camera",
               "--player", "null", str(song)]
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with listening_window(command, settings, environ) as (app, _env, socket_file):
        assert not settings.exists(), "written when the window closes"
        app.send_signal(stop)
        log, _ = app.communicate(timeout=30)
    assert app.returncode == 0, log[-3000:]
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log[-3000:]
    assert f"music_root={music}" in settings.read_text(), "saved as the window's close saves"
    assert not socket_file.exists()
