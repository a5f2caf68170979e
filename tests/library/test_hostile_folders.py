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
