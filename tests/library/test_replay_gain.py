"""ReplayGain tags, read from real files of each format, and the gain a song plays at."""

import math
import subprocess

import mutagen
import pytest

from moodplayer.library.replay_gain import ReplayGain, level_db, parse_gain, parse_peak
from moodplayer.library.tags import read_replay_gain
from mp_testkit.media import write_audio

TAGS = {"replaygain_track_gain": "-7.50 dB", "replaygain_track_peak": "0.891251",
        "replaygain_album_gain": "-3.25 dB", "replaygain_album_peak": "0.988553"}
EXPECTED = ReplayGain(track_db=-7.5, track_peak=0.891251, album_db=-3.25, album_peak=0.988553)


def _tag(path, tags):
    """Writes ``tags`` the way each format's taggers do (foobar2000, Picard, loudgain, iTunes)."""
    audio = mutagen.File(path)
    if path.suffix in (".mp3", ".wav"):
        from mutagen.id3 import TXXX

        if audio.tags is None:
            audio.add_tags()
        for key, value in tags.items():
            audio.tags.add(TXXX(encoding=3, desc=key.upper(), text=value))
    elif path.suffix == ".m4a":
        from mutagen.mp4 import MP4FreeForm

        for key, value in tags.items():
            audio[f"----:com.apple.iTunes:{key}"] = [MP4FreeForm(value.encode())]
    else:
        for key, value in tags.items():
            audio[key.upper() if path.suffix == ".flac" else key] = value
    audio.save()
    return path


@pytest.mark.parametrize("suffix", [".ogg", ".flac", ".mp3", ".m4a", ".wav"])
def test_each_format_s_replaygain_tags_are_read(tmp_path, suffix):
    song = _tag(write_audio(tmp_path / f"song{suffix}"), TAGS)
    assert read_replay_gain(song) == EXPECTED


def test_opus_r128_gains_are_moved_to_replaygain_s_reference(tmp_path):
    song = tmp_path / "song.opus"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "libopus", str(song)],
                   check=True)
    _tag(song, {"r128_track_gain": "-1792", "r128_album_gain": "256"})  # -7 dB and +1 dB re -23 LUFS
    assert read_replay_gain(song) == ReplayGain(track_db=-2.0, album_db=6.0)
    _tag(song, {"r128_track_gain": "32767", "r128_album_gain": "loud"})  # +133 dB: damaged
    assert read_replay_gain(song) is None


def test_untagged_damaged_and_unreadable_files_have_no_gain(tmp_path):
    assert read_replay_gain(write_audio(tmp_path / "plain.ogg")) is None
    damaged = _tag(write_audio(tmp_path / "damaged.ogg"), {"replaygain_track_gain": "loud",
                                                           "replaygain_album_gain": "-900 dB",
                                                           "replaygain_track_peak": "-1"})
    assert read_replay_gain(damaged) is None
    text = tmp_path / "notes.mp3"
    text.write_text("not audio")
    assert read_replay_gain(text) is None
    assert read_replay_gain(tmp_path / "gone.flac") is None


@pytest.mark.parametrize("text, gain", [("-7.23 dB", -7.23), ("+2.5 db", 2.5), ("-6", -6.0), (" .5 dB ", 0.5),
                                        ("", None), ("dB", None), ("nan dB", None), ("-61 dB", None),
                                        ("1e3 dB", None)])
def test_gains_are_parsed_strictly(text, gain):
    assert parse_gain(text) == gain


def test_peaks_must_be_positive():
    assert parse_peak("0.98") == 0.98 and parse_peak("1.2") == 1.2
    assert parse_peak("0") is None and parse_peak("-0.5") is None and parse_peak("inf") is None


def test_the_mode_picks_the_gain_and_falls_back_to_the_other():
    assert level_db(EXPECTED, "off") == 0.0
    assert level_db(EXPECTED, "track") == -7.5 and level_db(EXPECTED, "album") == -3.25
    assert level_db(ReplayGain(album_db=-4.0), "track") == -4.0
    assert level_db(ReplayGain(track_db=-5.0), "album") == -5.0
    assert level_db(None, "track") == 0.0 and level_db(ReplayGain(), "album") == 0.0


def test_a_gain_never_lifts_a_song_past_its_peak():
    quiet = ReplayGain(track_db=9.0, track_peak=0.5)  # +9 dB would take a 0.5 peak to 1.41
    assert level_db(quiet, "track") == pytest.approx(-20 * math.log10(0.5))  # +6.02 dB: the peak at full scale
    assert level_db(ReplayGain(track_db=-3.0, track_peak=0.5), "track") == -3.0


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="not one of off, track, album"):
        level_db(EXPECTED, "loud")
