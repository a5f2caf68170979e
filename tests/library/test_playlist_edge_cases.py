"""Playlists, the odd cases: names a line of text cannot carry, tags that are not clean text, failed
writes; encodings and shapes met in the wild, web addresses, bad files, big files, worker threads;
a playlist copied into a mood; the last hour of a mood (test_playlists.py has the basics)."""

import os
import socket
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import pytest
from mp_testkit.media import tag, write_audio

from moodplayer.library import playlists
from moodplayer.library.playlists import (
    PlaylistError,
    import_playlist_into_mood,
    read_playlist,
    recent_plays,
    write_playlist,
)
from moodplayer.library.tags import read_tags
from moodplayer.library.track import Track

ODD_NAMES = ["#1 hit.wav", "100% sure #2.wav", "ünïcödé €uro.wav", " leading space.wav",
             "two\nlines.wav", os.fsdecode(b"caf\xe9 50%.wav")]


@pytest.fixture
def odd(tmp_path):
    root = tmp_path / "music"
    return root, [write_audio(root / "happy" / name) for name in ODD_NAMES]


# -- writing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".m3u8", ".xspf"])
@pytest.mark.parametrize("inside", [True, False], ids=["under-the-root", "elsewhere"])
def test_odd_names_survive_a_round_trip(tmp_path, odd, suffix, inside):
    root, made = odd
    folder = root / "happy" if inside else tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    playlist = write_playlist(folder / f"list{suffix}", made, music_root=root)
    result = read_playlist(playlist)
    assert result.resolved == made and not result.missing


def test_m3u8_lines_for_odd_names(odd):
    root, made = odd
    lines = write_playlist(root / "happy" / "list.m3u8", made, music_root=root).read_text("utf-8").splitlines()
    assert "./#1 hit.wav" in lines, "a name starting with '#' is not read as a comment"
    assert "100% sure #2.wav" in lines and "ünïcödé €uro.wav" in lines, "'%', '#' and non-ASCII as they are"
    uris = [line for line in lines if line.startswith("file://")]
    assert len(uris) == 3, "leading space, line break, undecodable bytes: file URIs"
    assert any(line.endswith("/two%0Alines.wav") for line in uris)
    assert any(line.endswith("/caf%E9%2050%25.wav") for line in uris)


def test_a_folder_named_like_a_uri_scheme_is_written_as_a_path(tmp_path):
    root = tmp_path / "music"
    song = write_audio(root / "file:" / "x.wav")
    playlist = write_playlist(root / "a.m3u8", [song], music_root=root)
    assert "./file:/x.wav" in playlist.read_text().splitlines()
    assert read_playlist(playlist).resolved == [song]


def test_a_song_outside_the_root_is_written_absolute(tmp_path):
    root = tmp_path / "music"
    inside, outside = write_audio(root / "sad" / "in.wav"), write_audio(tmp_path / "downloads" / "out.wav")
    lines = write_playlist(root / "mix.m3u8", [inside, outside], music_root=root).read_text().splitlines()
    assert "sad/in.wav" in lines and str(outside) in lines


def test_tags_that_are_not_clean_text_still_make_valid_files(tmp_path):
    song = write_audio(tmp_path / "a.wav")
    track = Track(path=song, title="line\nbreak\x01 <&>", artist=os.fsdecode(b"caf\xe9"), duration_s=61.4)
    m3u8 = write_playlist(tmp_path / "a.m3u8", [track])
    assert m3u8.read_text("utf-8").splitlines()[1] == "#EXTINF:61,caf\\xe9 - line break  <&>"
    xspf = write_playlist(tmp_path / "a.xspf", [track])
    parsed = ElementTree.parse(xspf).getroot()
    assert parsed.tag == "{http://xspf.org/ns/0/}playlist"
    ns = {"x": "http://xspf.org/ns/0/"}
    assert parsed.findtext("x:trackList/x:track/x:duration", namespaces=ns) == "61400"
    assert parsed.findtext("x:trackList/x:track/x:title", namespaces=ns) == "line\nbreak <&>"
    assert read_playlist(xspf).resolved == read_playlist(m3u8).resolved == [song]


def test_a_failed_write_is_a_playlist_error_and_leaves_nothing(tmp_path):
    song = write_audio(tmp_path / "a.wav")
    with pytest.raises(PlaylistError, match="cannot write gone.m3u8"):
        write_playlist(tmp_path / "missing folder" / "gone.m3u8", [song])
    with pytest.raises(PlaylistError, match="save as .m3u8 or .xspf"):
        write_playlist(tmp_path / "x.pls", [song])
    with pytest.raises(PlaylistError, match="cannot write"):
        write_playlist(tmp_path / "a.wav" / "x.m3u8", [song])  # a file where the folder should be
    assert [p.name for p in tmp_path.iterdir()] == ["a.wav"]


