"""The listener's corrections of the camera's reading ("Not right? I'm actually feeling …"). Stdlib only.

Each correction keeps what the network computed about the face of that detection, never a frame
or a crop: the mean probabilities over its frames (7 numbers), the mean of the network's last
hidden layer over those frames (float16, 512 numbers for the shipped two-net ensemble), the mood
read and the mood the listener gave, when, and the model's identity (the sha256 of its file). They live in
a small SQLite file beside the settings, on this computer only; ``forget`` deletes them for good.
vision/calibration.py turns them into the adjustment of later readings.

Corrections were made against one model's outputs: after a new model ships they no longer apply.
They are kept aside (``corrections(model)`` returns only the current model's, ``other_models``
counts the rest) so the window can say so (``OLDER_MODEL_NOTICE``), until the listener forgets them.

A damaged file is set aside and a fresh one started, a locked or read-only one leaves the
corrections in memory for the run (local_db.py), as for the taste and mood-history files.
"""

from __future__ import annotations

import logging
import math
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from moodplayer.domain.emotions import EMOTIONS, NUM_EMOTIONS
from moodplayer.library.local_db import LocalStore

logger = logging.getLogger(__name__)

OLDER_MODEL_NOTICE = "Your corrections were for an older model; MoodPlayer will learn again."

# at: seconds since the epoch; model: sha256 (hex) of the model file; probabilities: 7 float32,
# FER2013 order; features: float16, little-endian (empty for a model without that output).
SCHEMA = """CREATE TABLE IF NOT EXISTS corrections (
    at REAL NOT NULL, model TEXT NOT NULL, detected TEXT NOT NULL, corrected TEXT NOT NULL,
    probabilities BLOB NOT NULL, features BLOB NOT NULL)"""


@dataclass(frozen=True)
class Correction:
    """One "Not right?": the detection's mean outputs and the mood the listener gave instead."""

    probabilities: tuple[float, ...]  # 7, FER2013 order: the detection's mean over its frames (unadjusted)
    features: tuple[float, ...]  # the mean last hidden layer over those frames (float16 precision)
    corrected: str  # the mood the listener said it was
    detected: str  # the mood the camera read (what was shown)
    at: float  # seconds since the epoch
    model: str  # sha256 of the model file the outputs came from


class CorrectionStore(LocalStore):
    """Corrections in a local SQLite file. ``path=None`` keeps them in memory (tests, evaluate, no data folder)."""

    def __init__(self, path: Path | None = None, busy_timeout: float | None = None):
        super().__init__(path, SCHEMA, "corrections", "file of your corrections", "corrections",
                         busy_timeout=busy_timeout)

    def add(self, probabilities, features, corrected: str, detected: str, model: str,
            at: float | None = None) -> Correction:
        """Keep one correction and return it as stored (probabilities as float32, features as float16).

        ``probabilities``: the detection's 7 mean (unadjusted) probabilities; ``features``: its mean
        hidden layer (any length, empty for a model without it); ``model``: the sha256 of the model.
        """
        if corrected not in EMOTIONS or detected not in EMOTIONS:
            raise ValueError(f"not a mood: {corrected!r} / {detected!r}")
        probabilities = tuple(float(p) for p in probabilities)
        features = tuple(float(f) for f in features)
        if len(probabilities) != NUM_EMOTIONS or not all(math.isfinite(p) for p in probabilities + features):
            raise ValueError(f"expected {NUM_EMOTIONS} finite probabilities and finite features")
        if not model:
            raise ValueError("a correction needs the model's identity")
        at = time.time() if at is None else float(at)
        packed_probabilities = struct.pack(f"<{NUM_EMOTIONS}f", *probabilities)
        packed_features = _pack_half(features)
        correction = Correction(struct.unpack(f"<{NUM_EMOTIONS}f", packed_probabilities), _unpack_half(packed_features),
                                corrected, detected, at, model)
        with self._lock:
            self._db.write("INSERT INTO corrections (at, model, detected, corrected, probabilities, features) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (at, model, detected, corrected, packed_probabilities,
                                                         packed_features))
        self._db.announce()
        return correction

    def record(self, result, corrected: str, at: float | None = None) -> Correction:
        """Keep the listener's correction of a detection (a vision.mood.MoodResult): its raw mean
        probabilities, its mean hidden vector, the mood it read and its model; ``corrected`` is the
        mood the listener gave. ValueError for a reading that cannot be corrected (no face, or a
        group reading: the corrections belong to one listener)."""
        if not getattr(result, "correctable", False) or result.mood is None:
            raise ValueError("only one listener's reading of a face can be corrected (not a group reading)")
        probabilities = [result.raw_probabilities[mood] for mood in EMOTIONS]
        return self.add(probabilities, result.features, corrected, result.mood, result.model, at)

    def corrections(self, model: str) -> list[Correction]:
        """The corrections made with ``model`` (its sha256), oldest first; unreadable rows are skipped."""
        with self._lock:
            rows = self._db.rows("SELECT at, model, detected, corrected, probabilities, features FROM corrections "
                                 "WHERE model = ? ORDER BY at", (model,))
        self._db.announce()
        found = []
        for at, row_model, detected, corrected, probabilities, features in rows:
            try:
                if corrected not in EMOTIONS or detected not in EMOTIONS:
                    raise ValueError(f"unknown mood {corrected!r} / {detected!r}")
                found.append(Correction(struct.unpack(f"<{NUM_EMOTIONS}f", probabilities), _unpack_half(features),
                                        corrected, detected, float(at), row_model))
            except (struct.error, TypeError, ValueError) as error:  # a hand-edited file may hold anything
                logger.warning("Skipping an unreadable correction from %s: %s", at, error)
        return found

    def count(self, model: str | None = None) -> int:
        """How many corrections there are for ``model`` (all of them with None)."""
        sql, params = ("SELECT count(*) FROM corrections", ()) if model is None else (
            "SELECT count(*) FROM corrections WHERE model = ?", (model,))
        with self._lock:
            rows = self._db.rows(sql, params)
        self._db.announce()
        return int(rows[0][0])

    def other_models(self, model: str) -> int:
        """How many corrections were made with another model than ``model``: kept aside, not applied."""
        with self._lock:
            rows = self._db.rows("SELECT count(*) FROM corrections WHERE model != ?", (model,))
        self._db.announce()
        return int(rows[0][0])

    def remove(self, correction: Correction) -> None:
        """Delete one correction (Undo of a misclick): the row with its time, model and moods."""
        with self._lock:
            self._db.write("DELETE FROM corrections WHERE rowid IN (SELECT rowid FROM corrections WHERE at = ? "
                           "AND model = ? AND detected = ? AND corrected = ? LIMIT 1)",
                           (correction.at, correction.model, correction.detected, correction.corrected))
        self._db.announce()

    def forget(self) -> None:
        """Delete every correction (any model's), and compact the file so they do not linger in it."""
        with self._lock:
            self._db.write("DELETE FROM corrections")
            self._db.write("VACUUM")
        self._db.announce()


def _pack_half(values: tuple[float, ...]) -> bytes:
    """float16, little-endian; values beyond float16's range are clipped to it (65504)."""
    return struct.pack(f"<{len(values)}e", *(max(-65504.0, min(65504.0, v)) for v in values))


def _unpack_half(data: bytes) -> tuple[float, ...]:
    return struct.unpack(f"<{len(data) // 2}e", data)
