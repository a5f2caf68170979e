"""The emotion CNN behind a narrow boundary: ``predict(faces (n, 48, 48) uint8) -> (n, 7)``.

``predict_with_features`` also returns the network's last hidden layer (the input of its softmax
layer, 256 numbers a net; the shipped two-net ensemble gives both side by side, 512): what
personal calibration (vision/calibration.py) compares faces by. A model exported before it had
that second output gives ``(n, 0)`` features.

The app runs ``models/emotion.tflite`` with LiteRT (``ai-edge-litert``): a 0.1 s import and a
few MB, where TensorFlow costs 3-5 s and ~700 MB (shared/NOTES.md, "LiteRT"). A ``.keras`` file
given explicitly still runs through TensorFlow, for training experiments (``moodplayer evaluate
--model runs/x/emotion.keras``). Either runtime is imported on ``load()``, never at module import.

A model may take a smaller square than 48 px (a net trained on random crops): it gets the centre
crop of each face, and the mirror image of that crop with flip TTA, as training scores it.
"""

from __future__ import annotations

import contextlib
import hashlib
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
from moodplayer.vision.model_files import EMOTION_MODEL
from moodplayer.vision.model_files import model_path as shipped_model_path

logger = logging.getLogger(__name__)

FACE_SIZE = 48  # px: the crop vision/faces.py makes, and the largest input a model may take
MIN_INPUT = 16  # px: the smallest crop `moodplayer train --crop` accepts
TFLITE_IDENTIFIER = b"TFL3"  # the flatbuffer file identifier, bytes 4-8 of every .tflite file
# The names of the two outputs of an exported model's signature (training/export.py writes them).
PROBABILITIES, FEATURES = "probabilities", "features"