def test_a_read_only_folder_is_a_playlist_error(tmp_path):
    song = write_audio(tmp_path / "a.wav")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(PlaylistError, match="cannot write x.xspf: Permission denied"):
            write_playlist(locked / "x.xspf", [song])
        assert not list(locked.iterdir())
    finally:
        locked.chmod(0o700)


def test_a_new_playlist_gets_the_usual_file_mode(tmp_path):
    song = write_audio(tmp_path / "a.wav")
    umask = os.umask(0o022)
    os.umask(umask)
    written = write_playlist(tmp_path / "a.m3u8", [song])
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask, "not the temporary file's private 0600"
    written.chmod(0o640)
    write_playlist(written, [song], overwrite=True)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640, "a replaced playlist keeps its mode"


def test_a_link_in_the_way_is_not_replaced_unasked(tmp_path):
    song = write_audio(tmp_path / "a.wav")
    dangling = tmp_path / "list.m3u8"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(PlaylistError, match="already exists"):
        write_playlist(dangling, [song])
    assert dangling.is_symlink()


# -- reading ---------------------------------------------------------------------------------------
@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a playlist read tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "music"
    made = {
        "sunny": tag(write_audio(root / "happy" / "Sunny Side.wav"), "Sunny Side", artist="Beyoncé"),
        "stop": tag(write_audio(root / "happy" / "dont stop.wav"), "Don’t Stop Me Now", artist="Queen"),
        "duet": tag(write_audio(root / "sad" / "duet.wav"), "Under Pressure", artist="Queen & David Bowie"),
        "latin": write_audio(root / "neutral" / "café.wav"),
        "bytes": write_audio(root / "neutral" / os.fsdecode(b"na\xefve.wav")),  # a Latin-1 name on disk
    }
    return root, made, [read_tags(p) for p in made.values() if p.suffix == ".wav"]


def test_an_8_bit_m3u_from_windows(tmp_path, library):
    root, made, _ = library
    playlist = root / "old.m3u"
    playlist.write_bytes(b"#EXTM3U\r\n"
                         b"#EXTINF:200,Someone - Caf\xe9\r\n"
                         b"neutral\\caf\xe9.wav\r\n"  # Latin-1 text and a backslash; the file's name is UTF-8
                         b"neutral/na\xefve.wav\r\n"  # the same bytes as the name on disk
                         b"\r\n# a comment\r\n"
                         b"C:\\Users\\me\\Music\\gone.mp3\r\n")
    result = read_playlist(playlist)
    assert result.resolved == [made["latin"], made["bytes"]]
    assert result.missing == [(7, "C:\\Users\\me\\Music\\gone.mp3")]


def test_line_ends_boms_and_utf_16(tmp_path, library):
    root, made, _ = library
    names = ["happy/Sunny Side.wav", "neutral/café.wav"]
    shapes = {"unix.m3u8": "\n".join(names).encode(), "mac.m3u8": "\r".join(names).encode(),
              "bom.m3u8": b"\xef\xbb\xbf" + "\r\n".join(names).encode(),
              "notepad.m3u": "\ufeff#EXTM3U\r\n" .encode("utf-16-le") + "\r\n".join(names).encode("utf-16-le")}
    for name, data in shapes.items():
        (root / name).write_bytes(data)
        assert read_playlist(root / name).resolved == [made["sunny"], made["latin"]], name


def test_extinf_names_a_song_the_path_no_longer_finds(tmp_path, library):
    _, made, tracks = library
    playlist = tmp_path / "moved.m3u8"
    playlist.write_text('#EXTM3U\n#EXTINF:-1 tvg-id="x" group-title="a, b",BEYONCE - Sunny side\n'
                        "C:\\Music\\Sunny Side.mp3\n#EXTINF:12,Nobody - Nothing\n/old/disk/nothing.mp3\n")
    result = read_playlist(playlist, tracks)
    assert result.resolved == [made["sunny"]] and result.missing == [(5, "/old/disk/nothing.mp3")]
    assert read_playlist(playlist).resolved == [], "without the library, only paths"


def test_a_backslash_in_a_linux_name_is_taken_as_written(tmp_path):
    song = write_audio(tmp_path / "AC\\DC.wav")
    (tmp_path / "a.m3u").write_text("AC\\DC.wav\n")
    assert read_playlist(tmp_path / "a.m3u").resolved == [song]


