"""SIGTERM and SIGINT (``kill``, Ctrl+C in the terminal, a session ending) close MoodPlayer the
way the window's close does: the settings, the queue and the position are saved and the instance
socket is removed. Qt's event loop runs no Python while it waits, so the signal is written to a
socket (signal.set_wakeup_fd) that a QSocketNotifier watches."""

from __future__ import annotations

import logging
import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopOnSignals(QObject):
    def __init__(self, quit_app, parent: QObject | None = None):
        super().__init__(parent)
        self._quit = quit_app
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        for number in STOP_SIGNALS:
            signal.signal(number, lambda *_args: None)  # the wakeup byte does the work, in the loop
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal)

    def _on_signal(self, *_args) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        names = ", ".join(signal.Signals(number).name for number in received if number in STOP_SIGNALS)
        if names:
            logger.info("%s: closing as the window's close does (settings saved)", names)
            self._quit()
