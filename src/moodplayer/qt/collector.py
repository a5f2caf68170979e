"""Python's cycle collector runs on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate past its threshold:
the library scan, the camera, a pool task or libvlc's event callback. A collection there
destroys the Qt objects caught in reference cycles (a closed window's widgets, a session and its
QFileSystemWatcher) from the wrong thread. Qt then unregisters a socket notifier from a thread
that does not own it ("QSocketNotifier: Socket notifiers cannot be enabled or disabled from
another thread", then "Invalid socket … disabling" thousands of times) and the heap is corrupted
("corrupted size vs. prev_size", abort): seen in the test suite while a scan ran. So the automatic
collector is off and a GUI-thread timer collects when the allocation counts say it is due (the
pattern of pyqtgraph's GarbageCollector and calibre).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 500  # allocations between two checks are only counted, never collected


def collect_if_due() -> int | None:
    """Collect the oldest generation whose count passed its threshold, as the automatic collector
    would; returns that generation, or None when nothing was due. Call on the GUI thread."""
    due = None
    for generation, (count, threshold) in enumerate(zip(gc.get_count(), gc.get_threshold())):
        if threshold and count > threshold:
            due = generation
    if due is not None:
        gc.collect(due)
    return due


class MainThreadCollector(QObject):
    """start(): automatic collection off, a timer on this (the GUI) thread collects instead;
    stop(): automatic collection back as it was."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_if_due)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
