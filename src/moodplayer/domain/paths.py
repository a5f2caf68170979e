"""File paths as the bytes they are: Linux file names need not be valid UTF-8.

Python keeps an undecodable byte as a lone surrogate (``'\\udce9'`` for ``0xE9``); Qt strings,
JSON readers, INI files and libvlc's UTF-8 API all drop or reject those, and a path that loses
them names another file (``song\\xe9.ogg`` becomes ``song.ogg``). So a path crosses those
boundaries as bytes or as a percent-encoded ``file://`` URI, and is only *shown* as text, with
the undecodable bytes escaped (``song\\xe9.ogg``). Pure stdlib.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

FILE_URI = "file://"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: line breaks, tabs, terminal escapes
_CONTROL_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_undecodable(path: Path | str) -> bool:
    """True when the name holds bytes that are not valid UTF-8 (and so cannot be shown as they are)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def readable(text: Path | str) -> str:
    """``text`` (a path or a name) with every undecodable byte written as ``\\xNN``: safe to show anywhere."""
    return os.fsencode(str(text)).decode("utf-8", "backslashreplace")


def one_line(text: Path | str) -> str:
    """``readable(text)`` with control characters escaped as well (``\\n``, ``\\t``, ``\\x1b``): a name
    printed on a line keeps to that line, and an escape sequence in it is shown, not run by the terminal."""
    return _CONTROL.sub(lambda m: _CONTROL_NAMES.get(m.group(), f"\\x{ord(m.group()):02x}"), readable(text))


def display_name(path: Path | str) -> str:
    return readable((path if isinstance(path, Path) else Path(path)).name)  # Path(a Path) parses it again


def to_uri(path: Path | str) -> str:
    """An absolute ``file://`` URI, percent-encoding the path's bytes (what libvlc and file managers take)."""
    return Path(os.path.abspath(path)).as_uri()


def from_uri(uri: str) -> Path:
    """The path a ``file://`` URI names, byte for byte (``%E9`` stays the byte 0xE9)."""
    parts = urlsplit(uri)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"not a local file URI: {uri!r}")
    return Path(os.fsdecode(unquote_to_bytes(parts.path)))


def to_text(path: Path | str) -> str:
    """A lossless, UTF-8-safe string for settings files: the path itself, or its URI when undecodable."""
    return to_uri(path) if is_undecodable(path) else str(path)


def from_text(text: str) -> Path:
    """The inverse of ``to_text`` (a stored absolute path never starts with ``file://``)."""
    return from_uri(text) if text.startswith(FILE_URI) else Path(text)
