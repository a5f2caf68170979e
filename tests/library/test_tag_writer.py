"""Edit tags…: title, artist, album and languages written into real files of each format, the audio
itself untouched (its decoded samples hash the same), and every refusal leaving the song as it was."""

import hashlib
import os
import shutil
import subprocess

import mutagen
import pytest

from moodplayer.library import tag_writer
from moodplayer.library.tag_writer import TagWriteError, write_tags
from moodplayer.library.tags import read_tags
from mp_testkit.media import set_language, set_numbers, tag, write_audio

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the encoded test songs")


def decoded_samples(path) -> str:
    """A hash of the audio as decoded: equal when only the tags changed."""
    run = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "md5", "-"],
                         capture_output=True, text=True, check=True)
    return run.stdout.strip()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def encoded(path):
    """A 2-s song in the suffix's format (Opus and AIFF besides write_audio's)."""
    if path.suffix not in (".opus", ".aiff"):
        return write_audio(path, seconds=2)
    source = write_audio(path.with_suffix(".src.wav"), seconds=2)
    codec = ["-c:a", "libopus", "-b:a", "32k"] if path.suffix == ".opus" else []
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), *codec, str(path)], check=True)
    source.unlink()
    return path


@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".flac", ".ogg", ".m4a", ".opus", ".aiff"])
def test_the_tags_are_written_and_the_audio_is_untouched(tmp_path, suffix):
    song = encoded(tmp_path / f"song{suffix}")
    write_tags(song, {"title": "Old title", "artist": "Old artist", "album": "Old album", "languages": ["en"]})
    if suffix in (".mp3", ".wav", ".flac", ".ogg", ".m4a"):  # and as other taggers write them
        tag(song, "Old title", "Old artist", "Old album")
        set_language(song, "en")
    audio_before, length = decoded_samples(song), read_tags(song).duration_s
    write_tags(song, {"title": "Neue Straße", "artist": "Ämma & Co", "album": "", "languages": ["fr", "de"]})
    track = read_tags(song)
    assert (track.title, track.artist, track.album, track.languages) == ("Neue Straße", "Ämma & Co", "", ("fr", "de"))
    assert track.duration_s == pytest.approx(length, abs=0.05) and decoded_samples(song) == audio_before
    assert sorted(p.name for p in tmp_path.iterdir()) == [song.name], "no copy left beside it"
    write_tags(song, {"artist": "Only the artist"})  # keys not given stay as they are
    track = read_tags(song)
    assert (track.title, track.artist, track.languages) == ("Neue Straße", "Only the artist", ("fr", "de"))


@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".flac", ".ogg", ".m4a", ".opus", ".aiff"])
def test_track_and_disc_numbers_are_written_keeping_the_albums_totals(tmp_path, suffix):
    song = encoded(tmp_path / f"song{suffix}")
    write_tags(song, {"track_number": 1, "disc_number": 1})
    assert (read_tags(song).track_number, read_tags(song).disc_number) == (1, 1)
    set_numbers(song, "3/12", "1/2")  # as other taggers write them, with the totals
    write_tags(song, {"track_number": 4})
    track = read_tags(song)
    assert (track.track_number, track.disc_number) == (4, 1)
    if suffix in (".mp3", ".wav", ".aiff"):
        assert str(mutagen.File(song).tags["TRCK"]) == "4/12", "the album's total is kept"
    elif suffix == ".m4a":
        assert mutagen.File(song).tags["trkn"] == [(4, 12)], "the album's total is kept"
    else:
        assert mutagen.File(song).tags["tracknumber"] == ["4/12"], "the album's total is kept"
    write_tags(song, {"track_number": 13})  # past the total: the total goes
    assert (read_tags(song).track_number, read_tags(song).disc_number) == (13, 1)
    if suffix in (".mp3", ".wav", ".aiff"):
        assert str(mutagen.File(song).tags["TRCK"]) == "13"
    elif suffix == ".m4a":
        assert mutagen.File(song).tags["trkn"] == [(13, 0)]
    else:
        assert mutagen.File(song).tags["tracknumber"] == ["13"]
    write_tags(song, {"track_number": None, "disc_number": None})  # removed
    assert (read_tags(song).track_number, read_tags(song).disc_number) == (None, None)


