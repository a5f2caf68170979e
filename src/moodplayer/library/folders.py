"""Copy and move audio files into mood folders without ever overwriting or losing a file.

Rules:
- A name clash never overwrites: the new file gets a suffix (``song (2).mp3``).
- A copy is written to a hidden ``.part`` file in the destination folder and only then linked to
  its final name (``os.link`` fails instead of replacing an existing file), so a copy that fails
  half way leaves the source untouched and no half-written file behind.
- A move on one file system is a hard link plus unlink of the source; across file systems it is
  a safe copy followed by removing the source only once the copy is complete.
"""

from __future__ import annotations

import errno
import itertools
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from moodplayer.library.scanner import mood_folder
from moodplayer.library.tags import is_audio_path

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What a drop did: files copied (their new paths), non-audio files skipped, failures."""

    copied: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"Copied {len(self.copied)} file{'s' if len(self.copied) != 1 else ''}"]
        if self.skipped:
            names = ", ".join(p.name for p in self.skipped[:5]) + (" …" if len(self.skipped) > 5 else "")
            parts.append(f"skipped {len(self.skipped)} non-audio: {names}")
        if self.failed:
            parts.append("failed: " + "; ".join(f"{p.name} ({why})" for p, why in self.failed[:3]))
        return "; ".join(parts) + "."


def _candidates(folder: Path, name: str):
    stem, suffix = os.path.splitext(name)
    yield folder / name
    for n in itertools.count(2):
        yield folder / f"{stem} ({n}){suffix}"


def _link_unique(source: Path, folder: Path, name: str) -> Path:
    """Hard-link ``source`` into ``folder`` under ``name`` or the first free suffixed name."""
    for candidate in _candidates(folder, name):
        try:
            os.link(source, candidate)
            return candidate
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


def safe_copy(source: Path, folder: Path, name: str | None = None) -> Path:
    """Copy ``source`` into ``folder`` (never overwriting); returns the new path. OSError on failure,
    in which case nothing is left behind in ``folder`` and ``source`` is untouched."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{source.name}.{os.getpid()}.part"
    try:
        shutil.copy2(source, part)
        return _link_unique(part, folder, name or source.name)
    finally:
        try:
            part.unlink()
        except FileNotFoundError:
            pass


def safe_move(source: Path, folder: Path) -> Path:
    """Move ``source`` into ``folder`` (never overwriting); returns the new path. On failure the
    source is still where it was."""
    folder.mkdir(parents=True, exist_ok=True)
    if source.parent.resolve() == folder.resolve():
        return source
    try:
        target = _link_unique(source, folder, source.name)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise
        target = safe_copy(source, folder)  # another file system (or no hard links): copy first
    try:
        source.unlink()
    except OSError:
        # The new copy is complete; keep both rather than lose either.
        logger.warning("Moved %r to %r but could not remove the original", str(source), str(target))
        raise
    return target


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        else:
            files.append(path)
    return files


def import_into_mood(root: Path, mood: str, paths: list[Path]) -> ImportReport:
    """Copy the audio files among ``paths`` (files or folders, recursively) into ``mood``'s folder."""
    report = ImportReport()
    folder = mood_folder(root, mood)
    for path in _expand([Path(p) for p in paths]):
        if not is_audio_path(path):
            report.skipped.append(path)
            continue
        try:
            report.copied.append(safe_copy(path, folder))
        except OSError as error:
            logger.warning("Cannot copy %r into %r: %s", str(path), str(folder), error)
            report.failed.append((path, error.strerror or str(error)))
    return report


def move_to_mood(root: Path, path: Path, mood: str) -> Path:
    """Move one track into another mood's folder; returns its new path."""
    return safe_move(Path(path), mood_folder(root, mood))


def delete_track(path: Path) -> None:
    """Remove a track file (the UI asks first)."""
    Path(path).unlink()
