"""A camera thread still busy when the window closes is kept alive until it ends: Qt aborts the whole
process (tests included) when a running QThread is destroyed."""

import gc
import threading

import numpy as np

from moodplayer.qt import camera_worker
from moodplayer.qt.camera_worker import CameraThread


class StuckSource:
    """A camera whose next read blocks until the test lets it go (a slow webcam, a loaded CPU)."""

    def __init__(self):
        self.reading = threading.Event()
        self.release = threading.Event()

    def read(self, timeout_s: float = 2.0):
        self.reading.set()
        self.release.wait()
        return np.zeros((48, 48, 3), np.uint8)

    def close(self):
        pass


def test_a_thread_that_does_not_stop_in_time_outlives_its_owner(qtbot):
    source = StuckSource()
    thread = CameraThread("stuck", lambda _source: source)
    thread.start()
    assert source.reading.wait(10), "the thread is reading"
    thread.stop(wait_ms=1)
    assert thread.isRunning() and thread in camera_worker._STOPPING
    del thread
    gc.collect()  # without the guard, Qt would abort here: "QThread: Destroyed while thread is still running"
    kept = camera_worker._STOPPING[-1]
    source.release.set()
    assert kept.wait(10000) and not kept.isRunning()
    camera_worker._STOPPING.remove(kept)
