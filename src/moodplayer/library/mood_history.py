"""The optional mood history: each mood the camera detected, with when. Stdlib only.

Off by default; qt/mood_history_recorder.py records only while the user has turned it on, and only
camera detections (a mood picked by hand says what the listener wanted, not how they looked). The
entries live in a small SQLite file in the app's data folder, never sent anywhere, and ``clear``
deletes them for good. A damaged file is set aside and a fresh one started, and a locked or
read-only one leaves the entries in memory for the run (local_db.py; the music is never touched).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.local_db import LocalStore

logger = logging.getLogger(__name__)

SOURCES = ("camera", "group")  # the closest face, or everyone in view (group mood)

# ``at``: seconds since the epoch (for order and ``since``); ``hour``: the local hour of day (0-23)
# when it was recorded, kept as such so the chart still says "evening" after a clock change or a trip.
SCHEMA = """CREATE TABLE IF NOT EXISTS moods (
    at REAL NOT NULL, hour INTEGER NOT NULL, mood TEXT NOT NULL, source TEXT NOT NULL)"""


@dataclass(frozen=True)
class Entry:
    when: datetime  # local time, naive
    hour: int  # 0-23, local time of day when it was recorded
    mood: str
    source: str  # "camera" | "group"


class MoodHistory(LocalStore):
    """Detected moods with their time. ``path=None`` keeps them in memory (tests, or no data folder)."""

    def __init__(self, path: Path | None = None, busy_timeout: float | None = None):
        super().__init__(path, SCHEMA, "moods", "mood history", "detected moods", busy_timeout=busy_timeout)

    def record(self, mood: str, when: datetime, source: str = "camera") -> None:
        """Keep one detection. A naive ``when`` is local time (``datetime.now()``); an aware one is
        converted to local time for its hour of day."""
        if mood not in EMOTIONS:
            raise ValueError(f"not a mood: {mood!r}")
        if source not in SOURCES:
            raise ValueError(f"not a detection source: {source!r} (one of {', '.join(SOURCES)})")
        local = when.astimezone() if when.tzinfo is not None else when
        with self._lock:
            self._db.write("INSERT INTO moods (at, hour, mood, source) VALUES (?, ?, ?, ?)",
                           (when.timestamp(), local.hour, mood, source))
        self._db.announce()

    def entries(self, since: datetime | None = None) -> list[Entry]:
        """Every detection (from ``since`` on, when given), oldest first."""
        after = since.timestamp() if since is not None else float("-inf")
        with self._lock:
            rows = self._db.rows("SELECT at, hour, mood, source FROM moods WHERE at >= ? ORDER BY at", (after,))
        self._db.announce()
        return [Entry(datetime.fromtimestamp(at), hour, mood, source) for at, hour, mood, source in rows]

    def by_hour(self, since: datetime | None = None) -> dict[int, Counter]:
        """Hour of day (0-23, every hour present) -> how often each mood was detected then."""
        hours: dict[int, Counter] = {hour: Counter() for hour in range(24)}
        for entry in self.entries(since):
            if entry.hour in hours:  # a hand-edited file may hold anything
                hours[entry.hour][entry.mood] += 1
        return hours

    def clear(self) -> None:
        """Delete every entry, and compact the file so the deleted ones do not linger in it."""
        with self._lock:
            self._db.write("DELETE FROM moods")
            self._db.write("VACUUM")
        self._db.announce()
