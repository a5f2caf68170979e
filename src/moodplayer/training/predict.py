"""Scoring a trained Keras net the way training reports it: each face's centre crop and its mirror
image, averaged (flip test-time augmentation). Used by ``train.py`` (validation and test scores)
and ``distill.py`` (the teachers' predictions); it imports neither, so they need not import each other."""

from __future__ import annotations

import numpy as np

from moodplayer.vision.emotion import centre_crop


def predict_with_flip(model, images: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """Mean softmax over each face's centre crop and its mirror image: ``(n, 48, 48)`` -> ``(n, 7)``."""
    x = centre_crop(images, model.input_shape[1])[..., None].astype("float32")
    direct = model.predict(x, batch_size=batch_size, verbose=0)
    mirrored = model.predict(x[:, :, ::-1], batch_size=batch_size, verbose=0)
    return (direct + mirrored) / 2.0
