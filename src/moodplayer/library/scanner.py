"""Walks the music root: one folder per mood (the seven emotion names), audio files inside.

A scan reads each new or changed file once (``read_tags``) and keeps what it read in a
``TrackCache`` keyed by path and checked by size and modification time, so a re-scan of an
unchanged library only lists folders and stats files. Scans can be cancelled between folders and between files.
Symlinked folders are followed, each real folder and file once (``Walk``), so a link loop ends.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.tags import TagReadError, is_audio_path, read_tags
from moodplayer.library.track import Track

logger = logging.getLogger(__name__)


def mood_folder(root: Path, mood: str) -> Path:
    """The folder of one mood. A differently-cased existing folder (``Happy``) is used as is."""
    root = Path(root)
    wanted = root / mood
    if not wanted.is_dir() and root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and child.name.lower() == mood:
                return child
    return wanted


def ensure_mood_folders(root: Path) -> list[Path]:
    """Create the missing mood folders under ``root``; returns the seven folders."""
    folders = []
    for mood in EMOTIONS:
        folder = mood_folder(root, mood)
        folder.mkdir(parents=True, exist_ok=True)
        folders.append(folder)
    return folders


@dataclass(frozen=True)
class AudioFile:
    path: Path
    size: int
    mtime_ns: int


class WalkCancelled(Exception):
    """The walk's cancel token was set (checked once per folder)."""


@dataclass
class Walk:
    """One walk's memory: every real folder and file already listed, by (device, inode).

    Symlinked folders are followed (users link albums in), but a folder reached a second time (a
    loop such as ``happy/self -> .``, or two links to one album) is not walked again, and a file
    reached through two names is listed once, under the first name in path order. A scan shares
    one Walk across the seven moods, seeded with the music root and the mood folders, so a link to
    the root or to another mood does not pull that mood's songs in.
    """

    folders_seen: set[tuple[int, int]] = field(default_factory=set)
    files_seen: set[tuple[int, int]] = field(default_factory=set)
    cancelled: threading.Event | None = None

    def claim_folder(self, stat: os.stat_result) -> bool:
        key = (stat.st_dev, stat.st_ino)
        if key in self.folders_seen:
            return False
        self.folders_seen.add(key)
        return True


