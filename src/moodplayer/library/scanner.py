"""Walks the music root: one folder per mood (the seven emotion names), audio files inside."""

from __future__ import annotations

import logging
from collections.abc import Iterator
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


def iter_mood_files(root: Path, mood: str) -> Iterator[Path]:
    """Audio files of one mood, sorted by name (recursing into sub-folders such as albums)."""
    folder = mood_folder(root, mood)
    if not folder.is_dir():
        return
    try:
        paths = sorted(p for p in folder.rglob("*") if p.is_file() and is_audio_path(p) and not p.name.startswith("."))
    except OSError as error:
        logger.warning("Cannot list %r: %s", str(folder), error)
        return
    yield from paths


def iter_tracks(root: Path, moods: tuple[str, ...] = EMOTIONS) -> Iterator[Track]:
    """Every audio file under the mood folders of ``root``, as a Track with its mood set.

    Unreadable files are yielded too, with ``error`` set, so the UI can show them and playback
    can skip them with a message. The caller decides which thread runs this generator.
    """
    for mood in moods:
        for path in iter_mood_files(root, mood):
            try:
                yield read_tags(path, mood=mood)
            except TagReadError as error:
                logger.warning("Cannot read tags of %r: %s", str(path), error)
                yield Track(path=path, mood=mood, error=str(error))


def scan_library(root: Path) -> dict[str, list[Track]]:
    """mood -> tracks for all seven moods (empty lists for missing folders)."""
    library: dict[str, list[Track]] = {mood: [] for mood in EMOTIONS}
    if root is None or not Path(root).is_dir():
        return library
    for track in iter_tracks(Path(root)):
        library[track.mood].append(track)
    return library
