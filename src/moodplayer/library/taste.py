"""What the listener likes, per mood, learned locally from how songs are played. Stdlib only.

A skip in a song's first 30 seconds counts against it for that mood, a full listen for it, and a
thumbs up or down counts strongly. Scores live in a small SQLite file in the app's data folder,
never sent anywhere; a damaged file is set aside and a fresh one started, and a locked or read-only
one leaves the scores in memory for the run (local_db.py; the music is never touched). ``weight``
turns a score into a shuffle weight: liked songs come up sooner, disliked ones rest, and no song's
weight reaches zero.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from moodplayer.domain.paths import to_text
from moodplayer.library.local_db import LocalStore

logger = logging.getLogger(__name__)

SKIP_WINDOW_S = 30.0  # a skip this early says "not this song for this mood"
POINTS = {"skip": -1.0, "full": 1.0, "like": 4.0, "dislike": -4.0}
MIN_WEIGHT, MAX_WEIGHT = 0.2, 4.0  # a dislike (0.4) rests a song for a round: selection.REST_BELOW

SCHEMA = """CREATE TABLE IF NOT EXISTS taste (
    song TEXT NOT NULL, mood TEXT NOT NULL, score REAL NOT NULL DEFAULT 0,
    plays INTEGER NOT NULL DEFAULT 0, skips INTEGER NOT NULL DEFAULT 0, updated REAL NOT NULL,
    PRIMARY KEY (song, mood))"""


def weight(score: float) -> float:
    """Score -> shuffle weight: 1 for an unknown song, doubling every 3 points, bounded both ways."""
    return max(MIN_WEIGHT, min(MAX_WEIGHT, 2.0 ** (score / 3.0)))


class TasteStore(LocalStore):
    """Scores per (song, mood). ``path=None`` keeps them in memory (tests, or no data folder)."""

    def __init__(self, path: Path | None = None, busy_timeout: float | None = None):
        super().__init__(path, SCHEMA, "taste", "listening history", "likes and skips", busy_timeout=busy_timeout)

    def record(self, song: Path, mood: str, event: str) -> float:
        """Count ``event`` ("skip", "full", "like", "dislike") for ``song`` in ``mood``; the new score."""
        points = POINTS[event]
        key = to_text(song)
        with self._lock:
            self._db.write(
                "INSERT INTO taste (song, mood, score, plays, skips, updated) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (song, mood) DO UPDATE SET score = score + excluded.score, "
                "plays = plays + excluded.plays, skips = skips + excluded.skips, updated = excluded.updated",
                (key, mood, points, int(event == "full"), int(event == "skip"), time.time()))
        self._db.announce()
        return self.score(song, mood)

    def score(self, song: Path, mood: str) -> float:
        with self._lock:
            rows = self._db.rows("SELECT score FROM taste WHERE song = ? AND mood = ?", (to_text(song), mood))
        self._db.announce()
        return float(rows[0][0]) if rows else 0.0

    def weights(self, mood: str, songs: list[Path]) -> dict[Path, float]:
        """Shuffle weights of ``songs`` in ``mood`` (1.0 for songs never scored)."""
        with self._lock:
            rows = dict(self._db.rows("SELECT song, score FROM taste WHERE mood = ?", (mood,)))
        self._db.announce()
        return {song: weight(rows.get(to_text(song), 0.0)) for song in songs}

    def history(self, song: Path) -> list[tuple[str, float, int, int]]:
        """(mood, score, full plays, early skips) of ``song`` in each mood it was played for."""
        with self._lock:
            rows = self._db.rows("SELECT mood, score, plays, skips FROM taste WHERE song = ? ORDER BY mood",
                                 (to_text(song),))
        self._db.announce()
        return [(mood, float(score), int(plays), int(skips)) for mood, score, plays, skips in rows]

    def clear(self) -> None:
        with self._lock:
            self._db.write("DELETE FROM taste")
        self._db.announce()
