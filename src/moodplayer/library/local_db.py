"""The app's small local SQLite files (taste.py, mood_history.py): opened so that a damaged or
locked file never stops the app. Stdlib only."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def open_local_db(path: Path | None, schema: str, table: str, what: str, lost: str) -> tuple[sqlite3.Connection, str]:
    """(connection, problem) for the file at ``path`` with ``schema`` (``table`` is read once, so a
    damaged file fails here, not later). ``path=None`` keeps the data in memory.

    A file that is not a database, damaged or locked is set aside as ``<name>.broken-<time>`` and a
    new one started; if even that fails, the data lives in memory for this run. ``problem`` says so
    in words for the window ("The {what} was damaged …", "… {lost} are not kept."), "" when all is well.
    """

    def init(db: sqlite3.Connection) -> sqlite3.Connection:
        db.execute(schema)
        db.execute(f"SELECT count(*) FROM {table}").fetchone()
        db.commit()
        return db

    if path is None:
        return init(sqlite3.connect(":memory:", check_same_thread=False)), ""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return init(sqlite3.connect(path, timeout=2.0, check_same_thread=False)), ""
    except sqlite3.DatabaseError as error:  # not a database, damaged, or locked by another program
        aside = path.with_name(f"{path.name}.broken-{int(time.time())}")
        try:
            path.rename(aside)
            problem = f"The {what} was damaged ({error}); it was kept as {aside.name} and a new one started."
            db = init(sqlite3.connect(path, timeout=2.0, check_same_thread=False))
        except (OSError, sqlite3.DatabaseError) as second:
            problem = f"The {what} cannot be used ({second}); {lost} are not kept."
            db = init(sqlite3.connect(":memory:", check_same_thread=False))
        logger.warning("%s", problem)
        return db, problem
