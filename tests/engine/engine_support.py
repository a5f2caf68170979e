"""Helpers shared by the engine tests (fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "models" / "emotion.tflite"  # what the app runs
SHIPPED_KERAS = SHIPPED_MODEL.with_suffix(".keras")  # what it was exported from


def write_image(path: Path, image: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), image)
    return path


def write_video(path: Path, frames: list[np.ndarray], fps: float = 15.0) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


class FixedClassifier:
    """Stands in for the CNN: the same probabilities for every face, and a count of calls."""

    def __init__(self, probabilities):
        self.probabilities = np.asarray(probabilities, dtype=np.float32)
        self.calls = []

    def load(self):
        pass

    def predict(self, faces):
        self.calls.append(len(faces))
        return np.tile(self.probabilities, (len(faces), 1))
