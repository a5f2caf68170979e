"""``moodplayer export``: a trained ``.keras`` model as the ``.tflite`` file the app runs with LiteRT.

Keras -> TensorFlow SavedModel -> ``tf.lite.TFLiteConverter``, float32 and unquantized by default,
so the app's predictions equal the Keras model's (within 1e-4, checked on every export). TensorFlow is
needed here (``moodplayer[train]``), never in the app.

``int8_weights``: dynamic-range quantization (weights stored as int8, activations float; no
calibration data needed). Measured with the shipped pair (models/README.md): a quarter of the
file, a quarter of the classification time on one core, the same accuracy; its outputs then
agree with Keras within the looser ``INT8_TOLERANCE``.

The file has two named outputs: ``probabilities`` (n, 7) and ``features``, the network's last
hidden layer (the softmax layer's input, (n, 256) for one net, (n, 512) for the shipped pair),
which personal calibration compares faces by (vision/calibration.py). Both are checked against Keras.

Several ``.keras`` models export as one ensemble file: every member reads the same face,
``probabilities`` is the mean of theirs and ``features`` their hidden layers side by side, so the
app runs it behind the same ``EmotionClassifier`` (flip TTA and personal calibration unchanged).
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from moodplayer.domain.errors import ModelLoadError
from moodplayer.vision.emotion import (FACE_SIZE, FEATURES, PROBABILITIES, EmotionClassifier, centre_crop,
                                       native_stderr_silenced, two_outputs, with_features)

logger = logging.getLogger(__name__)

TOLERANCE = 1e-4  # largest difference in any probability between the Keras model and its .tflite
# ... and in any hidden feature, relative to the largest feature (they are unbounded ReLU averages)
FEATURE_TOLERANCE = 1e-4
CHECK_FACES = 8  # seeded noise faces the two are compared on
# With int8 weights: the shipped pair's probabilities moved by at most 0.0008 on the check faces
# (0.012 over 1,000 PublicTest faces) and its features by 0.012 of their range (0.046): 2-4x margin.
INT8_TOLERANCE = 0.02
INT8_FEATURE_TOLERANCE = 0.05


def export_tflite(keras_path: Path | list[Path], tflite_path: Path, keras_out: Path | None = None,
                  int8_weights: bool = False) -> Path:
    """Convert the Keras model at ``keras_path`` (or several: one ensemble) to ``tflite_path``;
    ModelLoadError when it cannot be used. ``keras_out``: also save the Keras model exported (for an
    ensemble, the one model of its members that the .tflite came from). ``int8_weights``: quantize
    the weights (see the module's text).

    Each file is written beside its final name and renamed into place once LiteRT has loaded the
    .tflite and agreed with Keras, so a failed export never leaves a half-written model where the
    app looks.
    """
    keras_paths = [Path(path) for path in (keras_path if isinstance(keras_path, (list, tuple)) else [keras_path])]
    tflite_path = Path(tflite_path)
    for path in keras_paths:
        if not path.is_file():
            raise ModelLoadError(f"model not found: {path}")
        if not zipfile.is_zipfile(path):
            raise ModelLoadError(f"{path}: not a Keras model file (corrupt or wrong format)")
    tflite_path.parent.mkdir(parents=True, exist_ok=True)
    partial = tflite_path.with_name(f".{tflite_path.name}.partial.tflite")
    partial_keras = keras_out.with_name(f".{keras_out.name}.partial.keras") if keras_out else None
    try:
        # TensorFlow's converter writes pages of C++ notes to file descriptor 2; errors still raise.
        with native_stderr_silenced():
            model = _load(keras_paths)
            content = tflite_bytes(model, int8_weights)
        partial.write_bytes(content)
        if int8_weights:
            _check_same_predictions(model, partial, INT8_TOLERANCE, INT8_FEATURE_TOLERANCE)
        else:
            _check_same_predictions(model, partial)
        if keras_out:
            keras_out.parent.mkdir(parents=True, exist_ok=True)
            two_outputs(model).save(partial_keras)
            os.replace(partial_keras, keras_out)
        os.replace(partial, tflite_path)
    finally:
        partial.unlink(missing_ok=True)
        if partial_keras:
            partial_keras.unlink(missing_ok=True)
    logger.info("%s exported to %s (%d bytes)", ", ".join(map(str, keras_paths)), tflite_path, len(content))
    return tflite_path


def _load(keras_paths: list[Path]):
    """The Keras model to export: the one model, or the ensemble of several."""
    import keras  # deferred: TensorFlow takes seconds to import, and only training needs it

    models = []
    for path in keras_paths:
        try:
            models.append(keras.models.load_model(path, compile=False))
        except Exception as error:  # Keras raises many types for a damaged archive
            raise ModelLoadError(f"{path}: cannot load the model ({type(error).__name__}: {error})") from None
    return models[0] if len(models) == 1 else ensemble_model(models)


def ensemble_model(models: list):
    """One Keras model of several trained on the same crop: ``probabilities`` the mean of the
    members', ``features`` their last hidden layers side by side (member after member)."""
    import keras

    shapes = {tuple(model.input_shape[1:]) for model in models}
    if len(shapes) != 1:
        raise ModelLoadError(f"the ensemble's members read different inputs {sorted(shapes)}: train them on "
                             f"one crop size")
    face = keras.Input(shape=models[0].input_shape[1:], name="face")
    # Each member under a name of its own: the members' layers share names (they are the same net).
    outputs = [with_features(model, name=f"member_{number}")(face) for number, model in enumerate(models, 1)]
    probabilities = keras.layers.Average(name=PROBABILITIES)([output[PROBABILITIES] for output in outputs])
    features = keras.layers.Concatenate(name=FEATURES)([output[FEATURES] for output in outputs])
    return keras.Model(face, {PROBABILITIES: probabilities, FEATURES: features}, name="emotion_ensemble")


def tflite_bytes(model, int8_weights: bool = False) -> bytes:
    """The .tflite of a Keras model, by way of a TensorFlow SavedModel; the batch size stays free.

    Float32 throughout, or with ``int8_weights`` int8 weights (dynamic-range quantization). A
    one-output model gets its last hidden layer as a second output, ``features``.
    """
    import tensorflow as tf

    model = two_outputs(model)
    with tempfile.TemporaryDirectory(prefix="moodplayer-export-") as folder:
        saved = Path(folder) / "saved_model"
        model.export(str(saved), format="tf_saved_model", verbose=False)
        converter = tf.lite.TFLiteConverter.from_saved_model(str(saved))
        if int8_weights:
            # Dynamic range: int8 weights; LiteRT quantizes each activation on the fly for its int8 kernels.
            converter.optimizations = [tf.lite.Optimize.DEFAULT]
        return converter.convert()


def _check_same_predictions(model, tflite_path: Path, tolerance: float = TOLERANCE,
                            feature_tolerance: float = FEATURE_TOLERANCE) -> None:
    """Refuse a .tflite whose probabilities or features differ from the Keras model's (a converter
    bug, a wrong op, outputs swapped)."""
    faces = np.random.default_rng(0).integers(0, 256, (CHECK_FACES, FACE_SIZE, FACE_SIZE), dtype=np.uint8)
    classifier = EmotionClassifier(tflite_path, flip_tta=False)
    classifier.load()  # ModelLoadError for a wrong shape, as the app would say it
    x = centre_crop(faces, classifier.input_size)[..., None].astype(np.float32)
    expected = two_outputs(model).predict(x, verbose=0)
    probabilities, features = classifier.predict_with_features(faces)
    difference = float(np.abs(probabilities - expected[PROBABILITIES]).max())
    if difference > tolerance:
        raise ModelLoadError(f"{tflite_path.name}: LiteRT and Keras differ by {difference:.2g} (> {tolerance})")
    if features.shape != expected[FEATURES].shape:
        raise ModelLoadError(f"{tflite_path.name}: hidden features of shape {features.shape}, Keras has "
                             f"{expected[FEATURES].shape}")
    scale = max(1.0, float(np.abs(expected[FEATURES]).max()))
    feature_difference = float(np.abs(features - expected[FEATURES]).max()) / scale
    if feature_difference > feature_tolerance:
        raise ModelLoadError(f"{tflite_path.name}: LiteRT and Keras hidden features differ by "
                             f"{feature_difference:.2g} of their range (> {feature_tolerance})")
    logger.info("LiteRT and Keras differ by at most %.2g in a probability and %.2g in a hidden feature "
                "(of max(1, the largest)) on %d faces", difference, feature_difference, CHECK_FACES)
