"""Analysed features kept in one SQLite file, keyed by path + size + modification time.

A file that changes (new size or mtime) or a new ``FEATURE_VERSION`` is analysed again; an
undecodable file's error is kept too, so a second run over a library reads no audio at all. An
error about access rather than content (permission denied, not a regular file) is never put here
(batch.py): the file is analysed once it can be read.
Paths are stored as their bytes (a Linux name need not be UTF-8). A corrupt database is moved
aside (``.corrupt``) and started afresh; a locked or unwritable one leaves the cache off for the
session (everything is analysed, nothing is lost). Pure stdlib + NumPy.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from moodplayer.audio.featureset import FEATURE_VERSION, NUM_FEATURES

logger = logging.getLogger(__name__)

CACHE_FILE = "audio-features.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS features (
    path BLOB PRIMARY KEY,      -- os.fsencode of the absolute path
    size INTEGER NOT NULL,      -- bytes
    mtime_ns INTEGER NOT NULL,
    version INTEGER NOT NULL,   -- FEATURE_VERSION of the extractor
    features BLOB,              -- NUM_FEATURES float64, little-endian; NULL when error is set
    error TEXT
)
"""


@dataclass(frozen=True)
class CacheEntry:
    features: np.ndarray | None
    error: str | None


def file_key(path: Path) -> tuple[bytes, int, int] | None:
    """(path bytes, size, mtime_ns) of the file, or None when it cannot be stat'ed."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return os.fsencode(os.path.abspath(path)), stat.st_size, stat.st_mtime_ns


class FeatureCache:
    """The cache in ``folder`` (created if needed). Safe to use from one thread at a time, any thread.

    ``file_name``, ``version`` and ``size`` let another measure of whole files (loudness.py) keep
    its results the same way, in a file of its own.
    """

    def __init__(self, folder: Path, *, file_name: str = CACHE_FILE, version: int = FEATURE_VERSION,
                 size: int = NUM_FEATURES):
        self.path = Path(folder) / file_name
        self.version = version
        self.size = size
        self.problem: str | None = None  # why the cache is off, for the user; None when it works
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as error:
            if not self._is_corrupt(error):
                self._disable(error)
            else:
                self._recreate(error)
        except OSError as error:
            self._disable(error)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        try:
            db.execute(_SCHEMA)
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
        # "file is not a database", "database disk image is malformed"; not "database is locked".
        return not isinstance(error, sqlite3.OperationalError) or "malformed" in str(error)

    def _recreate(self, error: Exception) -> None:
        aside = self.path.with_name(self.path.name + ".corrupt")
        logger.warning("Audio feature cache %r is corrupt (%s): moved to %r, starting afresh", self.path, error, aside)
        try:
            os.replace(self.path, aside)
            self._db = self._open()
        except (OSError, sqlite3.DatabaseError) as again:
            self._disable(again)

    def _disable(self, error: Exception) -> None:
        self.problem = f"audio analysis cache {self.path} unusable ({error}): every file is analysed"
        logger.warning("%s", self.problem)
        if self._db is not None:
            self._db.close()
        self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, path: Path) -> CacheEntry | None:
        """The stored result for the file as it is now, or None (never analysed, changed, or no cache)."""
        key = file_key(path)
        if key is None or self._db is None:
            return None
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT size, mtime_ns, version, features, error FROM features WHERE path = ?", (key[0],)
                ).fetchone()
            except sqlite3.DatabaseError as error:
                self._disable(error)
                return None
        if row is None or tuple(row[:3]) != (key[1], key[2], self.version):
            return None
        if row[4] is not None:
            return CacheEntry(None, row[4])
        features = np.frombuffer(row[3], dtype="<f8")
        return CacheEntry(features.copy(), None) if features.size == self.size else None

    def put(self, path: Path, features: np.ndarray | None, error: str | None = None,
            as_of: tuple[bytes, int, int] | None = None) -> None:
        """Remember the file's features (or its error), keyed by the file as it is now, or as it was
        when it was read (``as_of``, a ``file_key``): a file changed since then misses next time."""
        key = as_of or file_key(path)
        if key is None or self._db is None:
            return
        blob = None if features is None else np.asarray(features, dtype="<f8").tobytes()
        with self._lock:
            try:
                self._db.execute("INSERT OR REPLACE INTO features VALUES (?, ?, ?, ?, ?, ?)",
                                 (*key, self.version, blob, error))
                self._db.commit()
            except sqlite3.DatabaseError as error_:
                self._disable(error_)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> FeatureCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
