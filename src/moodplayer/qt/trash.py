"""Moving a song to the desktop's trash (Qt's QFile.moveToTrash: the freedesktop.org trash on
Linux), so a removal can be undone from the file manager. A name that is not valid UTF-8 goes
through library/trash.py instead, which keeps it byte for byte."""

from __future__ import annotations

import errno
from pathlib import Path

from PySide6.QtCore import QFile, QStandardPaths

from moodplayer.domain.paths import is_undecodable
from moodplayer.library import trash as byte_trash


def move_to_trash(path: Path) -> Path:
    """Move ``path`` to the trash; returns where it went. OSError (nothing deleted) when it cannot.

    Qt addresses files through UTF-8 strings, so a name that is not valid UTF-8 would name
    another file: such a file is trashed by library/trash.py, under its own bytes, and the trash
    remembers its original name byte for byte (restoring it gives the name it had).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "the file is gone", str(path))
    if is_undecodable(path):
        return byte_trash.move_to_trash(path)
    # Qt does not create the data folder the trash lives in (~/.local/share) when it is missing.
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    if data:
        Path(data).mkdir(parents=True, exist_ok=True)
    handle = QFile(str(path))
    if not handle.moveToTrash():
        raise OSError(errno.EIO, f"the desktop's trash refused it ({handle.errorString()}); nothing was deleted",
                      str(path))
    return Path(handle.fileName())

