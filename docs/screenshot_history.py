"""The mood history chart with two weeks of generated detections, for the README.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshot_history.py docs/screenshot-history.png

The entries are made up here (seeded), in a temporary file: no real history is read or written.
"""

import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from moodplayer.library.mood_history import MoodHistory
from moodplayer.ui.mood_history_dialog import MoodHistoryDialog


class ShownHistory(QObject):
    """What the dialog reads from the window's MoodHistoryRecorder, over a store of our own."""

    changed = Signal()
    enabled = True

    def __init__(self, store: MoodHistory):
        super().__init__()
        self.store = store

    def entries(self):
        return self.store.entries()

    def by_hour(self):
        return self.store.by_hour()


def main(out: str) -> None:
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        store = MoodHistory(Path(folder) / "history.sqlite3")
        rng = random.Random(3)
        start = datetime(2026, 11, 10)
        for day in range(14):
            for _ in range(6):
                hour = rng.choice([8, 9, 12, 13, 18, 19, 20, 22, 23])
                if hour < 20:
                    mood = rng.choices(["happy", "neutral", "sad", "angry", "surprise"], [4, 5, 2, 1, 1])[0]
                else:
                    mood = rng.choice(["neutral", "sad", "happy"])
                store.record(mood, start + timedelta(days=day, hours=hour, minutes=rng.randint(0, 59)), "camera")
        dialog = MoodHistoryDialog(ShownHistory(store), lambda: None)
        dialog.resize(760, 460)
        dialog.show()
        dialog.refresh()
        for _ in range(20):
            app.processEvents()
        dialog.grab().save(out)
        store.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-history.png")
