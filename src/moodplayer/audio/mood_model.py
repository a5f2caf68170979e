"""The audio mood model: features -> the nine GEMS emotions listeners report -> valence/arousal quadrant.

NumPy only (no librosa, no scikit-learn), so the window and ``moodplayer suggest`` load it in
milliseconds. The model is RBF kernel ridge regression from standardised features to the share
of listeners who felt each emotion (trained on Emotify, see models/AUDIO-MOOD.md and
``training/audio_mood.py``); the four quadrant scores are averages of those shares, turned into
probabilities by a softmax whose temperature was fitted on held-out folds.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from moodplayer.audio.featureset import FEATURE_NAMES, FEATURE_VERSION, NUM_FEATURES
from moodplayer.domain.errors import ModelLoadError
from moodplayer.resources import resource_path

# Emotify's nine GEMS emotions, in its labels.csv order.
GEMS: tuple[str, ...] = ("amazement", "solemnity", "tenderness", "nostalgia", "calmness", "power",
                         "joyful_activation", "tension", "sadness")
# Russell's quadrants and the GEMS emotions that stand for each (solemnity and nostalgia are mixed).
QUADRANTS: tuple[str, ...] = ("pleasant-energetic", "unpleasant-energetic", "unpleasant-calm", "pleasant-calm")
QUADRANT_EMOTIONS: tuple[tuple[str, ...], ...] = (
    ("joyful_activation", "power", "amazement"),
    ("tension",),
    ("sadness",),
    ("calmness", "tenderness"),
)
QUADRANT_VALENCE = np.array([1.0, -1.0, -1.0, 1.0])
QUADRANT_AROUSAL = np.array([1.0, 1.0, -1.0, -1.0])


def default_model_path() -> Path:
    return resource_path("models", "audio_mood.npz")


def quadrant_scores(emotions: np.ndarray) -> np.ndarray:
    """(n, 9) GEMS shares -> (n, 4) quadrant scores: the mean share of each quadrant's emotions."""
    emotions = np.atleast_2d(emotions)
    columns = [[GEMS.index(name) for name in names] for names in QUADRANT_EMOTIONS]
    return np.stack([emotions[:, c].mean(axis=1) for c in columns], axis=1)


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    scaled = np.atleast_2d(scores) / temperature
    scaled = scaled - scaled.max(axis=1, keepdims=True)
    weights = np.exp(scaled)
    return weights / weights.sum(axis=1, keepdims=True)


def rbf_kernel(a: np.ndarray, b: np.ndarray, gamma: float) -> np.ndarray:
    """exp(-gamma * |a_i - b_j|^2) for rows of a (n, f) and b (m, f): shape (n, m)."""
    squared = (a**2).sum(axis=1)[:, None] + (b**2).sum(axis=1)[None, :] - 2 * a @ b.T
    return np.exp(-gamma * np.maximum(squared, 0.0))


@dataclass(frozen=True)
class AudioMood:
    """What the model hears in one file."""

    quadrant_probabilities: np.ndarray  # (4,), QUADRANTS order, sums to 1
    emotions: np.ndarray  # (9,), predicted share of listeners feeling each GEMS emotion

    @property
    def valence(self) -> float:
        """-1 (unpleasant) .. 1 (pleasant)."""
        return float(self.quadrant_probabilities @ QUADRANT_VALENCE)

    @property
    def arousal(self) -> float:
        """-1 (calm) .. 1 (energetic)."""
        return float(self.quadrant_probabilities @ QUADRANT_AROUSAL)

    @property
    def quadrant(self) -> int:
        return int(np.argmax(self.quadrant_probabilities))


@dataclass(frozen=True)
class AudioMoodModel:
    """Kernel ridge regression: ``emotions = rbf(z, support) @ dual + offset`` with ``z`` the
    standardised features; then quadrant probabilities = softmax(quadrant_scores / temperature)."""

    mean: np.ndarray  # (F,) feature means on the training set
    scale: np.ndarray  # (F,) feature standard deviations (1 where constant)
    support: np.ndarray  # (n, F) standardised training features
    dual: np.ndarray  # (n, 9) dual coefficients
    offset: np.ndarray  # (9,) mean emotion shares of the training set
    gamma: float  # RBF width, per squared standardised unit
    temperature: float  # softmax temperature of the quadrant scores

    def standardise(self, features: np.ndarray) -> np.ndarray:
        """(n, F) or (F,) raw features -> (n, F) z-scores, clipped to +-6 so one odd value cannot dominate."""
        features = np.atleast_2d(np.asarray(features, dtype=np.float64))
        if features.shape[1] != NUM_FEATURES:
            raise ValueError(f"expected {NUM_FEATURES} features, got {features.shape[1]}")
        return np.clip((features - self.mean) / self.scale, -6.0, 6.0)

    def emotions(self, features: np.ndarray) -> np.ndarray:
        """(n, 9) predicted GEMS shares for (n, F) or (F,) raw features."""
        kernel = rbf_kernel(self.standardise(features), self.support, self.gamma)
        return kernel @ self.dual + self.offset

    def predict(self, features: np.ndarray) -> list[AudioMood]:
        emotions = self.emotions(features)
        probabilities = softmax(quadrant_scores(emotions), self.temperature)
        return [AudioMood(p, e) for p, e in zip(probabilities, emotions)]

    def predict_one(self, features: np.ndarray) -> AudioMood:
        return self.predict(features)[0]

    def save(self, path: Path) -> None:
        """Writes the arrays (no pickles) with the feature version and names they belong to."""
        np.savez_compressed(
            path, mean=self.mean, scale=self.scale, support=self.support.astype(np.float32),
            dual=self.dual, offset=self.offset, gamma=self.gamma, temperature=self.temperature,
            feature_version=FEATURE_VERSION, feature_names=np.array(FEATURE_NAMES),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> AudioMoodModel:
        """The model in ``path`` (default: the shipped ``models/audio_mood.npz``); ModelLoadError
        when it is missing, damaged or made for other features."""
        path = Path(path) if path is not None else default_model_path()
        try:
            with np.load(path, allow_pickle=False) as data:
                version = int(data["feature_version"])
                names = tuple(str(n) for n in data["feature_names"])
                arrays = {k: data[k] for k in ("mean", "scale", "support", "dual", "offset")}
                gamma, temperature = float(data["gamma"]), float(data["temperature"])
        except FileNotFoundError:
            raise ModelLoadError(f"audio mood model {path} not found") from None
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            raise ModelLoadError(f"audio mood model {path} is damaged ({error})") from None
        if version != FEATURE_VERSION or names != FEATURE_NAMES:
            raise ModelLoadError(f"audio mood model {path} was made for feature version {version}, "
                                 f"this MoodPlayer computes version {FEATURE_VERSION}: train it again")
        return cls(arrays["mean"], arrays["scale"], arrays["support"].astype(np.float64), arrays["dual"],
                   arrays["offset"], gamma, temperature)
