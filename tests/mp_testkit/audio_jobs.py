"""Extractors for ``audio.batch.analyse(extractor=...)`` in tests: module-level, so the worker
processes can import them. Each takes a path (str) and returns features or raises AudioDecodeError."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from moodplayer.audio.errors import AudioDecodeError
from moodplayer.audio.featureset import NUM_FEATURES


def size_features(path: str) -> np.ndarray:
    """Cheap and deterministic: the file's size in every feature; 'bad' in the name is an error."""
    if "bad" in Path(path).name:
        raise AudioDecodeError(f"{path}: cannot decode")
    return np.full(NUM_FEATURES, float(os.path.getsize(path)))


def slow_features(path: str) -> np.ndarray:
    time.sleep(0.3)  # long enough for a cancel to land while files are in flight
    return size_features(path)


def crash_on_boom(path: str) -> np.ndarray:
    """Kills its worker process (as a native crash in a decoder would) for a file named 'boom*'."""
    if Path(path).name.startswith("boom"):
        os._exit(11)
    return size_features(path)
