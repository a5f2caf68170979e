"""Playlists in and out: M3U8 / XSPF round trips, real-world shapes, and every bad input."""

import os

import pytest

from moodplayer.library.playlists import PlaylistError, read_playlist, recent_plays, write_playlist, xspf_text
from moodplayer.library.tags import read_tags
from moodplayer.library.track import Track
from mp_testkit.media import tag, write_audio

ODD = os.fsdecode(b"caf\xe9 #1 100%.wav")  # not UTF-8, with '#', '%' and spaces


@pytest.fixture
def songs(tmp_path):
    root = tmp_path / "music"
    made = [tag(write_audio(root / "happy" / "Sunny Side.wav"), "Sunny Side", artist="Beyoncé"),
            write_audio(root / "sad" / "Album" / ODD),
            write_audio(root / "neutral" / "ünïcode name.wav")]
    return root, made


@pytest.mark.parametrize("suffix", [".m3u8", ".xspf"])
def test_round_trip_inside_and_outside_the_music_root(tmp_path, songs, suffix):
    root, made = songs
    tracks = [read_tags(p) for p in made]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    inside = write_playlist(root / f"mine{suffix}", tracks, music_root=root)
    outside = write_playlist(elsewhere / f"mine{suffix}", tracks, music_root=root)
    for playlist in (inside, outside):
        result = read_playlist(playlist, tracks)
        assert result.resolved == made and not result.missing
    if suffix == ".m3u8":
        lines = inside.read_text(encoding="utf-8").splitlines()
        assert "happy/Sunny Side.wav" in lines, "relative under the music root"
        assert "#EXTINF:1,Beyoncé - Sunny Side" in lines
        assert any(line.startswith("file://") and line.endswith("%E9%20%231%20100%25.wav") for line in lines)
        assert str(made[0]) in outside.read_text(encoding="utf-8").splitlines(), "absolute elsewhere"


def test_xspf_names_the_track_number_where_the_format_puts_it(tmp_path):
    text = xspf_text([Track(tmp_path / "a.flac", title="A", album="Live", track_number=4, duration_s=2.0),
                      Track(tmp_path / "b.flac", title="B")])
    assert "<album>Live</album>\n      <trackNum>4</trackNum>\n      <duration>2000</duration>" in text
    assert text.count("<trackNum>") == 1


def test_an_existing_playlist_is_not_overwritten_unless_asked(tmp_path, songs):
    root, made = songs
    target = tmp_path / "list.m3u8"
    target.write_text("mine\n")
    with pytest.raises(PlaylistError, match="already exists"):
        write_playlist(target, made)
    assert target.read_text() == "mine\n"
    write_playlist(target, made, overwrite=True)
    assert target.read_text().startswith("#EXTM3U")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.m3u8", "music"], "no temporary file left"


def test_real_world_m3u_shapes(tmp_path, songs):
    root, made = songs
    latin1 = tmp_path / "old.m3u"
    latin1.write_bytes(b"#EXTM3U\r\n#EXTINF:123,Someone - Something\r\n"
                       + os.fsencode(os.path.relpath(made[1], tmp_path)) + b"\r\n\r\n# a comment\r\n"
                       + b"http://radio.example/stream\r\nmusic/happy/missing.wav\r\n")
    result = read_playlist(latin1)
    assert result.resolved == [made[1]] and result.urls == ["http://radio.example/stream"]
    assert result.missing == [(7, "music/happy/missing.wav")]
    summary = result.summary()
    assert "Added 1 song" in summary and "1 entry not found (line 7" in summary and "1 web address skipped" in summary
    bom = tmp_path / "bom.m3u8"
    bom.write_bytes(b"\xef\xbb\xbf" + os.path.relpath(made[2], tmp_path).encode() + b"\n")
    assert read_playlist(bom).resolved == [made[2]]


def test_pls_and_namespaced_xspf(tmp_path, songs):
    root, made = songs
    pls = tmp_path / "list.pls"
    pls.write_text(f"[playlist]\nFile2={made[2]}\nTitle2=x\nFile1=music/happy/Sunny Side.wav\nNumberOfEntries=2\n")
    assert read_playlist(pls).resolved == [made[0], made[2]]
    xspf = tmp_path / "list.xspf"
    xspf.write_text('<?xml version="1.0"?><playlist version="1" xmlns="http://xspf.org/ns/0/"><trackList>'
                    '<track><location>file:///nowhere.wav</location><title>Sunny Side</title>'
                    '<creator>beyonce</creator></track></trackList></playlist>')
    assert read_playlist(xspf, [read_tags(made[0])]).resolved == [made[0]], "found by artist and title"


