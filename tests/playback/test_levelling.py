"""Levelling heard through the real libvlc: its file audio output writes what would have reached
the speakers, and the test measures that signal's level."""

import threading
import time
import wave

import numpy as np
import pytest

from moodplayer.playback.base import PlayerError, PlayerEvent
from moodplayer.playback.null_player import NullPlayer
from mp_testkit.media import write_audio


def _player(out):
    try:
        from moodplayer.playback.vlc_player import DEFAULT_ARGS, VlcPlayer

        return VlcPlayer(args=(*DEFAULT_ARGS, f"--audiofile-file={out}"), aout="afile")
    except PlayerError as error:
        pytest.skip(f"libvlc is not installed here: {error}")


def _samples(out) -> np.ndarray:
    with wave.open(str(out)) as written:
        assert written.getsampwidth() == 2
        return np.frombuffer(written.readframes(written.getnframes()), dtype=np.int16).astype(float)


def _rms(samples) -> float:
    return float(np.sqrt(np.mean(samples ** 2)))


def _play(song, out, *levels, during=None):
    """Plays ``song`` to its end after setting ``levels`` (dB) in turn; ``during(player)`` runs once
    it has played 1 s."""
    player = _player(out)
    ended = threading.Event()
    events = []
    player.set_listener(lambda event, path, message: (events.append(event), ended.set()))
    try:
        player.load(song)
        for level in levels:
            player.set_level(level)
        player.play()
        if during is not None:
            deadline = time.monotonic() + 10
            while player.position < 1.0 and time.monotonic() < deadline:
                time.sleep(0.02)
            during(player)
        assert ended.wait(30) and events == [PlayerEvent.ENDED]
    finally:
        player.shutdown()
    return _samples(out)


@pytest.mark.parametrize("suffix", [".flac", ".ogg", ".mp3"])
def test_a_level_moves_the_song_by_its_decibels(tmp_path, suffix):
    song = write_audio(tmp_path / f"song{suffix}", seconds=1.5)
    as_made = _rms(_play(song, tmp_path / "as_made.wav"))
    assert as_made > 100, "the song was heard"
    assert _rms(_play(song, tmp_path / "minus6.wav", -6.0)) / as_made == pytest.approx(0.501, rel=0.03)
    assert _rms(_play(song, tmp_path / "plus3.wav", 3.0)) / as_made == pytest.approx(1.413, rel=0.03)
    # Back to 0 dB takes the equalizer out again: exactly the song as made.
    assert _rms(_play(song, tmp_path / "back.wav", -6.0, 0.0)) / as_made == pytest.approx(1.0, rel=0.01)


def test_a_level_changed_while_the_song_plays_is_heard_at_once(tmp_path):
    song = write_audio(tmp_path / "song.flac", seconds=4.0)
    as_made = _rms(_play(song, tmp_path / "as_made.wav"))
    samples = _play(song, tmp_path / "changed.wav", -12.0, during=lambda player: player.set_level(-3.0))
    tenth = len(samples) // 10
    assert len(samples) > 0.9 * len(_samples(tmp_path / "as_made.wav")), "the whole song, without a restart"
    assert _rms(samples[:tenth]) / as_made == pytest.approx(0.251, rel=0.05), "first at -12 dB"
    assert _rms(samples[-tenth:]) / as_made == pytest.approx(0.708, rel=0.05), "then at -3 dB"


def test_an_engine_without_levelling_records_it():
    player = NullPlayer()
    player.set_level(-4.5)
    assert player.level_db == -4.5
