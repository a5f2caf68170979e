"""What the listener likes, per mood, learned locally from how songs are played. Stdlib only.

A skip in a song's first 30 seconds counts against it for that mood, a full listen for it, and a
thumbs up or down counts strongly. Scores live in a small SQLite file in the app's data folder,
never sent anywhere; a damaged file is set aside and a fresh one started (the music is never
touched). ``weight`` turns a score into a shuffle weight: liked songs come up sooner, disliked
ones rest, and no song's weight reaches zero.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from moodplayer.domain.paths import to_text
from moodplayer.library.local_db import open_local_db

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


class TasteStore:
    """Scores per (song, mood). ``path=None`` keeps them in memory (tests, or no data folder)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        # problem: what went wrong opening the file, for the window to say ("" when nothing)
        self._db, self.problem = open_local_db(self.path, SCHEMA, "taste", "listening history", "likes and skips")


    def record(self, song: Path, mood: str, event: str) -> float:
        """Count ``event`` ("skip", "full", "like", "dislike") for ``song`` in ``mood``; the new score."""
        points = POINTS[event]
        key = to_text(song)
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO taste (song, mood, score, plays, skips, updated) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (song, mood) DO UPDATE SET score = score + excluded.score, "
                    "plays = plays + excluded.plays, skips = skips + excluded.skips, updated = excluded.updated",
                    (key, mood, points, int(event == "full"), int(event == "skip"), time.time()))
                self._db.commit()
            except sqlite3.DatabaseError as error:
                logger.warning("Cannot record %s of %r: %s", event, key, error)
        return self.score(song, mood)

    def score(self, song: Path, mood: str) -> float:
        with self._lock:
            row = self._db.execute("SELECT score FROM taste WHERE song = ? AND mood = ?",
                                   (to_text(song), mood)).fetchone()
        return float(row[0]) if row else 0.0

    def weights(self, mood: str, songs: list[Path]) -> dict[Path, float]:
        """Shuffle weights of ``songs`` in ``mood`` (1.0 for songs never scored)."""
        with self._lock:
            rows = dict(self._db.execute("SELECT song, score FROM taste WHERE mood = ?", (mood,)).fetchall())
        return {song: weight(rows.get(to_text(song), 0.0)) for song in songs}

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM taste")
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