def test_web_addresses_are_skipped_with_a_word(tmp_path, library, no_network):
    root, made, _ = library
    playlist = root / "radio.m3u"
    playlist.write_text("http://radio.example/stream\nhttps://example.org/a.mp3\nrtsp://cam.example/x\n"
                        "happy/Sunny Side.wav\n")
    result = read_playlist(playlist)
    assert result.resolved == [made["sunny"]]
    assert result.urls == ["http://radio.example/stream", "https://example.org/a.mp3", "rtsp://cam.example/x"]
    assert result.summary() == "Added 1 song; 3 web addresses skipped (nothing is fetched)."


def test_pls_by_its_own_line_numbers(tmp_path, library):
    root, made, tracks = library
    playlist = root / "list.pls"
    playlist.write_text("; made by hand\n[Playlist]\nfile10=neutral/café.wav\nFile2=happy/Sunny Side.wav\n"
                        "File2=ignored.wav\nTitle2=x\nstray line\nFile3=gone 100%.wav\nFile4=/nowhere.wav\n"
                        "Title4=Queen - Under Pressure\nNumberOfEntries=4\nVersion=2\n")
    result = read_playlist(playlist, tracks)
    assert result.resolved == [made["sunny"], made["duet"], made["latin"]], "by number, a title as fallback"
    assert result.missing == [(8, "gone 100%.wav")]


def test_xspf_shapes(tmp_path, library, no_network):
    root, made, tracks = library
    playlist = root / "mix.xspf"
    playlist.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        b'<!DOCTYPE playlist SYSTEM "http://example.invalid/xspf.dtd">\n'
        b'<playlist version="1" xmlns="http://xspf.org/ns/0/"><trackList>\n'
        b"<track><location>neutral/caf\xe9.wav</location></track>\n"
        b"<track><location>happy/Sunny%20Side.wav</location></track>\n"
        b"<track><location>https://shop.example/t/1</location><creator>Queen</creator>"
        b"<title>Dont stop me now</title></track>\n"
        b"<track><location>https://shop.example/t/2</location><title>Unknown</title></track>\n"
        b"<track><location>file:///nowhere.wav</location></track>\n"
        b"</trackList></playlist>\n")
    result = read_playlist(playlist, tracks)
    assert result.resolved == [made["latin"], made["sunny"], made["stop"]]
    assert result.urls == ["https://shop.example/t/2"] and result.missing == [(5, "file:///nowhere.wav")]
    assert "1 entry not found (track 5: file:///nowhere.wav)" in result.summary()
    plain = tmp_path / "plain.xspf"
    plain.write_text(f"<playlist><trackList><track><location>{made['sunny'].as_uri()}</location></track>"
                     "</trackList></playlist>")
    assert read_playlist(plain).resolved == [made["sunny"]], "without the namespace"


