"""One MoodPlayer per settings file: a second start hands its songs to the window already open.

A file manager's "Open With MoodPlayer" runs ``moodplayer FILE...`` once per choice; a second
window would open a second player (two songs at once) and a second camera. So the first window
listens on a Unix socket named after its settings file, in a folder only its user can enter
($XDG_RUNTIME_DIR, else a private folder in the temp folder), and a later start sends it the
paths (or none: "come to the front") and exits. A window that does not answer within REPLY_S is
left alone and the new start opens its own window, as it would without one.

Python's own sockets, with a QSocketNotifier on the window's side: QtNetwork's local sockets would
add 3.4 MB to the bundle, which stays under 650 MB (tests/ship/test_bundle.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from moodplayer.domain.paths import from_text, to_text

logger = logging.getLogger(__name__)

CONNECT_S = 0.5  # a window that is there accepts at once
REPLY_S = 3.0  # ...and answers as soon as its event loop turns
MAX_REQUEST_BYTES = 16 * 1024 * 1024  # ~100,000 long paths; anything bigger is not ours
MAX_SOCKET_PATH = 100  # bytes: sockaddr_un holds 108 on Linux, 104 on the BSDs


def socket_path(settings_path: str | Path, environ=None) -> Path | None:
    """Where the window for ``settings_path`` listens; None where no safe place exists (no Unix
    sockets, a temp folder that is not ours, a path too long for a socket)."""
    if not hasattr(socket, "AF_UNIX") or not hasattr(os, "getuid"):
        return None
    environ = os.environ if environ is None else environ
    key = hashlib.sha256(os.fsencode(os.path.abspath(settings_path))).hexdigest()[:16]
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and _private_folder(Path(runtime)):
        folder = Path(runtime)
    else:
        folder = Path(tempfile.gettempdir()) / f"moodplayer-{os.getuid()}"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            logger.warning("No folder for the instance socket (%s): each start opens its own window", error)
            return None
        if not _private_folder(folder):
            logger.warning("%s is not this user's private folder: each start opens its own window", folder)
            return None
    path = folder / f"moodplayer-{key}.sock"
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None


def _private_folder(folder: Path) -> bool:
    try:
        status = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077


def hand_over(path: Path | None, paths: list[Path]) -> bool:
    """Sends ``paths`` (made absolute; none: "come to the front") to the window listening at
    ``path``. True once it has answered; False when none listens or it does not answer."""
    if path is None:
        return False
    request = json.dumps({"open": [to_text(Path(os.path.abspath(p))) for p in paths]}).encode() + b"\n"
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(CONNECT_S)
            connection.connect(os.fsencode(path))
            connection.settimeout(REPLY_S)
            connection.sendall(request)
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = connection.recv(64)
                if not chunk:
                    break
                reply += chunk
    except (FileNotFoundError, ConnectionRefusedError):
        return False  # no window: a socket file left by one that crashed, at most
    except OSError as error:
        logger.warning("A MoodPlayer window is running but did not answer (%s); opening another", error)
        return False
    return reply.strip() == b"ok"


def _someone_listens(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(CONNECT_S)
            probe.connect(os.fsencode(path))
        return True
    except OSError:
        return False


class InstanceServer(QObject):
    """The running window's end: ``opened`` carries the paths a later start sent (an empty list:
    the window is asked to come to the front)."""

    opened = Signal(object)  # list[Path]

    def __init__(self, path: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path
        self._listener: socket.socket | None = None
        self._inode: int | None = None  # the socket file this window made (removed on close)
        self._clients: dict[socket.socket, tuple[bytearray, QSocketNotifier]] = {}
        if path is None:
            return
        if _someone_listens(path):  # a window started at the same moment has it
            logger.warning("Another MoodPlayer window listens at %s: later starts go to that one", path)
            return
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            path.unlink(missing_ok=True)  # a socket file left by a MoodPlayer that crashed
            listener.bind(os.fsencode(path))
            os.chmod(path, 0o600)  # the folder is the user's alone already
            listener.listen(8)
            listener.setblocking(False)
            self._inode = path.stat().st_ino
        except OSError as error:
            listener.close()
            logger.warning("Cannot listen at %s (%s): a later start opens its own window", path, error)
            return
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def close(self) -> None:
        for connection in list(self._clients):
            self._drop(connection)
        if self._listener is None:
            return
        self._notifier.setEnabled(False)
        self._listener.close()
        self._listener = None
        try:
            if self.path.stat().st_ino == self._inode:  # still ours (not a later window's)
                self.path.unlink()
        except OSError:
            pass

    def _accept(self, *_args) -> None:
        try:
            connection, _address = self._listener.accept()
        except OSError:  # gone before it was taken (or the listener closed)
            return
        connection.setblocking(False)
        notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
        self._clients[connection] = (bytearray(), notifier)
        notifier.activated.connect(lambda *_args, c=connection: self._read(c))

    def _drop(self, connection: socket.socket) -> None:
        _buffer, notifier = self._clients.pop(connection, (None, None))
        if notifier is not None:
            notifier.setEnabled(False)
            notifier.deleteLater()
        connection.close()

    def _read(self, connection: socket.socket) -> None:
        if connection not in self._clients:
            return
        buffer = self._clients[connection][0]
        try:
            data = connection.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            self._drop(connection)
            return
        if not data:  # hung up before a whole request
            self._drop(connection)
            return
        buffer += data
        if len(buffer) > MAX_REQUEST_BYTES:
            logger.warning("Dropping an oversized request on the instance socket")
            self._drop(connection)
            return
        if not buffer.endswith(b"\n"):
            return  # the rest is on its way
        try:
            texts = json.loads(bytes(buffer))["open"]
            if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
                raise TypeError("'open' is not a list of paths")
            paths = [from_text(text) for text in texts]
        except (ValueError, KeyError, TypeError) as error:
            logger.warning("Ignoring a request on the instance socket: %s", error)
            self._drop(connection)
            return
        try:
            connection.send(b"ok\n")  # 3 bytes into an empty socket buffer
        except OSError:
            pass
        self._drop(connection)
        self.opened.emit(paths)
