"""Copy and move audio files into mood folders without ever overwriting or losing a file.

Rules:
- A name clash never overwrites: the new file gets a suffix (``song (2).mp3``), shortened when
  the name would be longer than the file system allows.
- A copy is written to a short hidden temporary file in the destination folder and only then
  linked to its final name (``os.link`` fails instead of replacing an existing file), so a copy
  that fails half way leaves the source untouched and no half-written file behind.
- A move is all or nothing: on one file system a hard link plus unlink of the source, across
  file systems a safe copy plus unlink; when the source cannot be removed (a read-only folder),
  the new link or copy is taken back and the file stays where it was, once.
- A song dropped on the mood it is already in stays where it is (in its album folder).
- Paths are handled as the paths themselves (any bytes, see ``paths.py``), never as display text.
"""

from __future__ import annotations

import errno
import itertools
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from moodplayer.domain.paths import display_name
from moodplayer.library.scanner import mood_folder
from moodplayer.library.tags import is_audio_path

logger = logging.getLogger(__name__)

DEFAULT_NAME_MAX = 255  # bytes per file name on ext4, btrfs, xfs and most others


@dataclass
class ImportReport:
    """What a drop did: files copied (their new paths), renamed on a clash, non-audio skipped, failures."""

    copied: list[Path] = field(default_factory=list)
    renamed: list[tuple[Path, Path]] = field(default_factory=list)  # (dropped file, the name it was saved as)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    def summary(self, mood: str = "") -> str:
        count = len(self.copied)
        parts = [f"Copied {count} song{'s' if count != 1 else ''}" + (f" to {mood.title()}" if mood else "")]
        if self.renamed:
            source, saved = self.renamed[0]
            parts.append(f"'{display_name(source)}' was already there and was saved as '{display_name(saved)}'"
                         + (f" ({len(self.renamed) - 1} more renamed)" if len(self.renamed) > 1 else ""))
        if self.skipped:
            names = ", ".join(display_name(p) for p in self.skipped[:5]) + (" …" if len(self.skipped) > 5 else "")
            parts.append(f"skipped {len(self.skipped)} non-audio: {names}")
        if self.failed:
            parts.append("failed: " + "; ".join(f"{display_name(p)} ({why})" for p, why in self.failed[:3]))
        return "; ".join(parts) + "."


class MoveError(OSError):
    """A move that did not happen: the file is still where it was (``strerror`` says why)."""


def name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return DEFAULT_NAME_MAX


def _fit(stem: bytes, tail: bytes, limit: int) -> bytes:
    """``stem + tail`` cut in the stem to at most ``limit`` bytes, not inside a UTF-8 character."""
    if len(stem) + len(tail) <= limit:
        return stem + tail
    cut = max(0, limit - len(tail))
    while 0 < cut < len(stem) and (stem[cut] & 0xC0) == 0x80:  # a continuation byte: step back
        cut -= 1
    return stem[:cut] + tail


def _candidates(folder: Path, name: str):
    """``name``, then ``name (2)``, ``name (3)``... each fitted to the folder's name length limit."""
    raw = os.fsencode(name)
    stem, suffix = os.path.splitext(raw)
    limit = name_max(folder)
    yield folder / os.fsdecode(_fit(stem, suffix, limit))
    for n in itertools.count(2):
        yield folder / os.fsdecode(_fit(stem, b" (%d)" % n + suffix, limit))


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
    # A short temporary name: "<name>.part" would not fit beside a name near the length limit.
    handle, part_name = tempfile.mkstemp(prefix=".moodplayer-", suffix=".part", dir=folder)
    os.close(handle)
    part = Path(part_name)
    try:
        shutil.copy2(source, part)
        return _link_unique(part, folder, name or source.name)
    finally:
        try:
            part.unlink()
        except FileNotFoundError:
            pass


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError as error:
        logger.error("Cannot take back %r: %s", str(path), error)


def is_within(path: Path, folder: Path) -> bool:
    """``path`` lies in ``folder`` or any of its sub-folders (after resolving links)."""
    try:
        return Path(folder).resolve() in Path(path).resolve().parents
    except OSError:
        return False


def safe_move(source: Path, folder: Path, name: str | None = None) -> Path:
    """Move ``source`` into ``folder`` as ``name`` (default: its own; never overwriting); returns the new path.

    All or nothing: on MoveError the source is where it was and nothing new is in ``folder``.
    """
    source = Path(source)
    if source.parent.resolve() == Path(folder).resolve() and name in (None, source.name):
        return source
    if not source.is_file():
        raise MoveError(errno.ENOENT, "the file is gone (deleted or moved)")
    # Checked first, so the usual refusal costs no link and no copy: the source's folder must let
    # us remove a name from it. The unlink below still decides, and a failure there is undone.
    if not os.access(source.parent, os.W_OK | os.X_OK):
        raise MoveError(errno.EACCES, f"its folder {display_name(source.parent)} is read-only; nothing was moved")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        target = _link_unique(source, folder, name or source.name)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise MoveError(error.errno, f"{error.strerror}; nothing was moved") from error
        try:
            target = safe_copy(source, folder, name)  # another file system (or no hard links): copy first
        except OSError as copy_error:
            raise MoveError(copy_error.errno, f"{copy_error.strerror}; nothing was moved") from copy_error
    try:
        source.unlink()
    except OSError as error:
        _unlink_quietly(target)  # take the new name back: the file stays in one place only
        raise MoveError(error.errno, f"{error.strerror}; nothing was moved") from error
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
            copy = safe_copy(path, folder)
        except OSError as error:
            logger.warning("Cannot copy %r into %r: %s", str(path), str(folder), error)
            report.failed.append((path, error.strerror or str(error)))
            continue
        report.copied.append(copy)
        if copy.name != path.name:
            report.renamed.append((path, copy))
    return report


def move_to_mood(root: Path, path: Path, mood: str) -> Path:
    """Move one track into another mood's folder; returns its new path (the same path when the
    track already is in that mood, album sub-folder included). MoveError leaves it in place."""
    folder = mood_folder(root, mood)
    if is_within(path, folder):
        return Path(path)
    return safe_move(Path(path), folder)