def test_xspf_that_is_not_a_playlist_or_reaches_for_a_file(tmp_path):
    html = tmp_path / "page.xspf"
    html.write_text("<html><body>hello</body></html>")
    with pytest.raises(PlaylistError, match=r"page.xspf: not an XSPF playlist \(it is <html>\)"):
        read_playlist(html)
    entity = tmp_path / "entity.xspf"
    entity.write_text('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                      "<playlist><trackList><track><location>&x;</location></track></trackList></playlist>")
    with pytest.raises(PlaylistError, match="not an XSPF playlist"):
        read_playlist(entity)


def test_csv_shapes(tmp_path, library):
    _, made, tracks = library
    exportify = tmp_path / "spotify.csv"
    exportify.write_text('"Track URI","Track Name","Artist Name(s)","Album Name"\n'
                         '"spotify:track:1","Under Pressure","David Bowie, Queen","Hot Space"\n'
                         '"spotify:track:2","don\'t stop me now!","queen",""\n'
                         '"spotify:track:3","Sunny Side","Someone Else",""\n')
    result = read_playlist(exportify, tracks)
    assert result.resolved == [made["duet"], made["stop"]], "one of several artists, apostrophes, '!'"
    assert result.missing == [(4, "Someone Else - Sunny Side")]
    semicolons = tmp_path / "excel.csv"
    semicolons.write_text(f"sep=;\nComment;File\nfirst;{made['latin']}\n\"two\nlines\";{made['sunny']}\n")
    assert read_playlist(semicolons).resolved == [made["latin"], made["sunny"]]
    semi, comma = write_audio(tmp_path / "a;b.wav"), write_audio(tmp_path / "c,d;e.wav")
    one_column = tmp_path / "one.csv"
    one_column.write_text(f"path\n{semi}\n\n\"{comma}\"\n{semi}\n")
    assert read_playlist(one_column).resolved == [semi, comma, semi], "the header decides the delimiter"
    tabs = tmp_path / "tabs.csv"
    tabs.write_text("Title\tPath\nSunny Side\t/moved/away.wav\nNothing\t\n")
    result = read_playlist(tabs, tracks)
    assert result.resolved == [made["sunny"]] and result.missing == [(3, "Nothing")], "by title when unique"


def test_a_csv_without_a_usable_column_says_which_it_has(tmp_path):
    useless = tmp_path / "c.csv"
    useless.write_text("colour;size\nred;3\n")
    with pytest.raises(PlaylistError) as caught:
        read_playlist(useless)
    assert str(caught.value) == ("c.csv: a CSV playlist needs a 'path' (or 'file') column, or 'artist' and "
                                 "'title' columns (this one has: colour;size)")


@pytest.mark.parametrize("name, content, message", [
    ("bom-only.m3u8", b"\xef\xbb\xbf\r\n", "the playlist is empty"),
    ("comments.m3u", b"#EXTM3U\n# nothing else\n", "the playlist lists no songs"),
    ("header.csv", b"path,title\n", "the playlist lists no songs"),
    ("tracks.xspf", b"<playlist><trackList/></playlist>", "the playlist lists no songs"),
    ("controls.m3u", bytes(range(1, 32)) * 10, "not a text file"),
    ("half.m3u", b"\xff\xfea\x00b", "not a text file"),
])
def test_more_bad_playlists(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlaylistError, match=f"^{name}: {message}"):
        read_playlist(path)


def test_a_folder_or_a_huge_file_is_not_read(tmp_path, monkeypatch):
    (tmp_path / "folder.m3u").mkdir()
    with pytest.raises(PlaylistError, match="folder.m3u: cannot read"):
        read_playlist(tmp_path / "folder.m3u")
    monkeypatch.setattr(playlists, "MAX_BYTES", 100)
    (tmp_path / "big.m3u").write_text("x.wav\n" * 20)
    with pytest.raises(PlaylistError, match=r"big.m3u: too large for a playlist \(120 bytes\)"):
        read_playlist(tmp_path / "big.m3u")


def test_the_summary_stays_one_short_line(tmp_path):
    playlist = tmp_path / "long.m3u"
    playlist.write_text("".join(f"{'x' * 200}-{n}.wav\n" for n in range(5)))
    summary = read_playlist(playlist).summary()
    assert "\n" not in summary and len(summary) < 300
    assert summary.startswith("Added 0 songs; 5 entries not found (line 1: xxx") and "… and 2 more)" in summary


# -- big playlists, worker threads -----------------------------------------------------------------
def test_ten_thousand_distinct_lines(tmp_path):
    # How fast: benchmarks/bench_queue_import.py (100,000 entries; README), not a timed test.
    songs = [write_audio(tmp_path / "music" / f"{n}.wav", seconds=0.01) for n in range(50)]
    lines = [f"music/{n % 50}.wav" if n % 2 else f"music/gone/{n}.wav" for n in range(10_000)]
    playlist = tmp_path / "big.m3u"
    playlist.write_text("#EXTM3U\n" + "".join(f"#EXTINF:1,A - {n}\n{line}\n" for n, line in enumerate(lines)))
    result = read_playlist(playlist)
    assert len(result.resolved) == 5000 and len(result.missing) == 5000 and result.resolved[0] == songs[1]


def test_ten_thousand_csv_rows_against_a_ten_thousand_song_library(tmp_path):
    tracks = [Track(path=tmp_path / f"{n}.mp3", title=f"Song number {n}", artist=f"Band {n % 97}")
              for n in range(10_000)]  # matching by name needs no file: no stat at all
    playlist = tmp_path / "big.csv"
    playlist.write_text("artist,title\n" + "".join(f"BAND {n % 97},song NUMBER {n}!\n" for n in range(10_000)))
    result = read_playlist(playlist, tracks)
    assert result.resolved == [t.path for t in tracks] and not result.missing


def test_reading_from_several_threads_at_once(tmp_path, library):
    root, made, tracks = library
    (root / "a.m3u").write_bytes(b"neutral/caf\xe9.wav\nhappy/Sunny Side.wav\n")
    (root / "b.csv").write_text("artist,title\nqueen,under pressure\n")
    expected = {"a.m3u": [made["latin"], made["sunny"]], "b.csv": [made["duet"]]}
    jobs = [name for name in expected for _ in range(20)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda name: read_playlist(root / name, tracks).resolved, jobs))
    assert results == [expected[name] for name in jobs]


