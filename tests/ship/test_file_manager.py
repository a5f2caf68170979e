"""Show in folder: the desktop's file manager selects the song over D-Bus (FileManager1), and
without one the folder is opened with the desktop's default application."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from moodplayer.qt import file_manager

HERE = Path(__file__).resolve().parent


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="dbus-run-session is not installed (dbus)")
def test_a_file_manager_on_the_bus_is_asked_to_select_the_song(tmp_path):
    run = subprocess.run(["dbus-run-session", "--", sys.executable, str(HERE / "file_manager_probe.py"),
                          str(tmp_path)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    assert f"SHOWITEMS {Path(tmp_path).as_uri()}/caf%E9%20song.wav\nDONE\n" in run.stdout


def test_without_a_file_manager_the_folder_opens(qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(file_manager.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    no_bus = QDBusConnection("never connected")
    folder = tmp_path / os.fsdecode(b"\xe9t\xe9")  # a name that is not UTF-8 goes byte for byte
    file_manager.show_in_file_manager([folder / "song.wav"], bus=no_bus)
    assert [url.toEncoded().data().decode() for url in opened] == [f"{tmp_path.as_uri()}/%E9t%E9"]
