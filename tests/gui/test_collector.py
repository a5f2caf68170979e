"""Reference cycles are freed on the GUI thread, never on a worker's (moodplayer.qt.collector)."""

import gc
import threading

from moodplayer.qt.collector import MainThreadCollector


class Cyclic:
    def __init__(self, freed_on: list):
        self.me, self.freed_on = self, freed_on

    def __del__(self):
        self.freed_on.append(threading.current_thread())


def test_garbage_made_on_a_worker_thread_is_freed_on_the_gui_thread(qtbot):
    was_enabled = gc.isenabled()
    gc.enable()  # as in the app before it starts the collector
    gc.collect()
    collector = MainThreadCollector(interval_ms=20)
    collector.start()
    try:
        freed_on, kept = [], []

        def work():
            Cyclic(freed_on)  # unreachable at once: only a collection frees it
            kept.extend([] for _ in range(50_000))  # far past the threshold: an automatic collection would run here

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        assert freed_on == [], "nothing is collected on the worker thread"
        qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
        assert freed_on == [threading.main_thread()]
    finally:
        collector.stop()
        assert gc.isenabled(), "stop() gives automatic collection back"
        if not was_enabled:
            gc.disable()
