"""The freedesktop.org trash, written byte for byte (Trash specification 1.0), for the files Qt
cannot name: QFile takes a UTF-8 string, so a name that is not valid UTF-8 (``caf\\xe9.wav``)
reaches Qt as another name. Here the path stays bytes from the file system to the trash: the
file keeps its own name under ``files/``, and its ``.trashinfo`` gives the original path
percent-encoded byte for byte (``caf%E9.wav``), so "Restore" in a file manager puts it back under
the name it had. Pure stdlib; qt/trash.py uses Qt's own trash for every other name.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path
from urllib.parse import quote_from_bytes

INFO_SUFFIX = b".trashinfo"


def home_trash() -> Path:
    """``$XDG_DATA_HOME/Trash`` (``~/.local/share/Trash`` by default)."""
    data = os.environ.get("XDG_DATA_HOME") or ""
    base = Path(data) if os.path.isabs(data) else Path.home() / ".local" / "share"
    return base / "Trash"


def move_to_trash(path: Path) -> Path:
    """Move the file at ``path`` to the trash of its file system; returns where it went.

    The home trash when the file is on the home trash's file system, else ``$topdir/.Trash/$uid``
    (when an administrator made it as the specification asks) or ``$topdir/.Trash-$uid``.
    OSError when it cannot be trashed; then nothing was deleted.
    """
    path = Path(path)
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "only files are moved to the trash here", str(path))
    trash = home_trash()
    if _device(trash) == info.st_dev:
        trash.mkdir(mode=0o700, parents=True, exist_ok=True)
        original = os.fsencode(path.absolute())
    else:
        top = _mount_point(path.absolute().parent, info.st_dev)
        trash = _top_trash(top)
        original = os.path.relpath(os.fsencode(path.absolute()), os.fsencode(top))
    files, infos = trash / "files", trash / "info"
    for folder in (files, infos):
        folder.mkdir(mode=0o700, exist_ok=True)
    target, target_info = _reserve(files, infos, os.fsencode(path.name), original)
    try:
        os.rename(path, target)
    except OSError:
        os.unlink(target_info)  # the file stays where it was: no entry without its file
        raise
    return target


def _device(path: Path) -> int:
    """The device of ``path`` or of its nearest existing folder (the trash may not exist yet)."""
    while True:
        try:
            return os.stat(path).st_dev
        except FileNotFoundError:
            if path == path.parent:
                raise
            path = path.parent


def _mount_point(folder: Path, device: int) -> Path:
    while folder != folder.parent and os.stat(folder.parent).st_dev == device:
        folder = folder.parent
    return folder


def _top_trash(top: Path) -> Path:
    uid = str(os.getuid())
    shared = top / ".Trash"
    try:
        shared_info = os.lstat(shared)
        if stat.S_ISDIR(shared_info.st_mode) and shared_info.st_mode & stat.S_ISVTX:
            mine = shared / uid
            mine.mkdir(mode=0o700, exist_ok=True)
            if stat.S_ISDIR(os.lstat(mine).st_mode):
                return mine
    except OSError:
        pass  # no usable $topdir/.Trash: the per-user one instead
    own = top / f".Trash-{uid}"
    own.mkdir(mode=0o700, exist_ok=True)
    if not stat.S_ISDIR(os.lstat(own).st_mode):
        raise OSError(errno.ENOTDIR, "the trash folder is not a folder", str(own))
    return own


def _reserve(files: Path, infos: Path, name: bytes, original: bytes) -> tuple[Path, Path]:
    """A name free in the trash, claimed by creating its ``.trashinfo`` (never over another's):
    (where the file goes, its ``.trashinfo``)."""
    stem, suffix = os.path.splitext(name)
    text = (b"[Trash Info]\nPath=" + quote_from_bytes(original, safe="/").encode("ascii")
            + b"\nDeletionDate=" + time.strftime("%Y-%m-%dT%H:%M:%S").encode("ascii") + b"\n")
    for n in range(1, 10000):
        candidate = name if n == 1 else stem + f" ({n})".encode("ascii") + suffix
        info_file = Path(os.fsdecode(os.fsencode(infos) + b"/" + candidate + INFO_SUFFIX))
        target = Path(os.fsdecode(os.fsencode(files) + b"/" + candidate))
        if os.path.lexists(target):
            continue  # a file without its .trashinfo: left alone
        try:
            handle = os.open(info_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(handle, "wb") as out:
            out.write(text)
        return target, info_file
    raise OSError(errno.EEXIST, "no free name in the trash", os.fsdecode(name))
