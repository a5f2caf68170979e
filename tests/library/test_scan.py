"""Scans read each file once, re-scans only what changed, and stop when a newer scan replaces them."""

import os
import threading

import mutagen
import pytest

from moodplayer.library import tags
from moodplayer.library.scanner import ScanCancelled, TrackCache, scan
from mp_testkit.media import make_library, tag, write_audio


@pytest.fixture
def opened(monkeypatch):
    """Every file mutagen opens, in order."""
    paths = []
    real = mutagen.File

    def counting(path, *args, **kwargs):
        paths.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(tags.mutagen, "File", counting)
    return paths


def test_each_file_is_opened_once_per_scan_cover_included(tmp_path, opened):
    root = make_library(tmp_path / "music", per_mood=2)
    tag(write_audio(root / "happy" / "with-cover.mp3"), "Covered", cover=True)
    opened.clear()  # tagging opened it too
    result = scan(root)
    tracks = [t for ts in result.library.values() for t in ts]
    assert len(opened) == len(tracks) == 15 and len(set(opened)) == 15
    assert next(t for t in tracks if t.title == "Covered").has_cover


def test_a_rescan_reads_only_new_and_changed_files(tmp_path, opened):
    root = make_library(tmp_path / "music", per_mood=2)
    cache = TrackCache()
    first = scan(root, cache)
    assert (first.files_read, first.files_reused) == (14, 0)
    opened.clear()
    again = scan(root, cache)
    assert (again.files_read, again.files_reused, opened) == (0, 14, [])
    assert again.library == first.library
    changed = root / "sad" / "sad-1.wav"
    tag(changed, "Retitled")
    os.utime(changed, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    added = write_audio(root / "calm-album" / "x.wav")  # not in a mood folder: not a song of the library
    new = write_audio(root / "fear" / "Album" / "new.wav")
    opened.clear()
    third = scan(root, cache)
    assert sorted(opened) == sorted([changed, new]) and added not in opened
    assert third.files_read == 2 and any(t.title == "Retitled" for t in third.library["sad"])


def test_deleted_files_leave_the_cache(tmp_path):
    root = make_library(tmp_path / "music", per_mood=1)
    cache = TrackCache()
    scan(root, cache)
    (root / "angry" / "angry-1.wav").unlink()
    result = scan(root, cache)
    assert result.library["angry"] == [] and len(cache) == 6


def test_a_cancelled_scan_stops_between_files(tmp_path):
    root = make_library(tmp_path / "music", per_mood=3)
    cancelled = threading.Event()
    seen = []

    def on_tracks(tracks):
        seen.extend(tracks)
        cancelled.set()  # a newer scan arrives after the first batch

    with pytest.raises(ScanCancelled):
        scan(root, TrackCache(), cancelled, on_tracks=on_tracks, batch=2)
    assert len(seen) == 2


def test_songs_are_reported_in_batches_as_found(tmp_path):
    root = make_library(tmp_path / "music", per_mood=3)
    batches = []
    result = scan(root, on_tracks=batches.append, batch=5)
    assert [len(b) for b in batches] == [5, 5, 5, 5, 1]
    assert [t for b in batches for t in b] == [t for ts in result.library.values() for t in ts]
    assert str(root / "happy") in map(str, result.folders)


def test_the_song_that_starts_has_its_cover_read_once_until_its_file_changes(tmp_path, opened):
    # The window and the media controls (MPRIS) both ask for the cover of the song that starts.
    song = tag(write_audio(tmp_path / "covered.mp3"), "Covered", cover=True)
    other = tag(write_audio(tmp_path / "other.mp3"), "Other", cover=True)
    opened.clear()
    first = tags.read_cover(song)
    assert first is not None and tags.read_cover(song) == first and len(opened) == 1
    tags.read_cover(other)
    tags.read_cover(song)  # another song came between: read again
    assert len(opened) == 3
    tag(song, "Retagged")  # a tagger saved it meanwhile
    later = song.stat().st_mtime_ns + 1_000_000_000  # a second later, whatever the clock's grain
    os.utime(song, ns=(later, later))
    opened.clear()
    assert tags.read_cover(song) == first and len(opened) == 1, "read again"
