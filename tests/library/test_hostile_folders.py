"""Folders made by an attacker or an unlucky user: symlink loops, links to private files, fake audio,
devices, and files replaced while they are moved (issue 16, items 1-3)."""

import os
import threading
from pathlib import Path

import pytest

from moodplayer.library import folders
from moodplayer.library.folders import MoveError, import_into_mood, move_to_mood
from moodplayer.library.scanner import ScanCancelled, iter_tracks, list_audio_files, scan
from mp_testkit.media import make_library, write_audio


# -- 1. symlink loops ------------------------------------------------------------------------------

def test_a_folder_linked_to_itself_lists_each_song_once(tmp_path):
    root = make_library(tmp_path / "music", per_mood=2)
    os.symlink(".", root / "happy" / "self")  # before: each song 41 times (the kernel's link limit)
    happy = scan(root).library["happy"]
    assert sorted(t.path.name for t in happy) == ["happy-1.wav", "happy-2.wav"]


def test_two_links_to_the_same_folder_end(tmp_path):
    # Two loops make 2^40 paths to walk: before, the scan never ended and its memory grew without bound.
    root = make_library(tmp_path / "music", per_mood=1)
    os.symlink(".", root / "happy" / "self")
    os.symlink(".", root / "happy" / "same album")
    os.symlink("..", root / "happy" / "all moods")
    library = scan(root).library
    assert {mood: [t.path.name for t in tracks] for mood, tracks in library.items()} == {
        mood: [f"{mood}-1.wav"] for mood in library}, "each song once, in its own mood only"
    assert len(list(iter_tracks(root))) == 7


def test_a_linked_album_is_still_followed(tmp_path):
    root = make_library(tmp_path / "music", per_mood=0)
    album = tmp_path / "elsewhere" / "Album"
    write_audio(album / "01 track.wav")
    os.symlink(album, root / "sad" / "Album")
    assert [t.path for t in scan(root).library["sad"]] == [root / "sad" / "Album" / "01 track.wav"]


def test_a_file_reached_through_two_names_is_listed_once(tmp_path):
    folder = tmp_path / "drop"
    song = write_audio(folder / "a.wav")
    os.symlink(song.name, folder / "b.wav")
    assert [f.path for f in list_audio_files(folder)] == [song]


def test_a_cancelled_scan_stops_before_walking_a_loop(tmp_path):
    root = make_library(tmp_path / "music", per_mood=0)
    for name in ("x", "y", "z"):
        os.symlink(".", root / "happy" / name)
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(ScanCancelled):
        scan(root, cancelled=cancelled)


# -- 2. what a drop copies -------------------------------------------------------------------------

@pytest.fixture
def downloaded_album(tmp_path):
    """An album as a hostile archive unpacks it: a song, a link to a private key, a text file named
    .mp3, a link to /dev/zero, a link to a song of the album itself and a link to a folder outside."""
    home = tmp_path / "home"
    key = home / ".ssh" / "id_ed25519"
    key.parent.mkdir(parents=True)
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n")
    write_audio(home / "Music" / "private.wav")
    album = tmp_path / "downloads" / "album"
    song = write_audio(album / "01 song.wav")
    os.symlink(os.path.relpath(key, album), album / "02 bonus.mp3")
    (album / "03 fake.mp3").write_text("not audio at all\n")
    os.symlink("/dev/zero", album / "04 zero.wav")
    os.symlink(song.name, album / "05 same song.wav")
    os.symlink(home / "Music", album / "extras")
    return album, key


def test_a_dropped_album_copies_only_its_own_real_audio(tmp_path, downloaded_album):
    album, key = downloaded_album
    root = make_library(tmp_path / "music", per_mood=0)
    report = import_into_mood(root, "happy", [album])
    assert [p.name for p in report.copied] == ["01 song.wav"], "one real song, copied once"
    assert sorted((p.name, why) for p, why in report.skipped) == [
        ("02 bonus.mp3", "a link to outside the dropped folders"),
        ("03 fake.mp3", "not an audio file"),
        ("04 zero.wav", "a link to outside the dropped folders"),
        ("extras", "a link to outside the dropped folders")]
    assert sorted(p.name for p in (root / "happy").iterdir()) == ["01 song.wav"]
    assert "skipped 4: " in report.summary("happy") and "02 bonus.mp3 (a link to outside" in report.summary()
    assert not any(key.read_bytes() in p.read_bytes() for p in (root / "happy").iterdir())


