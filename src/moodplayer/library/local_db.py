"""The app's small local SQLite files (taste.py, mood_history.py, corrections.py): opened and written so that a
damaged, locked or read-only file never stops the app and never loses what the user did. Stdlib only.

- Locked by another program (still held after ``BUSY_TIMEOUT``): a lock is not damage. The file is
  left alone and the data lives in memory until the next start.
- Damaged: only when the open itself says so ("file is not a database", "malformed") or
  ``PRAGMA quick_check`` finds errors. The file is set aside under a name no earlier set-aside has
  (``<name>.broken-<time>``, then ``-2``, ``-3`` ...; never renamed over a file) and a new one started.
- Cannot be opened, or a write or read fails later (read-only file or folder, disk full, locked
  mid-run): the data moves to memory for the rest of the run, with what the file held when it can
  still be read, and ``problem`` says so once through ``on_problem``.
"""

from __future__ import annotations

import itertools
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

BUSY_TIMEOUT = 2.0  # seconds another program may hold the file before the app goes on without it
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_SIDE_FILES = ("-journal", "-wal", "-shm")  # SQLite's own files beside the database: they belong to it


def _code(error: sqlite3.Error) -> int | None:
    """The primary SQLite result code of ``error`` (SQLITE_BUSY, SQLITE_NOTADB, ...), None if unknown."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_damage(error: sqlite3.Error) -> bool:
    return _code(error) in _DAMAGED


def is_lock(error: sqlite3.Error) -> bool:
    return _code(error) in _LOCKED


def set_aside(path: Path) -> Path:
    """Rename ``path`` to ``<name>.broken-<time>`` (``-2``, ``-3`` ... when taken), never over an
    existing file, with its journal files; the new name. Raises OSError when it cannot be moved."""
    stamp = int(time.time())
    for number in itertools.count(1):
        aside = path.with_name(f"{path.name}.broken-{stamp}" + (f"-{number}" if number > 1 else ""))
        if not any(os.path.lexists(f"{aside}{suffix}") for suffix in ("", *_SIDE_FILES)) and _move_new(path, aside):
            break
    for suffix in _SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            try:
                side.rename(f"{aside}{suffix}")
            except OSError as error:
                logger.warning("Cannot set %r aside with %r: %s", side, aside, error)
    return aside


def _move_new(path: Path, target: Path) -> bool:
    """Rename ``path`` to ``target`` unless ``target`` exists (False then)."""
    try:
        os.link(path, target)  # fails on an existing name, unlike rename: an earlier set-aside stays
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: the caller's check is all there is
        path.rename(target)
        return True
    try:
        os.unlink(path)
    except OSError:
        os.unlink(target)
        raise
    return True


class _Damaged(sqlite3.DatabaseError):
    """PRAGMA quick_check found errors in a file that opened."""


class LocalDb:
    """One table's file at ``path`` (``None``: in memory) with ``schema``.

    ``what`` names the file for the user ("listening history") and ``lost`` what is not kept when it
    cannot be used ("likes and skips"). Not thread-safe: the store holding it locks around calls.
    """

    def __init__(self, path: Path | None, schema: str, table: str, what: str, lost: str,
                 busy_timeout: float | None = None):
        self.path, self.schema, self.table, self.what, self.lost = path, schema, table, what, lost
        self.busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout  # seconds
        # problem: what went wrong with the file, for the window to say ("" when nothing).
        self.problem = ""
        # on_problem(text): called once, outside the store's lock, when a write or read fails mid-run.
        self.on_problem: Callable[[str], None] | None = None
        self._unsaid = ""
        self.in_memory = path is None
        self._db = self._open()

    # -- opening -------------------------------------------------------------------------------

    def _init(self, db: sqlite3.Connection) -> sqlite3.Connection:
        db.execute(self.schema)
        db.execute(f"SELECT count(*) FROM {self.table}").fetchone()
        db.commit()
        return db

    def _memory(self) -> sqlite3.Connection:
        self.in_memory = True
        return self._init(sqlite3.connect(":memory:", check_same_thread=False))

    def _file(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, check_same_thread=False)
        try:
            self._init(db)
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _Damaged(f"quick_check: {check}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._memory()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._file()
        except sqlite3.DatabaseError as error:
            if is_lock(error):
                self._say(f"The {self.what} is in use by another program ({error}); {self.lost} are not kept "
                          "after MoodPlayer closes (the file is used again at the next start).")
                return self._memory()
            if not (is_damage(error) or isinstance(error, _Damaged)):
                return self._cannot_use(error)  # e.g. a folder, no permission: nothing proves damage
            damage = error
        except OSError as error:
            return self._cannot_use(error)
        try:
            aside = set_aside(self.path)
            db = self._file()
        except (OSError, sqlite3.DatabaseError) as error:
            return self._cannot_use(error)
        self._say(f"The {self.what} was damaged ({damage}); it was kept as {aside.name} and a new one started.")
        return db

    def _cannot_use(self, error: Exception) -> sqlite3.Connection:
        self._say(f"The {self.what} cannot be used ({error}); {self.lost} are not kept after MoodPlayer closes.")
        return self._memory()

    def _say(self, problem: str) -> None:
        self.problem = problem
        logger.warning("%s", problem)

    # -- use -----------------------------------------------------------------------------------

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """The rows of a query; a file that cannot be read any more moves the data to memory."""
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            if not self._moved(error):
                raise
        return self._db.execute(sql, params).fetchall()

    def write(self, sql: str, params: tuple = ()) -> None:
        """Run one statement and commit; a file that cannot be written moves the data to memory first."""
        try:
            self._db.execute(sql, params)
            self._db.commit()
            return
        except sqlite3.DatabaseError as error:
            if not self._moved(error):
                raise
        self._db.execute(sql, params)
        self._db.commit()

    def _moved(self, error: sqlite3.DatabaseError) -> bool:
        """Move to memory after ``error`` from the file; False when it is not the file's fault."""
        if self.in_memory or isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError,
                                                sqlite3.InterfaceError)):
            return False
        try:
            self._db.rollback()
        except sqlite3.Error:
            pass
        memory = self._memory()
        try:
            # What the file holds now, if it can still be read at once (no second wait on a lock).
            self._db.execute("PRAGMA busy_timeout = 0")
            cursor = self._db.execute(f"SELECT * FROM {self.table}")
            marks = ", ".join("?" * len(cursor.description))
            memory.executemany(f"INSERT INTO {self.table} VALUES ({marks})", cursor.fetchall())
            memory.commit()
            kept = ""
        except sqlite3.Error as again:
            memory.rollback()
            kept = f" (what it held cannot be read now: {again})"
        self._db.close()
        self._db = memory
        self._say(f"The {self.what} cannot be saved ({error}){kept}; {self.lost} are not kept after "
                  "MoodPlayer closes.")
        self._unsaid = self.problem
        return True

    def announce(self) -> None:
        """Pass a problem met since the last call to ``on_problem``, once. Call it outside any lock."""
        text, self._unsaid = self._unsaid, ""
        if text and self.on_problem is not None:
            self.on_problem(text)

    def close(self) -> None:
        self._db.close()


class LocalStore:
    """What the stores built on one LocalDb share: the file, a lock, and the problem to tell.

    A subclass passes its schema and wording; ``path=None`` keeps the data in memory (tests, or no
    data folder)."""

    def __init__(self, path: Path | None, schema: str, table: str, what: str, lost: str,
                 busy_timeout: float | None = None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._db = LocalDb(self.path, schema, table, what, lost, busy_timeout)

    @property
    def problem(self) -> str:
        """What went wrong with the file, for the window to say ("" when nothing)."""
        return self._db.problem

    @property
    def on_problem(self):
        """``f(text)``, called once when the file cannot be written (or read) any more mid-run."""
        return self._db.on_problem

    @on_problem.setter
    def on_problem(self, callback) -> None:
        self._db.on_problem = callback

    def close(self) -> None:
        with self._lock:
            self._db.close()
