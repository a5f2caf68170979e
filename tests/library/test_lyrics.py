"""Lyrics from this computer: LRC files beside the song and the lyrics in its tags (library/lyrics.py)."""

import os

import mutagen
import pytest
from mutagen.id3 import ID3, USLT

from moodplayer.library.lyrics import MAX_LRC_BYTES, LyricLine, parse_lyrics, read_lyrics
from mp_testkit.media import write_audio, write_wav

LRC = """[ar:Test Band]
[ti:Test Song]
[offset:+500]
[00:12.00]First line
[00:17.20]Second <00:18.00>line
[00:21.10][01:05.50]Chorus
"""


def test_lrc_time_tags_make_synced_lines_in_time_order():
    lyrics = parse_lyrics(LRC, "song.lrc")
    assert lyrics.synced
    # [offset:+500] shows each line half a second sooner; a line with two times is sung twice.
    assert lyrics.lines == [LyricLine(11.5, "First line"), LyricLine(16.7, "Second line"),
                            LyricLine(20.6, "Chorus"), LyricLine(65.0, "Chorus")]
    assert lyrics.line_at(5.0) is None and lyrics.line_at(11.5) == 0 and lyrics.line_at(30.0) == 2
    assert lyrics.line_at(1000.0) == 3


def test_plain_text_is_its_lines_without_the_blank_ends():
    lyrics = parse_lyrics("\n\nVerse one\n\nVerse two\n\n")
    assert not lyrics.synced and lyrics.line_at(10.0) is None
    assert [line.text for line in lyrics.lines] == ["Verse one", "", "Verse two"]


def test_an_lrc_file_beside_the_song_comes_first(tmp_path):
    song = write_audio(tmp_path / "Song.mp3", seconds=0.5)
    tags = ID3()
    tags.add(USLT(encoding=3, lang="eng", desc="", text="From the tags"))
    tags.save(song)
    assert [line.text for line in read_lyrics(song).lines] == ["From the tags"]
    assert read_lyrics(song).source == "the song's tags"
    (tmp_path / "Song.lrc").write_text(LRC, encoding="utf-8-sig")  # a BOM, as Windows editors write
    lyrics = read_lyrics(song)
    assert lyrics.synced and lyrics.source == "Song.lrc" and lyrics.lines[0].text == "First line"


@pytest.mark.parametrize("suffix, key", [(".flac", "LYRICS"), (".ogg", "UNSYNCEDLYRICS"), (".m4a", "\xa9lyr")])
def test_lyrics_in_each_format_s_tags(tmp_path, suffix, key):
    song = write_audio(tmp_path / f"song{suffix}", seconds=0.5)
    audio = mutagen.File(song)
    if audio.tags is None:
        audio.add_tags()
    audio.tags[key] = ["[00:01.00]Hello\n[00:02.00]World"]  # LRC text kept in a tag is synced too
    audio.save()
    lyrics = read_lyrics(song)
    assert lyrics.synced and [line.text for line in lyrics.lines] == ["Hello", "World"]


def test_no_lyrics_and_files_that_are_not_lyrics(tmp_path):
    song = write_wav(tmp_path / "song.wav", 0.2)
    assert read_lyrics(song) is None
    os.mkfifo(tmp_path / "song.lrc")  # a pipe named like lyrics is never read (it would block)
    assert read_lyrics(song) is None
    (tmp_path / "song.lrc").unlink()
    (tmp_path / "song.lrc").write_bytes(b"[00:01.00]" + b"x" * MAX_LRC_BYTES)  # too large: skipped unread
    assert read_lyrics(song) is None
    (tmp_path / "song.lrc").write_bytes("[00:01.00]Caf\xe9 \x93quoted\x94".encode("latin-1"))  # Windows-1252
    assert read_lyrics(song).lines == [LyricLine(1.0, "Café “quoted”")]
    assert read_lyrics(tmp_path / "gone.mp3") is None


def test_a_pipe_put_in_place_of_the_lrc_after_it_was_found_is_not_waited_on(tmp_path, monkeypatch):
    from moodplayer.library import lyrics as lyrics_module

    song = write_wav(tmp_path / "song.wav", 0.2)
    pipe = tmp_path / "song.lrc"
    os.mkfifo(pipe)
    monkeypatch.setattr(lyrics_module, "_sidecar", lambda path: pipe)  # it was a file when looked at
    assert read_lyrics(song) is None
