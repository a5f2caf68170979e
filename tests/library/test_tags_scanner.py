import pytest

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.scanner import ensure_mood_folders, iter_tracks, mood_folder, scan_library
from moodplayer.library.tags import TagReadError, parse_number, read_cover, read_more_tags, read_tags
from moodplayer.library.track import format_duration
from mp_testkit.media import set_numbers, tag, write_audio, write_corrupt, write_empty


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".ogg", ".flac"])
def test_read_tags_of_each_format(tmp_path, suffix, needs_ffmpeg):
    path = tag(write_audio(tmp_path / f"song{suffix}"), "Title", artist="Artist", album="Album")
    track = read_tags(path, mood="sad")
    assert (track.title, track.artist, track.album, track.mood) == ("Title", "Artist", "Album", "sad")
    assert track.duration_s == pytest.approx(1.0, abs=0.15)
    assert track.playable


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".ogg", ".flac", ".m4a"])
def test_track_and_disc_numbers_are_read_as_taggers_write_them(tmp_path, suffix, needs_ffmpeg):
    song = set_numbers(write_audio(tmp_path / f"song{suffix}"), "03/12", "2/3")
    track = read_tags(song)
    assert (track.track_number, track.disc_number) == (3, 2)
    bare = read_tags(write_audio(tmp_path / f"bare{suffix}"))
    assert (bare.track_number, bare.disc_number) == (None, None)


@pytest.mark.parametrize("suffix", [".mp3", ".flac", ".m4a", ".wav"])
def test_album_artist_year_genre_and_composer_for_song_info(tmp_path, suffix, needs_ffmpeg):
    import mutagen

    song = write_audio(tmp_path / f"song{suffix}")
    assert read_more_tags(song) == []
    audio = mutagen.File(song)
    if suffix in (".mp3", ".wav"):
        from mutagen.id3 import TCOM, TCON, TDRC, TPE2

        if audio.tags is None:
            audio.add_tags()
        audio.tags.add(TPE2(encoding=3, text="Various Artists"))
        audio.tags.add(TDRC(encoding=3, text="1999-04-01"))
        audio.tags.add(TCON(encoding=3, text="(17)"))  # ID3v1's number for Rock, as old taggers wrote it
        audio.tags.add(TCOM(encoding=3, text="Ann Writer"))
    elif suffix == ".m4a":
        audio["aART"], audio["\xa9day"], audio["\xa9gen"], audio["\xa9wrt"] = \
            "Various Artists", "1999-04-01", "Rock", "Ann Writer"
    else:
        audio["ALBUMARTIST"], audio["DATE"], audio["GENRE"], audio["COMPOSER"] = \
            "Various Artists", "1999-04-01", "Rock", "Ann Writer"
    audio.save()
    assert read_more_tags(song) == [("Album artist", "Various Artists"), ("Year", "1999-04-01"), ("Genre", "Rock"),
                                    ("Composer", "Ann Writer")]


@pytest.mark.parametrize("text, number", [("7", 7), ("07", 7), ("7/12", 7), (" 12 / 14", 12), ("0/12", None),
                                          ("", None), ("A1", None), ("side 2", None), ("1234567", None)])
def test_what_a_track_number_tag_can_hold(text, number):
    assert parse_number(text) == number


def test_untagged_file_shows_its_file_name(tmp_path):
    track = read_tags(write_audio(tmp_path / "plain tone.wav"))
    assert track.title == "" and track.display_title == "plain tone.wav"


@pytest.mark.parametrize("suffix", [".mp3", ".flac"])
def test_cover_art_is_read(tmp_path, suffix, needs_ffmpeg):
    with_cover = tag(write_audio(tmp_path / f"c{suffix}"), "C", cover=True)
    without = tag(write_audio(tmp_path / f"n{suffix}"), "N")
    assert read_cover(with_cover).startswith(b"\x89PNG")
    assert read_tags(with_cover).has_cover
    assert read_cover(without) is None


@pytest.mark.parametrize("maker", [write_corrupt, write_empty])
def test_unreadable_files_raise_tag_read_error(tmp_path, maker):
    path = maker(tmp_path / "bad.mp3")
    with pytest.raises(TagReadError, match="bad.mp3"):
        read_tags(path)
    assert read_cover(path) is None


def test_iter_tracks_covers_every_mood_and_marks_bad_files(tmp_path):
    write_audio(tmp_path / "happy" / "a.wav")
    write_audio(tmp_path / "happy" / "album" / "b.wav")
    write_corrupt(tmp_path / "sad" / "broken.mp3")
    write_empty(tmp_path / "sad" / "empty.ogg")
    (tmp_path / "sad" / "cover.jpg").write_bytes(b"jpeg")
    (tmp_path / "not-a-mood").mkdir()
    write_audio(tmp_path / "not-a-mood" / "ignored.wav")
    tracks = list(iter_tracks(tmp_path))
    assert sorted(t.path.name for t in tracks) == ["a.wav", "b.wav", "broken.mp3", "empty.ogg"]
    bad = {t.path.name: t for t in tracks if not t.playable}
    assert set(bad) == {"broken.mp3", "empty.ogg"} and all(t.mood == "sad" for t in bad.values())


def test_scan_library_of_missing_root_is_empty(tmp_path):
    library = scan_library(tmp_path / "nowhere")
    assert set(library) == set(EMOTIONS) and not any(library.values())


def test_mood_folder_accepts_other_case(tmp_path):
    (tmp_path / "Happy").mkdir()
    assert mood_folder(tmp_path, "happy") == tmp_path / "Happy"
    assert len(ensure_mood_folders(tmp_path)) == 7
    assert not (tmp_path / "happy").exists() or (tmp_path / "happy").samefile(tmp_path / "Happy")


def test_format_duration():
    assert format_duration(None) == "--:--"
    assert format_duration(65.4) == "1:05"
    assert format_duration(3725) == "1:02:05"


def test_a_pipe_put_where_a_song_was_is_never_read(tmp_path):
    # The library found a song here; a FIFO now has its name. Reading tags, the gain, the cover,
    # the lyrics or the stream of it must say so at once, not wait for a writer (the GUI thread asks).
    import os
    import threading

    from moodplayer.library.tags import (find_cover, read_cover, read_embedded_lyrics, read_replay_gain,
                                         read_stream_info)

    pipe = tmp_path / "song.mp3"
    os.mkfifo(pipe)
    answers = {}

    def ask():
        for name, call in (("tags", read_tags), ("stream", read_stream_info)):
            try:
                call(pipe)
            except TagReadError as error:
                answers[name] = str(error)
        answers["gain"] = read_replay_gain(pipe)
        answers["cover"] = (read_cover(pipe), find_cover(pipe))
        answers["lyrics"] = read_embedded_lyrics(pipe)

    asking = threading.Thread(target=ask, daemon=True)  # a regression blocks this thread, not the suite
    asking.start()
    asking.join(60)
    assert not asking.is_alive(), "blocked on the pipe"
    assert answers["tags"] == answers["stream"] == "song.mp3: not a regular file"
    assert answers["gain"] is None and answers["cover"] == (None, None) and answers["lyrics"] == ""
