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


def stuck_on_stuck(path: str) -> np.ndarray:
    """Never returns for a file named 'stuck*' (as a decoder caught in a loop would)."""
    if Path(path).name.startswith("stuck"):
        time.sleep(3600)
    return size_features(path)


def changed_while_read(path: str) -> np.ndarray:
    """For a file named 'changing*', the file is rewritten while it is read (a tagger saving it)."""
    features = size_features(path)
    if Path(path).name.startswith("changing"):
        with open(path, "ab") as song:
            song.write(b"tagged")
    return features


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


def logged_loudness(path: str) -> list[float]:
    """A loudness job that appends each path to the file named by $MOODPLAYER_TEST_JOB_LOG (the order
    songs are measured in) and answers, for a song named ``<mood>-<n>``, -30 + 5n LUFS (``sad-2``:
    -20), peak 0.5, with its 100 blocks in that 1 LU band."""
    from moodplayer.audio.loudness import HISTOGRAM_BINS, HISTOGRAM_EDGES

    with open(os.environ["MOODPLAYER_TEST_JOB_LOG"], "a", encoding="utf-8") as log:
        log.write(path + "\n")
    lufs = -30.0 + 5 * int(Path(path).stem.rsplit("-", 1)[1])
    histogram = np.zeros(HISTOGRAM_BINS)
    histogram[np.searchsorted(HISTOGRAM_EDGES, lufs, side="right") - 1] = 100
    return [lufs, 0.5, *histogram]


def held_loudness(path: str) -> list[float]:
    """``logged_loudness``, after waiting (up to 60 s) for the file $MOODPLAYER_TEST_JOB_GO to exist:
    the test decides when the first song's measure ends."""
    go = Path(os.environ["MOODPLAYER_TEST_JOB_GO"])
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return logged_loudness(path)
