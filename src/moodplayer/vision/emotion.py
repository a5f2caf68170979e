"""The emotion CNN behind a narrow boundary: ``predict(faces (n, 48, 48) uint8) -> (n, 7)``.

TensorFlow is imported on ``load()``, never at module import: it takes seconds, and callers
that only need the camera must not pay for it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np

from moodplayer.domain.emotions import EMOTIONS, NUM_EMOTIONS
from moodplayer.domain.errors import ModelLoadError
from moodplayer.vision.model_files import EMOTION_MODEL, model_path

logger = logging.getLogger(__name__)


class EmotionClassifier:
    """The committed Keras model; each face is scored with its mirror image (flip TTA) in one batch."""

    def __init__(self, model_path_: Path | None = None, flip_tta: bool = True):
        self.path = Path(model_path_) if model_path_ else model_path(EMOTION_MODEL)
        self.flip_tta = flip_tta
        self._forward = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._forward is not None

    def load(self) -> None:
        """Import TensorFlow and load the model (seconds); ModelLoadError when the file is unusable."""
        with self._lock:
            if self._forward is not None:
                return
            if not self.path.is_file():
                raise ModelLoadError(f"emotion model not found: {self.path}")
            if not zipfile.is_zipfile(self.path):
                raise ModelLoadError(f"{self.path}: not a Keras model file (corrupt or wrong format)")
            _check_labels(self.path)
            # TensorFlow's C++ start-up notes ("oneDNN custom operations", "failed call to cuInit")
            # bypass its log level; Python exceptions still come through.
            with _native_stderr_silenced():
                self._forward, parameters = _load_forward(self.path)
            logger.info("emotion model %s loaded (%d parameters)", self.path, parameters)

    def predict(self, faces: np.ndarray) -> np.ndarray:
        """Class probabilities ``(n, 7)`` in FER2013 order for ``(n, 48, 48)`` uint8 faces."""
        faces = np.asarray(faces)
        if faces.ndim != 3 or faces.shape[1:] != (48, 48):
            raise ValueError(f"expected faces of shape (n, 48, 48), got {faces.shape}")
        if len(faces) == 0:
            return np.zeros((0, NUM_EMOTIONS), dtype=np.float32)
        self.load()
        x = faces[..., None].astype(np.float32)
        if not self.flip_tta:
            return np.asarray(self._forward(x))
        both = np.asarray(self._forward(np.concatenate([x, x[:, :, ::-1]])))
        return (both[: len(x)] + both[len(x):]) / 2.0


def centre_crop(faces: np.ndarray, size: int) -> np.ndarray:
    """The centre ``size`` x ``size`` square of ``(n, 48, 48)`` faces (a net trained on random crops)."""
    margin = (faces.shape[1] - size) // 2
    if margin <= 0:
        return faces
    return faces[:, margin:margin + size, margin:margin + size]


def _load_forward(path: Path):
    """(traced forward function, parameter count) of the Keras model at ``path``."""
    import tensorflow as tf  # deferred on purpose, see the module docstring

    import keras

    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as error:  # Keras raises many types for a damaged archive
        raise ModelLoadError(f"{path}: cannot load the model ({type(error).__name__}: {error})") from None
    if tuple(model.input_shape[1:]) != (48, 48, 1) or model.output_shape[-1] != NUM_EMOTIONS:
        raise ModelLoadError(f"{path}: expected 48x48x1 faces in and {NUM_EMOTIONS} classes out, "
                             f"got {model.input_shape} -> {model.output_shape}")

    # A traced graph with a fixed signature: eager calls cost ~7x more (shared/NOTES.md).
    @tf.function(input_signature=[tf.TensorSpec([None, 48, 48, 1], tf.float32)], reduce_retracing=True)
    def forward(x):
        return model(x, training=False)

    forward(tf.zeros((1, 48, 48, 1)))  # trace once now, not on the first detection
    return forward, model.count_params()


def _check_labels(model_file: Path) -> None:
    """The label list stored beside the model must match the FER2013 order the app assumes."""
    labels_file = model_file.with_name("emotion_labels.json")
    if not labels_file.is_file():
        return
    try:
        labels = json.loads(labels_file.read_text())
    except (OSError, ValueError) as error:
        raise ModelLoadError(f"{labels_file}: unreadable ({error})") from None
    if tuple(labels) != EMOTIONS:
        raise ModelLoadError(f"{labels_file}: labels {labels} differ from {list(EMOTIONS)}")


@contextlib.contextmanager
def _native_stderr_silenced():
    """Point file descriptor 2 at /dev/null for a moment (Python exceptions still propagate)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