class EmotionClassifier:
    """The shipped model; each face is scored with its mirror image (flip TTA) in one batch.

    Args:
        model_path: a ``.tflite`` file (LiteRT), or a ``.keras`` one (TensorFlow, for experiments);
            default ``models/emotion.tflite``.
        flip_tta: average each face's probabilities with those of its mirror image.
        num_threads: LiteRT's CPU threads (1: the camera and the GUI keep the other cores).
    """

    def __init__(self, model_path: Path | None = None, flip_tta: bool = True, num_threads: int = 1):
        self.path = Path(model_path) if model_path else shipped_model_path(EMOTION_MODEL)
        self.flip_tta = flip_tta
        self.num_threads = num_threads
        self.input_size: int | None = None  # px, the model's square input once loaded
        self.feature_size: int | None = None  # width of the last hidden layer once loaded (0: not exported)
        self._forward = None  # (m, s, s, 1) float32 -> ((m, 7) probabilities, (m, d) features)
        self._sha256: str | None = None
        # One load, and one inference at a time: a LiteRT interpreter is not thread-safe.
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._forward is not None

    def load(self) -> None:
        """Load the model (LiteRT: ~0.1 s; .keras: TensorFlow, seconds); ModelLoadError when it is unusable."""
        with self._lock:
            if self._forward is not None:
                return
            if not self.path.is_file():
                raise ModelLoadError(f"emotion model not found: {self.path}")
            _check_labels(self.path)
            keras_file = self.path.suffix.lower() == ".keras"
            # TensorFlow's and LiteRT's C++ start-up notes ("oneDNN custom operations", "Created
            # TensorFlow Lite XNNPACK delegate") bypass their log levels; Python exceptions still come through.
            with native_stderr_silenced():
                if keras_file:
                    self._forward, self.input_size, self.feature_size = _load_keras(self.path)
                else:
                    self._forward, self.input_size, self.feature_size = _load_tflite(self.path, self.num_threads)
            logger.info("emotion model %s loaded (%s, %dx%d px input, %d hidden features)", self.path,
                        "TensorFlow" if keras_file else "LiteRT", self.input_size, self.input_size,
                        self.feature_size)

    @property
    def sha256(self) -> str:
        """The model's identity: the sha256 of its file (hex), read once. Personal corrections
        are kept per model (library/corrections.py), as they were made against its outputs."""
        if self._sha256 is None:
            digest = hashlib.sha256()
            try:
                with open(self.path, "rb") as file:
                    for block in iter(lambda: file.read(1 << 20), b""):
                        digest.update(block)
            except OSError as error:
                raise ModelLoadError(f"{self.path}: cannot read the model ({error.strerror})") from None
            self._sha256 = digest.hexdigest()
        return self._sha256

    def predict(self, faces: np.ndarray) -> np.ndarray:
        """Class probabilities ``(n, 7)`` in FER2013 order for ``(n, 48, 48)`` uint8 faces."""
        return self._run(faces, features=False)[0]

    def predict_with_features(self, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(probabilities (n, 7), features (n, d))`` float32 for ``(n, 48, 48)`` uint8 faces.

        The features are the last hidden layer (the softmax layer's input), averaged over the face
        and its mirror image as the probabilities are; ``d`` is ``feature_size`` (0 for a model
        exported without that output).
        """
        return self._run(faces, features=True)

    def _run(self, faces: np.ndarray, features: bool) -> tuple[np.ndarray, np.ndarray | None]:
        faces = np.asarray(faces)
        if faces.ndim != 3 or faces.shape[1:] != (FACE_SIZE, FACE_SIZE):
            raise ValueError(f"expected faces of shape (n, {FACE_SIZE}, {FACE_SIZE}), got {faces.shape}")
        if len(faces) == 0:
            if features:
                self.load()  # for the width of the features
            return (np.zeros((0, NUM_EMOTIONS), dtype=np.float32),
                    np.zeros((0, self.feature_size), dtype=np.float32) if features else None)
        self.load()
        x = centre_crop(faces, self.input_size)[..., None].astype(np.float32)
        if self.flip_tta:
            x = np.concatenate([x, x[:, :, ::-1]])  # face and mirror in one call
        with self._lock:
            outputs = self._forward(x, features)
        outputs = [np.asarray(o, dtype=np.float32) if o is not None else None for o in outputs]
        if self.flip_tta:
            outputs = [(o[: len(faces)] + o[len(faces):]) / 2.0 if o is not None else None for o in outputs]
        return outputs[0], outputs[1]


def centre_crop(faces: np.ndarray, size: int) -> np.ndarray:
    """The centre ``size`` x ``size`` square of ``(n, 48, 48)`` faces (a net trained on random crops)."""
    margin = (faces.shape[1] - size) // 2
    if margin <= 0:
        return faces
    return faces[:, margin:margin + size, margin:margin + size]


def _check_shapes(path: Path, input_shape, output_shape) -> int:
    """The square input size of a model taking ``(batch, s, s, 1)`` faces (16 <= s <= 48) to 7 classes."""
    input_shape, output_shape = (tuple(None if d is None else int(d) for d in shape)  # Keras: None; LiteRT: int32
                                 for shape in (input_shape, output_shape))
    if (len(input_shape) != 4 or input_shape[1] != input_shape[2] or input_shape[3] != 1
            or not MIN_INPUT <= (input_shape[1] or 0) <= FACE_SIZE or output_shape[-1:] != (NUM_EMOTIONS,)):
        raise ModelLoadError(f"{path}: expected square grayscale faces of {MIN_INPUT}-{FACE_SIZE} px in "
                             f"and {NUM_EMOTIONS} classes out, got {input_shape} -> {output_shape}")
    return int(input_shape[1])


def _load_tflite(path: Path, num_threads: int):
    """(forward function, input size in px, feature width) of the LiteRT model at ``path``.

    Outputs are found by their signature names (``probabilities``, ``features``), never by their
    order: the converter lists a model's outputs in its own order. A file with one output (exported
    before the features were) still loads, with no features.
    """
    with open(path, "rb") as file:
        head = file.read(8)
    if head[4:8] != TFLITE_IDENTIFIER:
        raise ModelLoadError(f"{path}: not a TFLite model file (corrupt or wrong format)")
    from ai_edge_litert.interpreter import Interpreter  # deferred on purpose, see the module docstring

    try:
        interpreter = Interpreter(model_path=str(path), num_threads=num_threads)
    except (ValueError, RuntimeError) as error:  # the flatbuffer verifier's and the op resolver's errors
        raise ModelLoadError(f"{path}: cannot load the model ({type(error).__name__}: {error})") from None
    inputs, outputs = interpreter.get_input_details(), interpreter.get_output_details()
    named = _signature_outputs(interpreter)
    if len(outputs) == 2 and set(named) == {PROBABILITIES, FEATURES}:
        by_index = {d["index"]: d for d in outputs}
        probabilities, features = by_index[named[PROBABILITIES]], by_index[named[FEATURES]]
    elif len(outputs) == 1:
        probabilities, features = outputs[0], None
    else:
        probabilities = features = None
    if len(inputs) != 1 or probabilities is None or inputs[0]["dtype"] != np.float32:
        raise ModelLoadError(f"{path}: expected one float32 input and one output (or '{PROBABILITIES}' and "
                             f"'{FEATURES}'), got {[(d['shape'].tolist(), d['dtype'].__name__) for d in inputs]} -> "
                             f"{[d['shape'].tolist() for d in outputs]}")
    size = _check_shapes(path, inputs[0]["shape"], probabilities["shape"])
    width = int(features["shape"][-1]) if features is not None else 0
    forward = _LiteRtForward(interpreter, inputs[0]["index"], probabilities["index"],
                             features["index"] if features is not None else None, size)
    return forward, size, width


def _signature_outputs(interpreter) -> dict[str, int]:
    """Output name -> tensor index of the model's only signature ({} for a file without one)."""
    try:
        signatures = interpreter.get_signature_list()
        if len(signatures) != 1:
            return {}
        runner = interpreter.get_signature_runner(next(iter(signatures)))
        return {name: int(detail["index"]) for name, detail in runner.get_output_details().items()}
    except (ValueError, RuntimeError, KeyError):  # no usable signature: fall back on the output count
        return {}


class _LiteRtForward:
    """Runs a LiteRT interpreter on a batch, resizing its input only when the batch size changes."""

    def __init__(self, interpreter, input_index: int, output_index: int, features_index: int | None, size: int):
        self.interpreter = interpreter
        self.input_index = input_index
        self.output_index = output_index
        self.features_index = features_index
        self.size = size
        self.batch = None  # the batch size the tensors are allocated for
        # Allocate for one face and its mirror now, not on the first detection.
        self(np.zeros((2, size, size, 1), dtype=np.float32))

    def __call__(self, x: np.ndarray, features: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        if len(x) != self.batch:
            self.interpreter.resize_tensor_input(self.input_index, [len(x), self.size, self.size, 1], strict=True)
            self.interpreter.allocate_tensors()
            self.batch = len(x)
        self.interpreter.set_tensor(self.input_index, np.ascontiguousarray(x, dtype=np.float32))
        self.interpreter.invoke()
        # get_tensor copies: the next invoke does not change what it returned.
        probabilities = self.interpreter.get_tensor(self.output_index)
        if not features:
            return probabilities, None
        if self.features_index is None:
            return probabilities, np.zeros((len(x), 0), dtype=np.float32)
        return probabilities, self.interpreter.get_tensor(self.features_index)


def _load_keras(path: Path):
    """(traced forward function, input size in px, feature width) of the Keras model at ``path``."""
    if not zipfile.is_zipfile(path):
        raise ModelLoadError(f"{path}: not a Keras model file (corrupt or wrong format)")
    try:
        import keras  # deferred on purpose, see the module docstring
        import tensorflow as tf
    except ImportError:
        raise ModelLoadError(f"{path}: a .keras model needs TensorFlow (pip install 'moodplayer[train]'); "
                             f"the app runs the .tflite one") from None

    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as error:  # Keras raises many types for a damaged archive
        raise ModelLoadError(f"{path}: cannot load the model ({type(error).__name__}: {error})") from None
    both = two_outputs(model)
    size = _check_shapes(path, model.input_shape, both.output[PROBABILITIES].shape)

    # A traced graph with a fixed signature: eager calls cost ~7x more (shared/NOTES.md).
    @tf.function(input_signature=[tf.TensorSpec([None, size, size, 1], tf.float32)], reduce_retracing=True)
    def traced(x):
        outputs = both(x, training=False)
        return outputs[PROBABILITIES], outputs[FEATURES]

    traced(tf.zeros((1, size, size, 1)))  # trace once now, not on the first detection

    def forward(x, features: bool = False):
        probabilities, hidden = traced(x)
        return probabilities.numpy(), hidden.numpy() if features else None

    return forward, size, int(both.output[FEATURES].shape[-1])


def two_outputs(model):
    """The Keras ``model`` with its two named outputs: itself when it has them (an ensemble saved by
    ``moodplayer export --keras-out``), else ``with_features(model)`` (a net as trained)."""
    output = model.output
    if isinstance(output, dict) and set(output) == {PROBABILITIES, FEATURES}:
        return model
    return with_features(model)


def with_features(model, name: str | None = None):
    """The Keras ``model`` with two named outputs: its ``probabilities``, and as ``features`` the
    input of its last layer (the softmax layer), i.e. the network's last hidden layer."""
    import keras

    return keras.Model(model.inputs, {PROBABILITIES: model.outputs[0], FEATURES: model.layers[-1].input},
                       name=name or model.name)


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
def native_stderr_silenced():
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
