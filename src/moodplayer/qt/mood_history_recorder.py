"""Records each mood the camera detects into the mood history, while the user keeps one.

Off by default (``Settings.keep_mood_history``). It listens to the session's detection results
only, so a mood picked by hand, restored from the last run or reached by lifting is never kept.
The file (beside the settings file) is not even created until something is recorded.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from moodplayer.library.mood_history import MoodHistory
from moodplayer.qt.session import DetectionState

logger = logging.getLogger(__name__)


class MoodHistoryRecorder(QObject):
    changed = Signal()  # an entry was recorded or the history deleted: a chart shown redraws

    def __init__(self, session, path: Path | None, parent=None):
        """``path=None``: no data folder, the history is kept in memory for this run only."""
        super().__init__(parent)
        self.session = session
        self.path = Path(path) if path else None
        self.now = datetime.now  # local time; tests set a fixed clock
        self._store: MoodHistory | None = None
        session.detection_state.connect(self._on_detection_state)

    @property
    def enabled(self) -> bool:
        return self.session.settings.keep_mood_history

    def set_enabled(self, on: bool) -> None:
        """Mood > Keep mood history: from now on (what was kept before stays until deleted)."""
        self.session.settings.keep_mood_history = bool(on)
        self.session.message.emit("info", "Mood history on: each detected mood is kept on this computer with the "
                                          "time of day." if on else
                                  "Mood history off: detected moods are no longer kept (delete the history from "
                                  "the Mood menu).")

    def store(self, create: bool = False) -> MoodHistory | None:
        """The history, opened at first use; None when there is no file yet and ``create`` is False."""
        if self._store is None:
            if self.path is not None and not create and not self.path.exists():
                return None
            self._store = MoodHistory(self.path)
            if self._store.problem:
                self.session.message.emit("warning", self._store.problem)
            # Once, when the file cannot be saved to any more (posted, like the session's own).
            self._store.on_problem = lambda text: QTimer.singleShot(
                0, self, lambda: self.session.message.emit("warning", text))
        return self._store

    def entries(self):
        store = self.store()
        return store.entries() if store is not None else []

    def by_hour(self) -> dict:
        store = self.store()
        return store.by_hour() if store is not None else {hour: Counter() for hour in range(24)}

    def _on_detection_state(self, state: str, result) -> None:
        if state != DetectionState.RESULT or not self.enabled or getattr(result, "mood", None) is None:
            return
        self.store(create=True).record(result.mood, self.now(), "group" if result.group else "camera")
        self.changed.emit()

    def clear(self) -> None:
        """Delete every entry (the file stays, empty and compacted)."""
        store = self.store()
        if store is not None:
            store.clear()
        logger.info("Mood history deleted")
        self.changed.emit()

    def shutdown(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
