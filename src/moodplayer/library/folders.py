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
- A move checks, before it removes the source's name, that the name still holds the file that
  was linked or copied (device, inode, size, modification time): a file replaced during a move is
  never deleted; both versions are kept and ``SourceReplaced`` says where.
- A song dropped on the mood it is already in stays where it is (in its album folder).
- A drop copies only regular files whose content is audio (mutagen reads an audio stream from
  them), opened without blocking so a device or a FIFO is refused, not read. Inside a dropped
  folder a symlink is followed only when its target lies inside the dropped folders: a
  downloaded album's ``bonus.mp3 -> ~/.ssh/id_ed25519`` is skipped, with the reason.
- Paths are handled as the paths themselves (any bytes, see ``paths.py``), never as display text.
"""

from __future__ import annotations

import errno
import itertools
import logging
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from moodplayer.domain.paths import display_name
from moodplayer.library.scanner import mood_folder
from moodplayer.library.tags import is_audio_content, is_audio_path

logger = logging.getLogger(__name__)

DEFAULT_NAME_MAX = 255  # bytes per file name on ext4, btrfs, xfs and most others


# Why a dropped file was not copied (shown in the report, written in the README).
NOT_AUDIO = "not an audio file"
NOT_REGULAR = "not a regular file"
LINK_OUTSIDE = "a link to outside the dropped folders"

COPY_CHUNK = 1 << 20  # bytes read and written at a time


@dataclass
class ImportReport:
    """What a drop did: files copied (their new paths), renamed on a clash, skipped (and why), failures."""

    copied: list[Path] = field(default_factory=list)
    renamed: list[tuple[Path, Path]] = field(default_factory=list)  # (dropped file, the name it was saved as)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (dropped file, why it was not copied)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    def summary(self, mood: str = "") -> str:
        count = len(self.copied)
        parts = [f"Copied {count} song{'s' if count != 1 else ''}" + (f" to {mood.title()}" if mood else "")]
        if self.renamed:
            source, saved = self.renamed[0]
            parts.append(f"'{display_name(source)}' was already there and was saved as '{display_name(saved)}'"
                         + (f" ({len(self.renamed) - 1} more renamed)" if len(self.renamed) > 1 else ""))
        if self.skipped:
            names = ", ".join(f"{display_name(p)} ({why})" for p, why in self.skipped[:5])
            parts.append(f"skipped {len(self.skipped)}: {names}" + (" …" if len(self.skipped) > 5 else ""))
        if self.failed:
            parts.append("failed: " + "; ".join(f"{display_name(p)} ({why})" for p, why in self.failed[:3]))
        return "; ".join(parts) + "."


class MoveError(OSError):
    """A move that did not happen: the file is still where it was (``strerror`` says why)."""


class SourceReplaced(MoveError):
    """The file was replaced (or rewritten) under its name while it was being moved: the version
    that was moved is at ``target``, the newer one stays at the source's name. Nothing was deleted."""

    def __init__(self, target: Path):
        super().__init__(errno.EBUSY, f"it was replaced while it was being moved; both versions were kept "
                                      f"(the earlier one as {display_name(target)}, the newer one where it was)")
        self.target = target


