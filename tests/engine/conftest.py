"""Fixtures for the emotion engine: small generated data sets (the face photos are in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine_support import write_image

from moodplayer.domain.emotions import EMOTIONS


@pytest.fixture
def tiny_fer(tmp_path) -> Path:
    """A FER2013 folder layout with 6 train and 2 test noise faces per class."""
    rng = np.random.default_rng(0)
    root = tmp_path / "fer"
    for split, count in (("train", 6), ("test", 2)):
        for emotion in EMOTIONS:
            for i in range(count):
                write_image(root / split / emotion / f"{i}.jpg", rng.integers(0, 256, (48, 48), dtype=np.uint8))
    return root


@pytest.fixture
def tiny_fer_csv(tmp_path) -> Path:
    """The original fer2013.csv format, 4 training and 1 public-test row per class."""
    rng = np.random.default_rng(1)
    lines = ["emotion,pixels,Usage"]
    for label in range(len(EMOTIONS)):
        for usage in ("Training",) * 4 + ("PublicTest",):
            pixels = " ".join(map(str, rng.integers(0, 256, 48 * 48)))
            lines.append(f"{label},{pixels},{usage}")
    path = tmp_path / "fer2013.csv"
    path.write_text("\n".join(lines) + "\n")
    return path
