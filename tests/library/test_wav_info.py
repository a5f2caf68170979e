"""WAV files tagged the way most WAV writers tag them: RIFF INFO (INAM title, IART artist, IPRD album)."""

import struct

from moodplayer.library.tags import read_riff_info, read_tags
from mp_testkit.media import tag, write_wav


def info_chunk(fields: dict[bytes, bytes]) -> bytes:
    body = b"INFO"
    for kind, text in fields.items():
        value = text + b"\0"
        body += kind + struct.pack("<I", len(value)) + value + (b"\0" if len(value) % 2 else b"")
    return b"LIST" + struct.pack("<I", len(body)) + body


def with_info(path, fields, before_data=True):
    """Add a LIST INFO chunk to a WAV file (before or after its audio) and fix the RIFF size."""
    data = path.read_bytes()
    chunk = info_chunk(fields)
    at = data.index(b"data") if before_data else len(data)
    data = data[:at] + chunk + data[at:]
    path.write_bytes(data[:4] + struct.pack("<I", len(data) - 8) + data[8:])
    return path


def test_title_artist_and_album_come_from_riff_info(tmp_path):
    song = with_info(write_wav(tmp_path / "take 3.wav"), {b"INAM": "Café Rain".encode(), b"IART": b"Nadia",
                                                         b"IPRD": b"Field Notes", b"ICMT": b"odd"})
    track = read_tags(song)
    assert (track.title, track.artist, track.album) == ("Café Rain", "Nadia", "Field Notes")
    assert track.duration_s == 1.0 and track.display_title == "Café Rain"


def test_the_track_number_comes_from_riff_info_when_id3_has_none(tmp_path):
    song = with_info(write_wav(tmp_path / "take 3.wav"), {b"INAM": b"Take", b"ITRK": b"4"})
    assert read_tags(song).track_number == 4


def test_info_after_the_audio_and_windows_1252_text(tmp_path):
    song = with_info(write_wav(tmp_path / "x.wav"), {b"INAM": "Señora".encode("cp1252"), b"IART": b"Q"},
                     before_data=False)
    assert read_riff_info(song) == {"INAM": "Señora", "IART": "Q"}
    assert read_tags(song).title == "Señora"


def test_id3_tags_win_and_info_fills_what_they_lack(tmp_path):
    song = tag(write_wav(tmp_path / "y.wav"), "From ID3", artist="", album="")
    with_info(song, {b"INAM": b"From INFO", b"IART": b"Info Artist"})
    track = read_tags(song)
    assert (track.title, track.artist) == ("From ID3", "Info Artist")


def test_no_info_or_a_damaged_chunk_gives_what_there_is(tmp_path):
    plain = write_wav(tmp_path / "plain.wav")
    assert read_riff_info(plain) == {} and read_tags(plain).title == ""
    broken = tmp_path / "broken.wav"
    data = plain.read_bytes()
    broken.write_bytes(data + b"LIST" + struct.pack("<I", 0xFFFFFFF0) + b"INFO")  # a size past the end
    assert read_riff_info(broken) == {}
    assert read_riff_info(tmp_path / "missing.wav") == {}