def _walk(folder: Path, files: list[AudioFile], folders: list[Path], walk: Walk) -> None:
    """Audio files (not hidden) under ``folder``, recursing into sub-folders such as albums, in path
    order (a sub-folder's files where its name sorts). A stack of listings, not recursion, so a
    deep tree cannot exhaust Python's stack."""
    stack = [_listing(folder, folders, walk)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            if entry.is_dir():  # follows a symlinked folder; claim_folder stops loops
                if walk.claim_folder(entry.stat()):
                    stack.append(_listing(Path(entry.path), folders, walk))
            elif entry.is_file() and is_audio_path(Path(entry.name)):
                stat = entry.stat()
                key = (stat.st_dev, stat.st_ino)
                if key not in walk.files_seen:
                    walk.files_seen.add(key)
                    files.append(AudioFile(Path(entry.path), stat.st_size, stat.st_mtime_ns))
        except OSError as error:  # vanished while listing, unreadable, or a link loop (ELOOP)
            logger.warning("Cannot read %r: %s", entry.path, error)


def _listing(folder: Path, folders: list[Path], walk: Walk) -> Iterator[os.DirEntry]:
    """The visible entries of one folder in path order; the cancel token is checked here, once a folder."""
    if walk.cancelled is not None and walk.cancelled.is_set():
        raise WalkCancelled()
    folders.append(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError as error:
        logger.warning("Cannot list %r: %s", str(folder), error)
        return iter(())
    return iter(sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: path_order(Path(e.name))))


def list_audio_files(folder: Path, folders: list[Path] | None = None, walk: Walk | None = None) -> list[AudioFile]:
    """Audio files under ``folder`` (recursing into sub-folders, hidden entries skipped), each real
    file once; the folders walked are added to ``folders``. WalkCancelled when ``walk.cancelled`` is set."""
    files: list[AudioFile] = []
    walk = walk if walk is not None else Walk()
    try:
        walk.claim_folder(folder.stat())
    except OSError:
        return files  # not there (or not readable): nothing to list
    if folder.is_dir():
        _walk(folder, files, folders if folders is not None else [], walk)
    return files


def mood_walk(root: Path, cancelled: threading.Event | None = None) -> Walk:
    """A Walk for the mood folders of ``root``: the root and every mood folder count as seen, so
    each mood's walk lists only its own songs (a link to the root or to another mood is skipped)."""
    walk = Walk(cancelled=cancelled)
    for folder in [Path(root), *(mood_folder(root, mood) for mood in EMOTIONS)]:
        try:
            walk.claim_folder(folder.stat())
        except OSError:
            continue
    return walk


def list_mood_files(root: Path, mood: str, folders: list[Path] | None = None,
                    walk: Walk | None = None) -> list[AudioFile]:
    """Audio files of one mood, sorted by path; the folders walked are added to ``folders``."""
    folder = mood_folder(root, mood)
    files: list[AudioFile] = []
    if folder.is_dir():  # the mood folder itself is already claimed by the mood walk
        _walk(folder, files, folders if folders is not None else [], walk if walk is not None else mood_walk(root))
    return files


def iter_mood_files(root: Path, mood: str) -> Iterator[Path]:
    """Audio files of one mood, sorted by name (recursing into sub-folders such as albums)."""
    yield from (f.path for f in list_mood_files(root, mood))


class TrackCache:
    """Tracks read by earlier scans: path -> (size, mtime, Track). Shared by successive scans."""

    def __init__(self):
        self._entries: dict[Path, tuple[int, int, Track]] = {}
        self._lock = threading.Lock()

    def get(self, file: AudioFile, mood: str) -> Track | None:
        with self._lock:
            entry = self._entries.get(file.path)
        if entry is None or entry[:2] != (file.size, file.mtime_ns):
            return None
        track = entry[2]
        return track if track.mood == mood else dataclasses.replace(track, mood=mood)

    def put(self, file: AudioFile, track: Track) -> None:
        with self._lock:
            self._entries[file.path] = (file.size, file.mtime_ns, track)

    def keep_only(self, paths: set[Path]) -> None:
        with self._lock:
            self._entries = {p: e for p, e in self._entries.items() if p in paths}

    def __len__(self) -> int:
        return len(self._entries)


def read_track(path: Path, mood: str | None) -> Track:
    """The Track of one file; an unreadable one comes back with ``error`` set (shown, skipped in play)."""
    try:
        return read_tags(path, mood=mood)
    except TagReadError as error:
        logger.warning("Cannot read tags of %r: %s", str(path), error)
        return Track(path=path, mood=mood, error=str(error))


def path_order(path: Path) -> bytes:
    """The order songs are listed in: by path, byte for byte (as the scan walks them)."""
    return os.fsencode(path)


def iter_tracks(root: Path, moods: tuple[str, ...] = EMOTIONS) -> Iterator[Track]:
    """Every audio file under the mood folders of ``root``, as a Track with its mood set.

    Unreadable files are yielded too, with ``error`` set, so the UI can show them and playback
    can skip them with a message. The caller decides which thread runs this generator.
    """
    walk = mood_walk(root)
    for mood in moods:
        for file in list_mood_files(root, mood, walk=walk):
            yield read_track(file.path, mood)


class ScanCancelled(Exception):
    """A newer scan replaced this one."""


@dataclass
class ScanResult:
    library: dict[str, list[Track]]
    folders: list[Path] = field(default_factory=list)  # every folder walked (to watch for changes)
    files_read: int = 0  # opened with mutagen (new or changed)
    files_reused: int = 0  # unchanged since the last scan


def scan(root: Path | None, cache: TrackCache | None = None, cancelled: threading.Event | None = None,
         on_tracks: Callable[[list[Track]], None] | None = None, batch: int = 200) -> ScanResult:
    """mood -> tracks for all seven moods (empty lists for missing folders).

    ``on_tracks`` receives the tracks found so far in batches of about ``batch`` (songs appear
    as they are found); ``cancelled`` stops the scan between folders and between files with
    ScanCancelled.
    """
    result = ScanResult({mood: [] for mood in EMOTIONS})
    if root is None or not Path(root).is_dir():
        return result
    root = Path(root)
    pending: list[Track] = []
    walk = mood_walk(root, cancelled)
    for mood in EMOTIONS:
        try:
            files = list_mood_files(root, mood, result.folders, walk)
        except WalkCancelled:
            raise ScanCancelled() from None
        for file in files:
            if cancelled is not None and cancelled.is_set():
                raise ScanCancelled()
            track = cache.get(file, mood) if cache is not None else None
            if track is None:
                track = read_track(file.path, mood)
                result.files_read += 1
                if cache is not None:
                    cache.put(file, track)
            else:
                result.files_reused += 1
            result.library[mood].append(track)
            pending.append(track)
            if on_tracks is not None and len(pending) >= batch:
                on_tracks(pending)
                pending = []
    if on_tracks is not None and pending:
        on_tracks(pending)
    if cache is not None:
        cache.keep_only({t.path for tracks in result.library.values() for t in tracks})
    return result


def scan_library(root: Path | None) -> dict[str, list[Track]]:
    """mood -> tracks for all seven moods (empty lists for missing folders)."""
    return scan(root).library
