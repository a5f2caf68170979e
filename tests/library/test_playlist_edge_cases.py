"""Playlists, the odd cases: names a line of text cannot carry, tags that are not clean text, failed
writes (test_playlists.py has the basics)."""

import os
import stat
from xml.etree import ElementTree

import pytest
from mp_testkit.media import write_audio

from moodplayer.library.playlists import PlaylistError, read_playlist, write_playlist
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
