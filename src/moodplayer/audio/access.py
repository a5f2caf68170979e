"""Can a file be read at all? Asked before any decoder touches it (in the app and in the workers).

Only a regular file is read: a FIFO opened for reading waits for a writer forever, and a device
such as /dev/zero never ends. Its mode is looked at first (``stat`` follows a link to its target),
and the file is opened without blocking to learn whether it may be read. Stdlib only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from moodplayer.audio.errors import AudioAccessError
from moodplayer.domain.paths import readable

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(path: Path, mode: int) -> AudioAccessError:
    kind = next((name for test, name in _KINDS if test(mode)), "")
    return AudioAccessError(f"{readable(path)}: not a regular file" + (f" ({kind})" if kind else ""))


def _cannot_read(path: Path, error: OSError) -> AudioAccessError:
    if isinstance(error, FileNotFoundError):
        return AudioAccessError(f"{readable(path)}: no such file")
    if isinstance(error, PermissionError):
        return AudioAccessError(f"{readable(path)}: cannot read (permission denied)")
    return AudioAccessError(f"{readable(path)}: cannot read ({error.strerror or error})")


def check_file(path: Path) -> int:
    """The size in bytes of the regular file at ``path``, which this process may read.

    Raises AudioAccessError: "no such file", "not a regular file (a pipe)", "cannot read
    (permission denied)", ...
    """
    try:
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            raise _not_regular(path, mode)
        # O_NONBLOCK: should a pipe take the file's place since the stat, the open still returns.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise _cannot_read(path, error) from error
    try:
        info = os.fstat(fd)
    finally:
        os.close(fd)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, info.st_mode)
    return info.st_size
