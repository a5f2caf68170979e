"""Levelling heard through the real libvlc: its file audio output writes what would have reached
the speakers, and the test measures that signal's level."""

import threading
import time
import wave

import numpy as np
import pytest

from moodplayer.playback.base import PlayerError, PlayerEvent
from moodplayer.playback.equalizer import CUSTOM, CustomEqualizer
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


def _two_tones(path, seconds=1.5, rate=44100):
    """A low (62.5 Hz) and a high (8 kHz) tone at one level: an equalizer's bands tell them apart."""
    t = np.arange(int(seconds * rate)) / rate
    signal = 0.1 * np.sin(2 * np.pi * 62.5 * t) + 0.1 * np.sin(2 * np.pi * 8000 * t)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((signal * 32767).astype(np.int16).tobytes())
    return path


def _treble_over_bass_db(out) -> float:
    """How much louder the 8 kHz tone is than the 62.5 Hz one in what libvlc wrote to ``out``."""
    with wave.open(str(out)) as written:
        channels, rate = written.getnchannels(), written.getframerate()
    mono = _samples(out).reshape(-1, channels).mean(axis=1)
    spectrum = np.abs(np.fft.rfft(mono * np.hanning(len(mono))))
    hz = np.fft.rfftfreq(len(mono), 1 / rate)

    def peak(freq):
        return spectrum[(hz > freq * 0.9) & (hz < freq * 1.1)].max()

    return 20 * np.log10(peak(8000) / peak(62.5))


def _play_with(song, out, presets, *levels):
    """Plays ``song`` to its end after choosing ``presets`` (one name, or several in turn), then ``levels``."""
    player = _player(out)
    ended = threading.Event()
    player.set_listener(lambda event, path, message: ended.set())
    try:
        player.load(song)
        for preset in [presets] if isinstance(presets, str) else presets:
            player.set_equalizer(preset)
        for level in levels:
            player.set_level(level)
        player.play()
        assert ended.wait(30)
    finally:
        player.shutdown()
    return _samples(out)


def test_an_equalizer_preset_shapes_the_sound_and_off_takes_it_out(tmp_path):
    song = _two_tones(tmp_path / "tones.wav")
    as_made = _play_with(song, tmp_path / "as_made.wav", "")
    treble = _play_with(song, tmp_path / "treble.wav", "Full treble")
    _play_with(song, tmp_path / "bass.wav", "Full bass")
    balance = _treble_over_bass_db(tmp_path / "as_made.wav")
    assert abs(balance) < 3, "the two tones were heard alike"
    # libvlc's Full treble: 62.5 Hz -9.6 dB, 8 kHz +16 dB; Full bass: 62.5 Hz +9.6 dB, 8 kHz -11.2 dB.
    assert _treble_over_bass_db(tmp_path / "treble.wav") - balance > 15
    assert _treble_over_bass_db(tmp_path / "bass.wav") - balance < -15
    # The level still moves the whole song: 6 dB quieter through the same preset.
    quieter = _play_with(song, tmp_path / "quieter.wav", "Full treble", -6.0)
    assert _rms(quieter) / _rms(treble) == pytest.approx(0.501, rel=0.05)
    # Off again, with the level back at 0 dB: nothing in the signal path, exactly the song as made.
    back = _play_with(song, tmp_path / "back.wav", ["Rock", ""], -6.0, 0.0)
    assert np.array_equal(back, as_made)


def test_equalizer_presets_are_libvlcs_and_an_unknown_one_is_refused(tmp_path):
    player = _player(tmp_path / "out.wav")
    try:
        presets = player.equalizer_presets()
        assert {"Flat", "Rock", "Classical", "Full bass"} <= set(presets)
        with pytest.raises(PlayerError, match="no equalizer preset called 'Loudness wars'"):
            player.set_equalizer("Loudness wars")
        assert player.equalizer == ""
    finally:
        player.shutdown()


def test_an_engine_without_an_equalizer_offers_none():
    player = NullPlayer()
    assert player.equalizer_presets() == ()
    with pytest.raises(PlayerError):
        player.set_equalizer("Rock")
    player.set_equalizer("")
    assert player.equalizer == ""


def test_custom_bands_shape_the_sound_and_the_preamp_moves_it_all(tmp_path):
    song = _two_tones(tmp_path / "tones.wav")
    _play_with(song, tmp_path / "as_made.wav", "")
    balance = _treble_over_bass_db(tmp_path / "as_made.wav")
    player = _player(tmp_path / "probe.wav")
    try:
        bands_hz = player.equalizer_bands_hz()
    finally:
        player.shutdown()
    low, high = bands_hz.index(62.5), bands_hz.index(8000.0)  # the two tones' bands (libvlc 3's octaves)

    def heard(name, preamp, low_db, high_db):
        gains = [0.0] * len(bands_hz)
        gains[low], gains[high] = low_db, high_db
        out = tmp_path / f"{name}.wav"
        custom_player = _player(out)
        ended = threading.Event()
        custom_player.set_listener(lambda event, path, message: ended.set())
        try:
            custom_player.load(song)
            custom_player.set_custom_equalizer(CustomEqualizer(preamp, tuple(gains)))
            assert custom_player.equalizer == CUSTOM
            custom_player.play()
            assert ended.wait(30)
        finally:
            custom_player.shutdown()
        return out

    bass_up = heard("bass_up", 0.0, 10.0, -10.0)
    assert _treble_over_bass_db(bass_up) - balance == pytest.approx(-20.0, abs=3.0)
    treble_up = heard("treble_up", 0.0, -6.0, 6.0)
    assert _treble_over_bass_db(treble_up) - balance == pytest.approx(12.0, abs=3.0)
    # The preamp moves every band: 6 dB down, the balance kept.
    quieter = heard("quieter", -6.0, -6.0, 6.0)
    assert _rms(_samples(quieter)) / _rms(_samples(treble_up)) == pytest.approx(0.501, rel=0.05)
    assert _treble_over_bass_db(quieter) == pytest.approx(_treble_over_bass_db(treble_up), abs=0.5)


def test_custom_bands_must_match_the_engines_bands(tmp_path):
    player = _player(tmp_path / "out.wav")
    try:
        with pytest.raises(PlayerError, match="3 equalizer bands given, the engine has 10"):
            player.set_custom_equalizer(CustomEqualizer(0.0, (1.0, 2.0, 3.0)))
        assert player.equalizer == "" and player.custom_equalizer is None
        rock = player.preset_equalizer("Rock")
        assert len(rock.bands_db) == 10 and rock.preamp_db < 0, "a preset's own headroom, as a custom preamp"
    finally:
        player.shutdown()