class NotCopied(OSError):
    """A dropped file that is not copied on purpose (``strerror`` is one of the reasons above)."""


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


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What says that a name still holds the same, unchanged file."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def open_regular(path: Path):
    """``path`` opened for reading (a binary file object), refusing anything that is not a regular
    file without reading it: /dev/zero would fill the disk, a FIFO would wait for a writer forever.
    NotCopied(NOT_REGULAR) for those; OSError when it cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a FIFO without a reader: not a file at all
            raise NotCopied(errno.EINVAL, NOT_REGULAR) from error
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotCopied(errno.EINVAL, NOT_REGULAR)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _copy_open(source, folder: Path, name: str) -> Path:
    """Copy the open regular file ``source`` into ``folder`` as ``name`` (never overwriting):
    written to a short hidden temporary file, then linked to its name. Returns the new path."""
    folder.mkdir(parents=True, exist_ok=True)
    original = os.fstat(source.fileno())
    # A short temporary name: "<name>.part" would not fit beside a name near the length limit.
    handle, part_name = tempfile.mkstemp(prefix=".moodplayer-", suffix=".part", dir=folder)
    part = Path(part_name)
    try:
        with os.fdopen(handle, "wb") as out:
            shutil.copyfileobj(source, out, COPY_CHUNK)
        os.chmod(part, stat.S_IMODE(original.st_mode))
        os.utime(part, ns=(original.st_atime_ns, original.st_mtime_ns))  # as cp -p and shutil.copy2 do
        return _link_unique(part, folder, name)
    finally:
        try:
            part.unlink()
        except FileNotFoundError:
            pass


def safe_copy(source: Path, folder: Path, name: str | None = None) -> Path:
    """Copy ``source`` into ``folder`` (never overwriting); returns the new path. OSError on failure
    (NotCopied for a device or FIFO), in which case nothing is left behind in ``folder`` and
    ``source`` is untouched."""
    with open_regular(source) as opened:
        return _copy_open(opened, folder, name or Path(source).name)


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

    All or nothing: on MoveError the source is where it was and nothing new is in ``folder``, except
    SourceReplaced: the source's name was given to another file during the move, and both are kept.
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
        moved = _identity(os.stat(target))  # the file the link took, whatever the name holds by now
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise MoveError(error.errno, f"{error.strerror}; nothing was moved") from error
        target, moved = _copy_for_move(source, folder, name)  # another file system (or no hard links)
    try:
        now = _identity(os.lstat(source))
    except FileNotFoundError:
        now = None  # someone else removed it meanwhile: the moved file is the only one left
    if now is not None and now != moved:
        logger.warning("%r was replaced while it was moved to %r: both kept", str(source), str(target))
        raise SourceReplaced(target)
    if now is not None:
        try:
            source.unlink()
        except OSError as error:
            _unlink_quietly(target)  # take the new name back: the file stays in one place only
            raise MoveError(error.errno, f"{error.strerror}; nothing was moved") from error
    return target


def _copy_for_move(source: Path, folder: Path, name: str | None) -> tuple[Path, tuple[int, int, int, int]]:
    """A move's copy: (the copy's path, the identity of the source file as it was opened). A file
    that changed while it was copied (the copy may mix two versions) is not moved."""
    try:
        with open_regular(source) as opened:
            before = _identity(os.fstat(opened.fileno()))
            target = _copy_open(opened, folder, name or source.name)
            if _identity(os.fstat(opened.fileno())) != before:
                _unlink_quietly(target)
                raise MoveError(errno.EBUSY, "it changed while it was being copied; nothing was moved")
    except MoveError:
        raise
    except OSError as copy_error:
        raise MoveError(copy_error.errno, f"{copy_error.strerror}; nothing was moved") from copy_error
    return target, before


def _collect(paths: list[Path], report: ImportReport) -> list[Path]:
    """The files a drop of ``paths`` offers, in order: files named directly, and the files inside
    folders (recursively, hidden entries skipped). Inside a folder a symlink counts only when its
    target lies inside the dropped folders; each real folder and file is taken once (a link loop ends)."""
    roots = [p.resolve() for p in paths if p.is_dir()]  # a dropped link to a folder counts as its folder
    seen_folders: set[tuple[int, int]] = set()
    files: list[Path] = []

    def inside_drop(entry_path: Path) -> bool:
        try:
            target = entry_path.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop of links
            return False
        return any(target == root or root in target.parents for root in roots)

    for path in paths:
        if not path.is_dir():
            files.append(path)  # named directly: its own checks decide (a link is resolved there)
            continue
        stack = [path]
        while stack:
            folder = stack.pop()
            try:
                info = folder.stat()
                key = (info.st_dev, info.st_ino)
                if key in seen_folders:
                    continue
                seen_folders.add(key)
                entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name), reverse=True)
            except OSError as error:
                report.failed.append((folder, error.strerror or str(error)))
                continue
            subfolders, here = [], []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                entry_path = Path(entry.path)
                if entry.is_symlink() and not inside_drop(entry_path):
                    report.skipped.append((entry_path, LINK_OUTSIDE))
                    continue
                try:
                    (subfolders if entry.is_dir() else here).append(entry_path)
                except OSError as error:
                    report.failed.append((entry_path, error.strerror or str(error)))
            files.extend(reversed(here))
            stack.extend(subfolders)  # reverse name order on the stack: the first is walked next
    return files


def import_into_mood(root: Path, mood: str, paths: list[Path]) -> ImportReport:
    """Copy the audio files among ``paths`` (files or folders, recursively) into ``mood``'s folder.

    Blocking (it reads and writes whole files): the window runs it on a worker thread.
    """
    report = ImportReport()
    folder = mood_folder(root, mood)
    copied_files: set[tuple[int, int]] = set()
    for path in _collect([Path(p) for p in paths], report):
        if not is_audio_path(path):
            report.skipped.append((path, NOT_AUDIO))
            continue
        try:
            with open_regular(path) as opened:  # follows a link named directly: its target is checked
                st = os.fstat(opened.fileno())
                if (st.st_dev, st.st_ino) in copied_files:
                    continue  # a link to a file of the drop that was already copied
                if not is_audio_content(opened):
                    report.skipped.append((path, NOT_AUDIO))
                    continue
                opened.seek(0)
                copy = _copy_open(opened, folder, path.name)
                copied_files.add((st.st_dev, st.st_ino))
        except NotCopied as skipped:
            report.skipped.append((path, skipped.strerror))
            continue
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

