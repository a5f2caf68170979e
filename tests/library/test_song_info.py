"""Song info's words (pure): loudness from tags or a measure, stream details, listening history."""

from pathlib import Path

import numpy as np

from moodplayer.audio.loudness import Loudness
from moodplayer.library.replay_gain import ReplayGain
from moodplayer.library.song_info import song_sections
from moodplayer.library.tags import StreamInfo
from moodplayer.library.track import Track


def _values(sections):
    return {f"{heading}/{label}": value for heading, rows in sections for label, value in rows}


SONG = Path("/music/happy/Song.flac")
TRACK = Track(path=SONG, title="Song", artist="", album="Album", duration_s=200.0, mood="happy", languages=("fr",))


def test_tags_and_stream_in_words():
    values = _values(song_sections(SONG, TRACK, size=31_250_000, stream=StreamInfo(
        "FLAC", 200.0, bitrate_kbps=1250, sample_rate=44100, channels=6, bits_per_sample=24)))
    assert values["Song/Artist"] == "—" and values["Song/Languages"] == "fr" and values["Song/Length"] == "3:20"
    assert values["File/Size"] == "31.2 MB (31,250,000 bytes)"
    assert values["File/Bitrate"] == "1250 kbit/s" and values["File/Sample rate"] == "44.1 kHz, 24 bit"
    assert values["File/Channels"] == "6 channels"
    assert "Song/Track" not in values, "no numbers in the tags: no row"


def test_the_songs_place_on_its_album():
    def place(**numbers):
        track = Track(path=SONG, title="Song", duration_s=1.0, **numbers)
        return _values(song_sections(SONG, track, size=1)).get("Song/Track")

    assert place(track_number=3) == "3" and place(track_number=3, disc_number=2) == "3, disc 2"
    assert place(disc_number=2) == "disc 2"


def test_more_tags_follow_the_album():
    values = _values(song_sections(SONG, TRACK, size=1, more_tags=[("Year", "1999"), ("Genre", "Rock")]))
    assert list(values)[:6] == ["Song/Title", "Song/Artist", "Song/Album", "Song/Year", "Song/Genre", "Song/Length"]


def test_replaygain_tags_win_over_a_measure_and_both_are_told_in_db():
    tagged = _values(song_sections(SONG, TRACK, size=1, tags_gain=ReplayGain(-7.25, 0.5, -6.0, None),
                                   measured=Loudness(-10.0, 1.0, np.zeros(80)), levelling="album"))
    assert tagged["Loudness/ReplayGain, song"] == "-7.25 dB, peak -6.0 dBFS"
    assert tagged["Loudness/ReplayGain, album"] == "-6.00 dB, no peak"
    assert "Loudness/Measured" not in tagged and tagged["Loudness/Volume levelling"] == "by album"
    measured = _values(song_sections(SONG, TRACK, size=1, measured=Loudness(-30.0, 0.3, np.zeros(80)),
                                     levelling="track"))
    # +12 dB would clip the -10.5 dBFS peak: levelling lifts it only to full scale.
    assert measured["Loudness/Measured"] == "-30.0 LUFS, peak -10.5 dBFS (levelled +10.46 dB by song)"
    assert _values(song_sections(SONG, TRACK, size=1, levelling="track"))["Loudness/ReplayGain"] == (
        "no tags; not measured yet")


def test_listening_history_per_mood():
    values = _values(song_sections(SONG, TRACK, size=1, history=[
        ("happy", -8.0, 0, 3), ("sad", 4.0, 0, 0), ("calm", 0.0, 1, 1)]))
    assert values["Your listening/For happy"] == "skipped early 3 times; rests more often in the shuffle"
    assert values["Your listening/For sad"] == "liked or disliked, not played through; comes up sooner in the shuffle"
    assert values["Your listening/For calm"] == "played to the end once, skipped early once; shuffled as any other"
