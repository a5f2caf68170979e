"""Moving a song to the desktop's trash (Qt's QFile.moveToTrash: the freedesktop.org trash on
Linux), so a removal can be undone from the file manager."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtCore import QFile, QStandardPaths

from moodplayer.domain.paths import is_undecodable, readable


def move_to_trash(path: Path) -> Path:
    """Move ``path`` to the trash; returns where it went. OSError (nothing deleted) when it cannot.

    Qt addresses files through UTF-8 strings, so a name that is not valid UTF-8 would name
    another file: such a file is first renamed, in its folder, to its escaped readable name
    (``song\\xe9.mp3`` as plain text), never over an existing file, and that name goes to the trash.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "the file is gone", str(path))
    if is_undecodable(path):
        path = _rename_readable(path)
    # Qt does not create the data folder the trash lives in (~/.local/share) when it is missing.
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    if data:
        Path(data).mkdir(parents=True, exist_ok=True)
    handle = QFile(str(path))
    if not handle.moveToTrash():
        raise OSError(errno.EIO, f"the desktop's trash refused it ({handle.errorString()}); nothing was deleted",
                      str(path))
    return Path(handle.fileName())


def _rename_readable(path: Path) -> Path:
    stem, suffix = os.path.splitext(readable(path.name))
    for n in range(1, 1000):
        target = path.with_name(f"{stem}{'' if n == 1 else f' ({n})'}{suffix}")
        try:
            os.link(path, target)  # fails instead of replacing an existing file
        except FileExistsError:
            continue
        os.unlink(path)
        return target
    raise OSError(errno.EEXIST, "no free name to move it to the trash under", str(path))
