"""Songs opened from outside the window: `moodplayer FILE...`, a file manager's "Open With", and a
later start handing its songs to the window already open (qt/single_instance.py)."""

import os
import socket
import subprocess
import sys

from PySide6.QtCore import QDir

from moodplayer.app import listen_for_later_starts
from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.single_instance import InstanceServer, hand_over, server_name
from mp_testkit.media import write_wav


def status(app) -> str:
    return app.window.statusBar().currentMessage()


def test_the_first_opened_song_plays_now_and_the_others_are_next(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session = app.session
    queued = music / "sad" / "sad-1.wav"
    session.enqueue([queued])
    album = tmp_path / "album"
    album.mkdir()
    first, second = write_wav(album / "01.wav", 0.2), write_wav(album / "02.wav", 0.2)
    single = write_wav(tmp_path / "single.wav", 0.2)
    app.window.playlists.open_paths([single, album, tmp_path / "gone.mp3"], sync=True)
    assert session.current.path == single and app.player.state == PlayerState.PLAYING
    assert session.queue.hand == [first, second, queued], "before what was queued already"
    assert status(app) == "Opened 3 songs; gone.mp3: not found."
    session.next()
    assert session.current.path == first


def test_nothing_playable_is_said_and_changes_nothing(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    (tmp_path / "notes.txt").write_text("hello")
    app.window.playlists.open_paths([tmp_path / "notes.txt"], sync=True)
    assert app.session.current is None and app.session.queue.hand == []
    assert status(app) == "Nothing to play; notes.txt: not a song, a folder or a playlist."


def test_a_later_start_hands_its_songs_to_the_open_window(qtbot, make_app, music, tmp_path, settings_file):
    """A real second `moodplayer` process: it sends the paths, says so and exits; this window plays them."""
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    name = server_name(settings_file)
    instance = listen_for_later_starts(app.window, name)
    try:
        song = write_wav(tmp_path / os.fsdecode(b"caf\xe9.wav"), 0.2)  # a name that is not UTF-8 arrives as it is
        environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        later = subprocess.Popen([sys.executable, "-m", "moodplayer", "--settings", str(settings_file),
                                  os.path.relpath(song, tmp_path)], cwd=tmp_path, env=environ,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        qtbot.waitUntil(lambda: later.poll() is not None, timeout=60000)
        out, err = later.communicate()
        assert later.returncode == 0, err.decode(errors="replace")
        assert out.decode() == "MoodPlayer is open already: sent it 1 path.\n"
        qtbot.waitUntil(lambda: app.session.current is not None and app.session.current.path == song, timeout=10000)
    finally:
        instance.close()


def later_start(qtbot, *lines: str) -> str:
    """Runs ``lines`` of Python in another process, as a later start would (a thread of this one
    would hold the interpreter while it waits for this window's answer); returns what it printed."""
    code = "\n".join(["from PySide6.QtNetwork import QLocalSocket",
                      "from pathlib import Path",
                      "from moodplayer.qt.single_instance import hand_over", *lines])
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)
    out, err = process.communicate()
    assert process.returncode == 0, err.decode(errors="replace")
    return out.decode()


def test_hand_over_without_a_window_is_false_and_a_stale_socket_is_taken_over(qtbot, tmp_path):
    name = server_name(tmp_path / "stale.ini")
    assert not hand_over(name, [tmp_path / "song.wav"])
    leftover = socket.socket(socket.AF_UNIX)  # what a MoodPlayer that crashed leaves behind
    path = os.path.join(QDir.tempPath(), name)
    leftover.bind(path)
    leftover.close()
    server = InstanceServer(name)
    try:
        assert server.listening
        received = []
        server.opened.connect(received.append)
        song = tmp_path / "song.wav"
        assert later_start(qtbot, f"print(hand_over({name!r}, [Path({str(song)!r})]))") == "True\n"
        assert received == [[song]]
    finally:
        server.close()


def test_a_window_already_listening_is_not_taken_over(qtbot, tmp_path):
    name = server_name(tmp_path / "twice.ini")
    first = InstanceServer(name)
    second = InstanceServer(name)  # started at the same moment: it leaves the first window its socket
    try:
        assert first.listening and not second.listening
    finally:
        first.close()
        second.close()


def test_a_garbled_request_is_dropped_and_the_window_answers_the_next(qtbot, tmp_path):
    name = server_name(tmp_path / "garbled.ini")
    server = InstanceServer(name)
    received = []
    server.opened.connect(received.append)
    try:
        printed = later_start(
            qtbot,
            "rogue = QLocalSocket()",
            f"rogue.connectToServer({name!r})",
            "assert rogue.waitForConnected(1000)",
            "rogue.write(b'{\"open\": [1, 2]}\\n')",
            "rogue.waitForBytesWritten(1000)",
            "print(rogue.waitForDisconnected(5000))",  # the window hangs up
            f"print(hand_over({name!r}, []))")
        assert printed == "True\nTrue\n"
        assert received == [[]], "an empty list: come to the front"
    finally:
        server.close()
