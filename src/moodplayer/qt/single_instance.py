"""One MoodPlayer per settings file: a second start hands its songs to the window already open.

A file manager's "Open With MoodPlayer" runs ``moodplayer FILE...`` once per choice; a second
window would open a second player (two songs at once) and a second camera. So the first window
listens on a local socket named after its settings file, and a later start sends it the paths
(or just asks it to come to the front) and exits. The socket is the user's alone
(QLocalServer.UserAccessOption). A window that does not answer within REPLY_MS is left alone and
the new start opens its own window, as it would without one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from moodplayer.domain.paths import from_text, to_text

logger = logging.getLogger(__name__)

CONNECT_MS = 500  # a window that is there accepts at once
REPLY_MS = 3000  # ...and answers as soon as its event loop turns
MAX_REQUEST_BYTES = 16 * 1024 * 1024  # ~100,000 long paths; anything bigger is not ours


def server_name(settings_path: str | Path) -> str:
    """The socket's name for one user's settings file (a short name: Qt puts it in the temp folder)."""
    key = f"{os.getuid() if hasattr(os, 'getuid') else os.getlogin()}\0{os.path.abspath(settings_path)}"
    return "moodplayer-" + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def hand_over(name: str, paths: list[Path]) -> bool:
    """Sends ``paths`` (absolute; none: "come to the front") to the window listening on ``name``.
    True once it has answered; False when none listens or it does not answer."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    request = json.dumps({"open": [to_text(Path(os.path.abspath(p))) for p in paths]}).encode() + b"\n"
    socket.write(request)
    socket.waitForBytesWritten(REPLY_MS)  # False too when all was written at once
    reply = b""
    while not reply.endswith(b"\n") and socket.waitForReadyRead(REPLY_MS):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    if reply.strip() != b"ok":
        logger.warning("A MoodPlayer window is running (%s) but did not answer; opening another", name)
        return False
    return True


def _someone_listens(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    listening = socket.waitForConnected(CONNECT_MS)
    socket.abort()
    return listening


class InstanceServer(QObject):
    """The running window's end: ``opened`` carries the paths a later start sent (an empty list:
    the window is asked to come to the front)."""

    opened = Signal(object)  # list[Path]

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}
        # Asked first: with UserAccessOption, Qt's listen() renames its socket over one already
        # there, which would take the socket from a window started at the same moment.
        if _someone_listens(name):
            logger.warning("Another MoodPlayer window listens on %s: a later start goes to that one", name)
            return
        QLocalServer.removeServer(name)  # a socket file left by a MoodPlayer that crashed
        if not self._server.listen(name):
            logger.warning("Cannot listen on %s (%s): a later start opens its own window",
                           name, self._server.errorString())

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._buffers.pop(s, None))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if len(buffer) > MAX_REQUEST_BYTES:
            logger.warning("Dropping an oversized request on the instance socket")
            socket.abort()
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
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        self._buffers[socket] = bytearray()
        self.opened.emit(paths)
