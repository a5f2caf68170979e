"""One worker contract: run ``fn`` on a thread pool and call ``on_done(result, error)`` on the GUI
thread. The pool is injectable; tests pass SyncPool to run tasks inline."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

logger = logging.getLogger(__name__)

_live: set[QObject] = set()  # relays waiting for their task (kept alive until it reports)


class _Relay(QObject):
    done = Signal(object, object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # gets called from a pool thread
        try:
            result, error = self._fn(), None
        except Exception as exc:  # noqa: BLE001 - every error is handed to on_done, none is swallowed
            logger.debug("Background task failed", exc_info=True)
            result, error = None, exc
        try:
            self._relay.done.emit(result, error)
        except RuntimeError:  # the app quit while the task ran: nobody is left to tell
            logger.debug("Task finished after its receiver was deleted")


class SyncPool:
    """Runs tasks at once on the calling thread (tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


def run_task(fn: Callable[[], object], on_done: Callable[[object, BaseException | None], None], pool=None) -> None:
    relay = _Relay()  # created on the GUI thread, so its queued signal lands there

    def finish(result, error):
        _live.discard(relay)
        relay.deleteLater()  # here, on the GUI thread: the task may drop the last reference on its own
        on_done(result, error)

    relay.done.connect(finish)
    _live.add(relay)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))