@pytest.mark.parametrize("number", [0, -1, "3", 2.0, True])
def test_a_track_number_must_be_a_positive_number(tmp_path, number):
    song = tag(write_audio(tmp_path / "song.wav"), "Kept")
    before = digest(song)
    with pytest.raises(ValueError, match="track_number must be a positive number"):
        write_tags(song, {"track_number": number})
    assert digest(song) == before


def test_a_song_without_any_tags_gets_them(tmp_path):
    song = write_audio(tmp_path / "bare.wav", seconds=1)
    write_tags(song, {"title": "Named at last", "languages": ["en"]})
    assert (read_tags(song).title, read_tags(song).languages) == ("Named at last", ("en",))


def test_a_linked_song_is_edited_through_its_link_which_stays_a_link(tmp_path):
    real = tag(write_audio(tmp_path / "albums" / "real.wav"), "Before")
    link = tmp_path / "happy" / "link.wav"
    link.parent.mkdir()
    link.symlink_to(real)
    write_tags(link, {"title": "After"})
    assert link.is_symlink() and read_tags(real).title == "After"
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.wav"]


def test_a_link_loop_or_a_pipe_in_a_songs_place_is_refused(tmp_path):
    loop = tmp_path / "loop.mp3"
    loop.symlink_to(loop)
    with pytest.raises(TagWriteError, match="loop.mp3 is a link that leads back to itself; nothing was changed"):
        write_tags(loop, {"title": "x"})
    pipe = tmp_path / "pipe.wav"
    os.mkfifo(pipe)
    with pytest.raises(TagWriteError, match="nothing was changed"):  # not waited on for a writer
        write_tags(pipe, {"title": "x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.mp3", "pipe.wav"]


def test_a_read_only_song_is_left_as_it_was(tmp_path):
    song = tag(write_audio(tmp_path / "song.wav"), "Kept")
    before = digest(song)
    song.chmod(0o444)
    with pytest.raises(TagWriteError, match=r"song.wav is read-only; nothing was changed"):
        write_tags(song, {"title": "Changed"})
    assert digest(song) == before and sorted(p.name for p in tmp_path.iterdir()) == ["song.wav"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into any folder")
def test_a_song_in_a_read_only_folder_is_left_as_it_was(tmp_path):
    song = tag(write_audio(tmp_path / "cd" / "song.wav"), "Kept")
    song.parent.chmod(0o555)
    try:
        with pytest.raises(TagWriteError, match="its folder is not writable"):
            write_tags(song, {"title": "Changed"})
    finally:
        song.parent.chmod(0o755)
    assert read_tags(song).title == "Kept"


def test_what_is_not_a_song_or_cannot_hold_these_tags_is_refused(tmp_path):
    fake = tmp_path / "fake.mp3"
    fake.write_text("not audio")
    with pytest.raises(TagWriteError, match="nothing was changed"):
        write_tags(fake, {"title": "x"})
    assert fake.read_text() == "not audio"
    wma = tmp_path / "song.wma"
    wma.write_bytes(b"\x00" * 100)
    with pytest.raises(TagWriteError, match="cannot write the tags of .wma files"):
        write_tags(wma, {"title": "x"})
    with pytest.raises(ValueError):
        write_tags(fake, {"genre": "x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake.mp3", "song.wma"]


def test_a_song_changed_by_another_program_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    song = tag(write_audio(tmp_path / "song.wav", seconds=1), "Original")
    check = tag_writer._check

    def another_program_writes(path, values, length):  # while the copy is being checked
        check(path, values, length)
        tag(song, "Written by another tagger")

    monkeypatch.setattr(tag_writer, "_check", another_program_writes)
    with pytest.raises(TagWriteError, match="changed by another program meanwhile; nothing was changed"):
        write_tags(song, {"title": "Mine"})
    assert read_tags(song).title == "Written by another tagger", "the other program's change is kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["song.wav"]
