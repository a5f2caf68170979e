"""Fixtures for the personal-calibration tests: a real face photo (scikit-image's public-domain
astronaut portrait, as in tests/engine) and a frame with no face."""

import cv2
import numpy as np
import pytest


@pytest.fixture(scope="session")
def astronaut_bgr() -> np.ndarray:
    """Eileen Collins' NASA portrait (public domain, shipped with scikit-image): a smiling face."""
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture
def blank_bgr() -> np.ndarray:
    return np.full((240, 320, 3), 128, dtype=np.uint8)
