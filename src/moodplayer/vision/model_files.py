"""Where the shipped model files live: the repo's models/ folder, or the bundle's when frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EMOTION_MODEL = "emotion.tflite"  # run with LiteRT; emotion.keras is what it was exported from
FACE_MODEL = "face_detection_yunet_2026may.onnx"


def models_dir() -> Path:
    """``$MOODPLAYER_MODELS`` if set, else ``models/`` in the PyInstaller bundle or the source tree."""
    override = os.environ.get("MOODPLAYER_MODELS")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "models"
    return Path(__file__).resolve().parents[3] / "models"


def model_path(name: str) -> Path:
    return models_dir() / name