# -- into a mood, the last hour ---------------------------------------------------------------------
def test_a_playlist_copied_into_a_mood_never_overwrites(tmp_path, library, no_network):
    root, made, tracks = library
    mine = made["sunny"].read_bytes()
    outside = tmp_path / "party"
    clash = write_audio(outside / "Sunny Side.wav", freq=880)  # the same name as a song in happy
    odd = write_audio(outside / os.fsdecode(b"f\xeate #1.wav"))
    (outside / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    playlist = outside / "party.m3u"
    playlist.write_bytes(b"#EXTM3U\nSunny Side.wav\n" + os.fsencode(odd.name) + b"\n"
                         + os.fsencode(odd.name) + b"\n"  # listed twice: copied once
                         + os.fsencode(made["sunny"]) + b"\n"  # in happy already: left alone
                         + b"cover.jpg\nmissing.wav\nhttps://example.org/stream\n")
    result = import_playlist_into_mood(root, "happy", playlist, tracks)
    happy = root / "happy"
    assert result.report.copied == [happy / "Sunny Side (2).wav", happy / odd.name]
    assert result.report.renamed == [(clash, happy / "Sunny Side (2).wav")]
    assert result.report.skipped == [(outside / "cover.jpg", "not an audio file")]
    assert result.already_there == [made["sunny"]]
    assert made["sunny"].read_bytes() == mine, "the song already there is untouched"
    assert (happy / "Sunny Side (2).wav").read_bytes() == clash.read_bytes()
    assert result.found.missing == [(7, "missing.wav")] and result.found.urls == ["https://example.org/stream"]
    assert result.summary("happy") == (
        "Copied 2 songs to Happy; 'Sunny Side.wav' was already there and was saved as 'Sunny Side (2).wav'; "
        "skipped 1: cover.jpg (not an audio file); 1 song already in Happy; 1 entry not found (line 7: missing.wav); "
        "1 web address skipped (nothing is fetched).")
    assert sorted(p.name for p in outside.iterdir()) == sorted(["Sunny Side.wav", odd.name, "cover.jpg",
                                                               "party.m3u"]), "the sources stay"


def test_a_csv_by_artist_and_title_into_a_mood(tmp_path, library):
    root, made, tracks = library
    playlist = tmp_path / "calm.csv"
    playlist.write_text("Artist,Title\nQueen,Don't stop me now\nDavid Bowie,Under Pressure\n")
    result = import_playlist_into_mood(root, "neutral", playlist, tracks)
    assert [p.name for p in result.report.copied] == ["dont stop.wav", "duet.wav"]
    assert all(p.parent == root / "neutral" for p in result.report.copied)
    assert made["stop"].exists() and made["duet"].exists(), "copied, not moved"


def test_into_a_mood_refuses_an_unknown_mood_or_an_absent_music_folder(tmp_path, library):
    root, made, tracks = library
    playlist = tmp_path / "a.m3u8"
    playlist.write_text(f"{made['sunny']}\n")
    with pytest.raises(PlaylistError, match="no mood called 'cheerful'"):
        import_playlist_into_mood(root, "cheerful", playlist, tracks)
    unplugged = tmp_path / "usb" / "music"
    with pytest.raises(PlaylistError, match="the music folder music is not there"):
        import_playlist_into_mood(unplugged, "happy", playlist, tracks)
    assert not (tmp_path / "usb").exists(), "no folder made for an unplugged drive"
    with pytest.raises(PlaylistError, match="gone.m3u8: cannot read"):
        import_playlist_into_mood(root, "happy", tmp_path / "gone.m3u8", tracks)


def test_the_last_hour_of_a_mood_in_order_once_each():
    a, b, c, d = (Path(f"/music/{name}.mp3") for name in "abcd")
    now = 100_000.0
    history = [(now - 3601, a, "sad"), (now - 3600, b, "sad"), (now - 1800, c, "happy"), (now - 900, d, "sad"),
               (now - 600, b, "sad"), (now - 60, a, "sad"), (now - 30, c, None)]
    assert recent_plays(history, "sad", now=now) == [b, d, a]
    assert recent_plays(history, "happy", now=now) == [c]
    assert recent_plays(history, "fear", now=now) == []
    assert recent_plays(history, "sad", seconds=120, now=now) == [a]