def test_files_named_directly_are_checked_by_content_and_kind(tmp_path, downloaded_album):
    album, key = downloaded_album
    root = make_library(tmp_path / "music", per_mood=0)
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    report = import_into_mood(root, "sad", [album / "02 bonus.mp3", album / "03 fake.mp3", album / "04 zero.wav",
                                            fifo, Path("/dev/null"), album / "05 same song.wav"])
    assert [(p.name, why) for p, why in report.skipped] == [
        ("02 bonus.mp3", "not an audio file"), ("03 fake.mp3", "not an audio file"),
        ("04 zero.wav", "not a regular file"), ("pipe.wav", "not a regular file"), ("null", "not an audio file")]
    assert [p.name for p in report.copied] == ["05 same song.wav"], "a link named directly brings its audio target"
    assert (root / "sad" / "05 same song.wav").read_bytes() == (album / "01 song.wav").read_bytes()


def test_a_playlist_listing_a_link_to_a_private_file_copies_nothing(tmp_path, downloaded_album):
    from moodplayer.library.playlists import import_playlist_into_mood

    album, key = downloaded_album
    root = make_library(tmp_path / "music", per_mood=0)
    playlist = album / "list.m3u"
    playlist.write_text("02 bonus.mp3\n03 fake.mp3\n01 song.wav\n")
    result = import_playlist_into_mood(root, "happy", playlist)
    assert [p.name for p in result.report.copied] == ["01 song.wav"]
    assert {p.name for p, _ in result.report.skipped} == {"02 bonus.mp3", "03 fake.mp3"}


# -- 3. a file replaced while it is moved ---------------------------------------------------------

def _replace_after(monkeypatch, name, source, newer):
    """Wrap ``folders.<name>`` so that the source's name is given to ``newer`` right after it runs."""
    real = getattr(folders, name)

    def then_replace(*args, **kwargs):
        result = real(*args, **kwargs)
        if source.exists() and newer.exists():
            os.replace(newer, source)
        return result

    monkeypatch.setattr(folders, name, then_replace)


def _across_devices(monkeypatch, source):
    """The source cannot be hard-linked into the music folder, as on another file system."""
    real_link = os.link

    def no_link_for_the_source(src, dst):
        if Path(src) == source:
            raise OSError(18, "Invalid cross-device link")
        return real_link(src, dst)

    monkeypatch.setattr(folders.os, "link", no_link_for_the_source)


@pytest.fixture
def two_versions(tmp_path):
    """(music root, a song in happy, its bytes, a newer version beside it, the newer one's bytes)."""
    root = make_library(tmp_path / "music", per_mood=0)
    source = write_audio(root / "happy" / "song.wav", freq=300)
    newer = write_audio(root / "happy" / ".newer.wav", freq=900)
    return root, source, source.read_bytes(), newer, newer.read_bytes()


def test_a_file_replaced_during_a_cross_device_move_keeps_both_versions(two_versions, monkeypatch):
    root, source, old, newer, new = two_versions
    _across_devices(monkeypatch, source)
    _replace_after(monkeypatch, "_copy_open", source, newer)  # between the copy and the unlink
    with pytest.raises(MoveError) as caught:
        move_to_mood(root, source, "sad")
    assert isinstance(caught.value, folders.SourceReplaced) and "both versions were kept" in caught.value.strerror
    assert caught.value.target.read_bytes() == old and source.read_bytes() == new, "nothing lost"


def test_a_file_replaced_during_a_same_disk_move_keeps_both_versions(two_versions, monkeypatch):
    root, source, old, newer, new = two_versions
    _replace_after(monkeypatch, "_link_unique", source, newer)
    with pytest.raises(folders.SourceReplaced) as caught:
        move_to_mood(root, source, "sad")
    assert caught.value.target == root / "sad" / "song.wav"
    assert caught.value.target.read_bytes() == old and source.read_bytes() == new


def test_a_file_rewritten_while_it_is_copied_is_not_moved(tmp_path, monkeypatch):
    root = make_library(tmp_path / "music", per_mood=0)
    source = write_audio(root / "happy" / "song.wav")
    real_copy = folders.shutil.copyfileobj

    def copy_while_another_program_writes(src, dst, length=0):
        with open(source, "ab") as other:
            other.write(b"\0" * 4096)
        return real_copy(src, dst, length)

    _across_devices(monkeypatch, source)
    monkeypatch.setattr(folders.shutil, "copyfileobj", copy_while_another_program_writes)
    with pytest.raises(MoveError, match="changed while it was being copied"):
        move_to_mood(root, source, "sad")
    assert source.exists() and list((root / "sad").iterdir()) == []
