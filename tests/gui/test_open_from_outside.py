"""Songs opened from outside the window: `moodplayer FILE...`, a file manager's "Open With", and a
later start handing its songs to the window already open (qt/single_instance.py)."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from moodplayer.app import listen_for_later_starts
from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.single_instance import InstanceServer, hand_over, socket_path
from mp_testkit.media import write_wav
from mp_testkit.window_state import status


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch):
    """A short private $XDG_RUNTIME_DIR, as a desktop session has, wherever the tests' temp folder is."""
    folder = tempfile.mkdtemp(prefix="mp-", dir="/tmp")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


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
    instance = listen_for_later_starts(app.window, socket_path(settings_file))
    assert instance.listening
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
    """Runs ``lines`` of Python in another process, as a later start would; returns what it printed."""
    code = "\n".join(["import socket", "from pathlib import Path",
                      "from moodplayer.qt.single_instance import hand_over", *lines])
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)  # this window answers meanwhile
    out, err = process.communicate()
    assert process.returncode == 0, err.decode(errors="replace")
    return out.decode()


def test_hand_over_without_a_window_is_false_and_a_stale_socket_is_taken_over(qtbot, tmp_path):
    path = socket_path(tmp_path / "stale.ini")
    assert not hand_over(path, [tmp_path / "song.wav"])
    leftover = socket.socket(socket.AF_UNIX)  # what a MoodPlayer that crashed leaves behind
    leftover.bind(str(path))
    leftover.close()
    assert not hand_over(path, [tmp_path / "song.wav"]), "a socket file with no window behind it"
    server = InstanceServer(path)
    try:
        assert server.listening and path.stat().st_mode & 0o777 == 0o600
        received = []
        server.opened.connect(received.append)
        song = tmp_path / "song.wav"
        assert later_start(qtbot, f"print(hand_over(Path({str(path)!r}), [Path({str(song)!r})]))") == "True\n"
        assert received == [[song]]
    finally:
        server.close()
    assert not path.exists(), "the window's socket goes with it"


def test_a_window_already_listening_is_not_taken_over(qtbot, tmp_path):
    path = socket_path(tmp_path / "twice.ini")
    first = InstanceServer(path)
    second = InstanceServer(path)  # started at the same moment: it leaves the first window its socket
    try:
        assert first.listening and not second.listening
        second.close()
        assert path.exists(), "closing the second takes nothing from the first"
    finally:
        first.close()


def test_a_garbled_request_is_dropped_and_the_window_answers_the_next(qtbot, tmp_path):
    path = socket_path(tmp_path / "garbled.ini")
    server = InstanceServer(path)
    received = []
    server.opened.connect(received.append)
    try:
        printed = later_start(
            qtbot,
            "rogue = socket.socket(socket.AF_UNIX)",
            f"rogue.connect({str(path)!r})",
            "rogue.sendall(b'{\"open\": [1, 2]}\\n')",
            "rogue.settimeout(5)",
            "print(rogue.recv(10))",  # the window hangs up without an answer
            f"print(hand_over(Path({str(path)!r}), []))")
        assert printed == "b''\nTrue\n"
        assert received == [[]], "an empty list: come to the front"
    finally:
        server.close()


def test_no_safe_place_for_the_socket_means_no_single_window(tmp_path, monkeypatch):
    monkeypatch.setattr("moodplayer.qt.single_instance.MAX_SOCKET_PATH", 10_000)  # whatever tmp_path's length
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # a runtime folder others can enter is not used
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "no such folder" / "deeper"))
    assert socket_path(tmp_path / "s.ini", {"XDG_RUNTIME_DIR": str(shared)}) is None
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    assert socket_path(tmp_path / "s.ini", {"XDG_RUNTIME_DIR": str(runtime)}).parent == runtime
    monkeypatch.setattr("moodplayer.qt.single_instance.MAX_SOCKET_PATH", len(os.fsencode(runtime)))
    assert socket_path(tmp_path / "s.ini", {"XDG_RUNTIME_DIR": str(runtime)}) is None, "too long for a socket"
    server = InstanceServer(None)
    assert not server.listening and not hand_over(None, [])
    server.close()


def test_a_window_that_does_not_answer_is_left_alone(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("moodplayer.qt.single_instance.REPLY_S", 0.2)
    path = socket_path(tmp_path / "hung.ini")
    hung = socket.socket(socket.AF_UNIX)  # listens, but its event loop never turns
    hung.bind(str(path))
    hung.listen(1)
    try:
        assert not hand_over(path, [tmp_path / "song.wav"]), "this start opens its own window"
        assert "is running but did not answer" in caplog.text
    finally:
        hung.close()


def test_file_open_and_open_folder_play_what_is_chosen(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    window = app.window
    album = tmp_path / "album"
    album.mkdir()
    track = write_wav(album / "01.wav", 0.2)
    single = write_wav(tmp_path / "single.wav", 0.2)
    window.ask_open_files = lambda: [single, album]
    with qtbot.waitSignal(app.session.track_changed, timeout=5000):  # read on the pool, played here
        window.actions["open_files"].trigger()
    assert app.session.current.path == single and app.session.queue.hand == [track]
    window.ask_open_folder = lambda: album
    with qtbot.waitSignal(app.session.track_changed, timeout=5000):
        window.actions["open_folder"].trigger()
    assert app.session.current.path == track
    window.ask_open_files = lambda: []  # cancelled
    window.actions["open_files"].trigger()
    assert app.session.current.path == track


def test_ctrl_f_goes_to_the_filter_box(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    app.window.filter_box.setText("happy")
    app.window.library.setFocus()
    qtbot.keyClick(app.window.library, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # where the focus is
    assert app.window.filter_box.hasFocus() and app.window.filter_box.selectedText() == "happy"
