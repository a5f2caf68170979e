"""One suite for every playback engine: NullPlayer always, VlcPlayer (dummy audio output) when
libvlc is installed. CI installs libvlc, so there the VLC run is never skipped."""

import threading
import time

import pytest

from moodplayer.playback import create_player
from moodplayer.playback.base import PlayerError, PlayerEvent, PlayerState
from moodplayer.playback.null_player import NullPlayer
from mp_testkit.media import tag, write_audio, write_corrupt


def _vlc_player():
    try:
        from moodplayer.playback.vlc_player import VlcPlayer

        return VlcPlayer(aout="dummy")
    except PlayerError as error:
        pytest.skip(f"libvlc is not installed here: {error}")


@pytest.fixture(params=["null", "vlc"])
def player(request):
    engine = NullPlayer(duration_s=1.0) if request.param == "null" else _vlc_player()
    yield engine
    engine.shutdown()


class Events:
    def __init__(self):
        self.items = []
        self.threads = set()
        self.arrived = threading.Event()

    def __call__(self, event, path, message):
        self.items.append((event, path, message))
        self.threads.add(threading.current_thread().name)
        self.arrived.set()

    def wait(self, timeout=5.0):
        assert self.arrived.wait(timeout), "no player event arrived"
        return self.items[-1]


def _wait_state(player, states, timeout=3.0):
    deadline = time.monotonic() + timeout
    while player.state not in states and time.monotonic() < deadline:
        time.sleep(0.01)
    return player.state


def test_plays_to_the_end_and_reports_it(player, tmp_path):
    song = tag(write_audio(tmp_path / "song.wav"), "Song")
    events = Events()
    player.set_listener(events)
    player.load(song)
    assert player.current == song and player.state == PlayerState.STOPPED
    player.play()
    assert events.wait() == (PlayerEvent.ENDED, song, "")
    assert threading.main_thread().name not in events.threads, "events arrive on the engine's thread"
    assert _wait_state(player, {PlayerState.ENDED}) == PlayerState.ENDED


def test_pause_resume_stop_and_seek(tmp_path):
    # A long track on each engine so that nothing ends during the test.
    song = write_audio(tmp_path / "long.wav", seconds=30)
    for engine in (NullPlayer(duration_s=30.0), _vlc_player()):
        try:
            engine.load(song)
            engine.play()
            assert _wait_state(engine, {PlayerState.PLAYING}) == PlayerState.PLAYING
            engine.pause()
            assert _wait_state(engine, {PlayerState.PAUSED}) == PlayerState.PAUSED
            engine.toggle()
            assert _wait_state(engine, {PlayerState.PLAYING}) == PlayerState.PLAYING
            engine.seek(10.0)
            deadline = time.monotonic() + 3
            while engine.position < 9.5 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert engine.position >= 9.5
            assert engine.duration == pytest.approx(30.0, abs=0.5)
            engine.stop()
            assert _wait_state(engine, {PlayerState.STOPPED}) == PlayerState.STOPPED
        finally:
            engine.shutdown()


def _wait_position(engine, test, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not test(engine.position) and time.monotonic() < deadline:
        time.sleep(0.02)
    return engine.position


def test_a_seek_while_stopped_is_where_play_starts_and_stop_goes_back_to_the_top(tmp_path):
    song = write_audio(tmp_path / "long.wav", seconds=30)
    for engine in (NullPlayer(duration_s=30.0), _vlc_player()):
        try:
            engine.load(song)
            engine.seek(12.0)
            assert engine.state == PlayerState.STOPPED and engine.position == pytest.approx(12.0)
            engine.play()
            assert _wait_state(engine, {PlayerState.PLAYING}) == PlayerState.PLAYING
            assert _wait_position(engine, lambda p: p > 12.0) > 12.0, "it started where the seek put it"
            engine.stop()
            assert _wait_state(engine, {PlayerState.STOPPED}) == PlayerState.STOPPED and engine.position == 0.0
            engine.play()
            assert 0.0 < _wait_position(engine, lambda p: p > 0.0) < 6.0, "after a stop, from the top"
            engine.load(song)
            engine.play()
            assert 0.0 < _wait_position(engine, lambda p: p > 0.0) < 6.0, "a new load starts at the top"
        finally:
            engine.shutdown()


def test_volume_is_clamped_and_mute_is_kept(player, tmp_path):
    player.volume = 150
    assert player.volume == 100
    player.volume = -5
    assert player.volume == 0
    player.volume = 40
    player.muted = True
    player.load(write_audio(tmp_path / "s.wav"))
    assert (player.volume, player.muted) == (40, True)


def test_missing_file_is_a_player_error(player, tmp_path):
    with pytest.raises(PlayerError, match="gone.wav"):
        player.load(tmp_path / "gone.wav")


def test_corrupt_file_is_reported_as_an_error_not_an_end(tmp_path):
    engine = _vlc_player()
    try:
        events = Events()
        engine.set_listener(events)
        bad = write_corrupt(tmp_path / "bad.mp3")
        engine.load(bad)
        engine.play()
        event, path, message = events.wait()
        assert (event, path) == (PlayerEvent.ERROR, bad) and "playable" in message
    finally:
        engine.shutdown()


def test_create_player_by_name():
    assert create_player("null").name == "null"
    with pytest.raises(PlayerError, match="unknown"):
        create_player("gstreamer")


def test_a_file_name_that_is_not_utf8_plays_that_file(player, tmp_path):
    import os

    # Only the odd name exists: a player that mangled it into "song .wav" would fail to open it.
    odd = write_audio(tmp_path / os.fsdecode(b"song\xe9 #1 100%.wav"))
    events = Events()
    player.set_listener(events)
    player.load(odd)
    player.play()
    assert events.wait() == (PlayerEvent.ENDED, odd, "")
