"""Where the shipped model files live: models/ among the package data (see resources.py)."""

from __future__ import annotations

import os
from pathlib import Path

from moodplayer.resources import resource_path

EMOTION_MODEL = "emotion.tflite"  # run with LiteRT; emotion.keras is what it was exported from
FACE_MODEL = "face_detection_yunet_2026may.onnx"


def models_dir() -> Path:
    """``$MOODPLAYER_MODELS`` if set, else the shipped ``models/`` (wheel, bundle or source tree)."""
    override = os.environ.get("MOODPLAYER_MODELS")
    if override:
        return Path(override)
    return resource_path("models")


def model_path(name: str) -> Path:
    return models_dir() / name
