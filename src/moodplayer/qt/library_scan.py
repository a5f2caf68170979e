"""LibraryScanner: scans the music root on its own thread; the newest scan wins.

Songs are reported in batches as they are found, so the window fills while a large library is
read; a scan started while another runs cancels it (between two files), so a burst of changes
costs one scan. The TrackCache survives from scan to scan: unchanged files are not read again.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from moodplayer.library.scanner import ScanCancelled, TrackCache, scan

logger = logging.getLogger(__name__)

SHUTDOWN_WAIT_MS = 3000  # a cancelled scan stops after the file it is reading


class _ScanJob(QRunnable):
    def __init__(self, scanner: LibraryScanner, generation: int, root: Path | None, cancelled: threading.Event):
        super().__init__()
        self.scanner, self.generation, self.root, self.cancelled = scanner, generation, root, cancelled

    def run(self) -> None:  # gets called from the scan thread
        signals = self.scanner

        def found(tracks) -> None:
            try:
                signals.tracks_found.emit(self.generation, list(tracks))
            except RuntimeError:  # the window was closed while the scan ran (its wait timed out)
                self.cancelled.set()

        try:
            result = scan(self.root, signals.cache, self.cancelled, on_tracks=found)
        except ScanCancelled:
            logger.debug("Scan %d of %r cancelled", self.generation, str(self.root))
            return
        except Exception as error:  # noqa: BLE001 - reported to the GUI thread, never swallowed
            logger.debug("Scan failed", exc_info=True)
            result, problem = None, error
        else:
            problem = None
        try:
            signals.finished.emit(self.generation, result, problem)
        except RuntimeError:
            logger.debug("Scan %d finished after its window closed", self.generation)


class LibraryScanner(QObject):
    tracks_found = Signal(int, object)  # generation, list[Track] found since the last batch
    finished = Signal(int, object, object)  # generation, ScanResult or None, error or None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.cache = TrackCache()
        self.generation = 0
        self._cancelled: threading.Event | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one scan at a time; a newer one waits for the cancelled one

    def start(self, root: Path | None, sync: bool = False) -> int:
        """Start scanning ``root`` (cancelling any scan under way); returns the scan's generation."""
        self.cancel()
        self.generation += 1
        self._cancelled = threading.Event()
        job = _ScanJob(self, self.generation, root, self._cancelled)
        if sync:
            job.run()
        else:
            self._pool.start(job)
        return self.generation

    def cancel(self) -> None:
        if self._cancelled is not None:
            self._cancelled.set()

    def shutdown(self) -> None:
        """Cancel and wait for the scan thread, so no signal is emitted by a deleted object."""
        self.cancel()
        self._pool.waitForDone(SHUTDOWN_WAIT_MS)
