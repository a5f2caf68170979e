"""Knowledge distillation: train one small net on the softened, averaged predictions of several.

An ensemble of differently seeded nets reads FER2013 1-2.5 points better than each of them
(Tang, Pramerdorfer, Pham: ``../shared/FER-TRAINING.md``) but costs their sum at run time. The
student learns from targets that mix the true label with the ensemble's opinion:
``y = (1 - weight) * one_hot + weight * soften(mean teacher probabilities, temperature)``.
With a cross-entropy loss that is the classic distillation loss up to a constant.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moodplayer.domain.errors import DatasetError


def soften(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities as if the logits were divided by ``temperature`` (> 1: softer, = 1: unchanged)."""
    logits = np.log(np.clip(probabilities, 1e-8, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def mix_targets(one_hot: np.ndarray, soft: np.ndarray, weight: float) -> np.ndarray:
    return (1.0 - weight) * one_hot + weight * soft


def ensemble_predict(models: list, images: np.ndarray, predict) -> np.ndarray:
    """The mean of each model's ``predict(model, images)`` (each already averaged over its test-time views)."""
    if not models:
        raise DatasetError("no teacher models to average")
    return np.mean([predict(model, images) for model in models], axis=0)


def load_teachers(paths: list[Path]) -> list:
    import keras

    teachers = []
    for path in paths:
        if not Path(path).is_file():
            raise DatasetError(f"teacher model not found: {path}")
        try:
            teachers.append(keras.models.load_model(path, compile=False))
        except Exception as error:  # Keras raises many types for a damaged archive
            raise DatasetError(f"{path}: cannot load the teacher ({type(error).__name__}: {error})") from None
    return teachers


def soft_targets(paths: list[Path], images: np.ndarray, temperature: float, cache: Path | None = None,
                 predict=None) -> np.ndarray:
    """The teachers' softened mean predictions for ``images`` (cached in ``cache`` across resumes)."""
    if cache is not None and cache.is_file():
        targets = np.load(cache)
        if targets.shape == (len(images), 7):
            return targets
    if predict is None:
        from moodplayer.training.predict import predict_with_flip as predict
    targets = soften(ensemble_predict(load_teachers(paths), images, predict), temperature).astype(np.float32)
    if cache is not None:
        np.save(cache, targets)
    return targets