def test_csv_by_path_or_by_artist_and_title(tmp_path, songs):
    root, made = songs
    library = [read_tags(p) for p in made]
    by_path = tmp_path / "a.csv"
    by_path.write_text(f"Path,Comment\n{made[2]},nice\n")
    assert read_playlist(by_path).resolved == [made[2]]
    by_name = tmp_path / "b.csv"
    by_name.write_text("artist;title\nBEYONCE;sunny side!\nNobody;Nothing\n")
    result = read_playlist(by_name, library)
    assert result.resolved == [made[0]] and result.missing == [(3, "Nobody - Nothing")]
    useless = tmp_path / "c.csv"
    useless.write_text("colour,size\nred,3\n")
    with pytest.raises(PlaylistError, match="needs a 'path'"):
        read_playlist(useless)


@pytest.mark.parametrize("name, content, message", [
    ("empty.m3u", b"", "empty"), ("binary.m3u8", b"\x00\x01\x02" * 100, "not a text file"),
    ("notes.txt", b"x", "not a playlist"), ("broken.xspf", b"<playlist><track>", "not an XSPF"),
    ("broken.pls", b"File1=x\n", "not a PLS")])
def test_bad_playlists_are_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlaylistError, match=message):
        read_playlist(path)
    with pytest.raises(PlaylistError, match="cannot read"):
        read_playlist(tmp_path / "gone.m3u")


def test_a_ten_thousand_line_playlist(tmp_path, songs):
    root, made = songs
    big = tmp_path / "big.m3u8"
    big.write_text("\n".join([str(made[0]), str(root / "missing.wav")] * 5000) + "\n")
    result = read_playlist(big)
    assert len(result.resolved) == 5000 and len(result.missing) == 5000
    assert "5000 entries not found" in result.summary()


def test_the_last_hour_of_a_mood():
    history = [(0.0, "old", "sad"), (3000.0, "a", "sad"), (3100.0, "b", "happy"), (3200.0, "c", "sad"),
               (3300.0, "a", "sad")]
    assert recent_plays(history, "sad", now=3700.0) == ["a", "c"]


LONG_NAME = "a" * 300 + ".wav"  # a name over 255 bytes: "File name too long" from the file system
LONG_PATH = ("b" * 200 + "/") * 30 + "c.wav"  # a path over 4096 bytes, each name short enough


@pytest.mark.parametrize("suffix", [".m3u8", ".pls", ".xspf", ".csv"])
def test_entries_too_long_for_a_file_name_are_reported_by_number_and_skipped(tmp_path, songs, suffix):
    root, made = songs
    entries = [LONG_NAME, str(made[0]), LONG_PATH, str(made[2])]
    playlist = tmp_path / f"long{suffix}"
    if suffix == ".m3u8":
        playlist.write_text("#EXTM3U\n" + "\n".join(entries) + "\n")
    elif suffix == ".pls":
        playlist.write_text("[playlist]\n" + "".join(f"File{n}={e}\n" for n, e in enumerate(entries, 1)))
    elif suffix == ".xspf":
        playlist.write_text('<playlist version="1" xmlns="http://xspf.org/ns/0/"><trackList>'
                            + "".join(f"<track><location>{e}</location></track>" for e in entries)
                            + "</trackList></playlist>")
    else:
        playlist.write_text("path\n" + "\n".join(entries) + "\n")
    result = read_playlist(playlist)
    assert result.resolved == [made[0], made[2]]
    numbers = {".m3u8": [2, 4], ".pls": [2, 4], ".xspf": [1, 3], ".csv": [2, 4]}[suffix]
    assert [(number, text, why) for number, text, why in result.skipped] == [
        (numbers[0], LONG_NAME, "file name too long"), (numbers[1], LONG_PATH, "file name too long")]
    summary = result.summary()
    assert summary.startswith("Added 2 songs; 2 entries skipped (") and f"{result.unit} {numbers[0]}: aaaa" in summary
    assert "file name too long" in summary and len(summary) < 400, "long entries are cut in the message"


def test_a_csv_field_over_the_csv_limit_is_a_skipped_row_not_a_failed_import(tmp_path, songs):
    root, made = songs
    playlist = tmp_path / "huge field.csv"
    playlist.write_text(f'path,comment\n{made[0]},"{"x" * 140_000}"\n{made[2]},fine\n')
    result = read_playlist(playlist)
    assert result.resolved == [made[2]]
    assert [(number, why) for number, _, why in result.skipped] == [(2, "a field over 128 KiB")]
    assert "line 2" in result.summary()
