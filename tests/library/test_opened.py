"""Songs, folders and playlists opened from the command line or a file manager (library/opened.py)."""

import os

from moodplayer.library.opened import resolve_opened
from mp_testkit.media import write_wav


def test_songs_folders_and_playlists_in_the_order_given(tmp_path):
    album = tmp_path / "album"
    (album / "disc 2").mkdir(parents=True)
    second = write_wav(album / "disc 2" / "01.wav", 0.2)
    first = write_wav(album / "01.wav", 0.2)
    (album / "cover.jpg").write_bytes(b"\xff\xd8")
    (album / "notes.txt").write_text("liner notes")
    single = write_wav(tmp_path / "single.wav", 0.2)
    playlist = tmp_path / "mix.m3u8"
    playlist.write_text(f"#EXTM3U\n{single}\nmissing.wav\n")
    opened = resolve_opened([single, album, playlist])
    assert opened.songs == [single, first, second, single], "a song named twice plays twice"
    assert opened.problems == ["mix.m3u8: 1 entry not found (line 3: missing.wav)"]
    assert opened.summary() == "Opened 4 songs; mix.m3u8: 1 entry not found (line 3: missing.wav)."


def test_what_cannot_be_played_is_named_and_never_read(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a song")
    pipe = tmp_path / "pipe.mp3"
    os.mkfifo(pipe)  # reading it would block for ever
    empty = tmp_path / "empty"
    empty.mkdir()
    opened = resolve_opened([tmp_path / "gone.mp3", text, pipe, empty])
    assert opened.songs == []
    assert opened.problems == ["gone.mp3: not found", "notes.txt: not a song, a folder or a playlist",
                               "pipe.mp3: not a regular file (a device or a pipe is never read)",
                               "empty: no songs in this folder"]
    assert opened.summary() == ("Nothing to play; gone.mp3: not found; notes.txt: not a song, a folder or a "
                                "playlist; pipe.mp3: not a regular file (a device or a pipe is never read); "
                                "and 1 more.")


def test_a_link_loop_and_a_second_link_to_a_folder_give_each_song_once(tmp_path):
    album = tmp_path / "album"
    album.mkdir()
    song = write_wav(album / "song.wav", 0.2)
    (album / "self").symlink_to(album)  # a loop
    (tmp_path / "same album").symlink_to(album)
    opened = resolve_opened([album, tmp_path / "same album"])
    assert opened.songs == [song]
    assert opened.problems == ["same album: opened already"]


def test_a_file_that_is_not_a_playlist_of_its_kind_is_named(tmp_path):
    broken = tmp_path / "broken.xspf"
    broken.write_text("<html>not a playlist</html>")
    opened = resolve_opened([broken])
    assert opened.songs == [] and opened.problems == ["broken.xspf: not an XSPF playlist (it is <html>)"]


def test_names_that_are_not_utf8_are_played_as_they_are(tmp_path):
    odd = write_wav(tmp_path / os.fsdecode(b"caf\xe9.wav"), 0.2)
    folder = tmp_path / os.fsdecode(b"\xe9t\xe9")
    folder.mkdir()
    inside = write_wav(folder / "x.wav", 0.2)
    assert resolve_opened([odd, folder]).songs == [odd, inside]
    assert resolve_opened([tmp_path / os.fsdecode(b"gon\xe9.wav")]).problems == ["gon\\xe9.wav: not found"]
