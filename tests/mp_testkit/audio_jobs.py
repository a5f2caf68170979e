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


def window_features(path: str) -> np.ndarray:
    """Through the real decoder (decode.load_window, no librosa features): the window's length."""
    from moodplayer.audio.decode import load_window

    return np.full(NUM_FEATURES, float(load_window(Path(path)).size))


def refused_on_locked(path: str) -> np.ndarray:
    """An access error (as a permission change between the check and the read gives) for 'locked*'."""
    if Path(path).name.startswith("locked"):
        from moodplayer.audio.errors import AudioAccessError

        raise AudioAccessError(f"{path}: cannot read (permission denied)")
    return size_features(path)
