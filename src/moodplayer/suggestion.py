"""Which mood folder a song belongs in, from what the audio model hears and from the user's own folders.

Plain Python and NumPy, like ``selection.py``: no librosa, no Qt. ``suggest`` blends two opinions:
- the audio model's quadrant (Russell's circumplex): pleasant-energetic -> happy,
  unpleasant-energetic -> angry, unpleasant-calm -> sad, pleasant-calm -> neutral. Fear, disgust
  and surprise have no clear musical signature, so only the user's folders can suggest them;
- how close the song sounds to the songs the user already put in each mood folder ("my angry"
  means what the user means), weighted by how many such songs there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from moodplayer.audio.featureset import FEATURE_NAMES
from moodplayer.audio.mood_model import AudioMood, AudioMoodModel
from moodplayer.domain.emotions import EMOTIONS

QUADRANT_MOODS: tuple[str, ...] = ("happy", "angry", "sad", "neutral")
CONFIDENT = 0.5  # suggestions under this stay in the inbox when accepting all or sorting automatically
MIN_EXAMPLES = 3  # songs a mood folder needs before it teaches the suggestions
EXAMPLES_FOR_HALF_WEIGHT = 30  # with this many songs in the user's folders, they count as much as the model
MAX_FOLDER_WEIGHT = 0.8
NEIGHBOURS = 5  # a song's distance to a folder: the mean over its nearest songs there
DISTANCE_SCALE = 0.15  # RMS z-score difference that makes one folder e times likelier than another


@dataclass(frozen=True)
class Suggestion:
    """One file's suggested mood folder, or why there is none (``error``)."""

    path: Path
    mood: str | None = None
    confidence: float = 0.0  # 0..1, the blended probability of ``mood``
    valence: float = 0.0  # -1 unpleasant .. 1 pleasant (the audio model's)
    arousal: float = 0.0  # -1 calm .. 1 energetic
    reason: str = ""  # "fast, loud, minor -> angry"
    probabilities: dict[str, float] = field(default_factory=dict)  # mood -> probability, summing to 1
    error: str | None = None

    @property
    def confident(self) -> bool:
        return self.error is None and self.confidence >= CONFIDENT


class FolderProfile:
    """The user's sorted songs, standardised like the model's input, grouped by mood folder."""

    def __init__(self, examples: dict[str, np.ndarray]):
        # only moods with enough songs teach anything; the rest would be noise
        self.examples = {mood: np.atleast_2d(z) for mood, z in examples.items()
                         if mood in EMOTIONS and len(np.atleast_2d(z)) >= MIN_EXAMPLES}
        self.count = sum(len(z) for z in self.examples.values())

    @classmethod
    def from_features(cls, model: AudioMoodModel, features_by_mood: dict[str, list[np.ndarray]]) -> FolderProfile:
        return cls({mood: model.standardise(np.stack(rows)) for mood, rows in features_by_mood.items() if rows})

    @property
    def weight(self) -> float:
        """How much the folders count against the model (0 with no usable folder)."""
        if not self.examples:
            return 0.0
        return min(MAX_FOLDER_WEIGHT, self.count / (self.count + EXAMPLES_FOR_HALF_WEIGHT))

    def probabilities(self, z: np.ndarray) -> dict[str, float]:
        """Mood -> probability that the song (standardised, shape (F,)) belongs with that folder's songs."""
        if not self.examples:
            return {}
        distances = {}
        for mood, songs in self.examples.items():
            rms = np.sqrt(((songs - z) ** 2).mean(axis=1))
            distances[mood] = float(np.sort(rms)[:NEIGHBOURS].mean())
        nearest = min(distances.values())
        weights = {mood: np.exp(-(d - nearest) / DISTANCE_SCALE) for mood, d in distances.items()}
        total = sum(weights.values())
        return {mood: float(w / total) for mood, w in weights.items()}


def model_probabilities(heard: AudioMood) -> dict[str, float]:
    return {mood: float(p) for mood, p in zip(QUADRANT_MOODS, heard.quadrant_probabilities)}


def suggest(path: Path, features: np.ndarray, model: AudioMoodModel, profile: FolderProfile | None = None) -> Suggestion:
    heard = model.predict_one(features)
    blended = {mood: 0.0 for mood in EMOTIONS}
    weight = profile.weight if profile is not None else 0.0
    for mood, p in model_probabilities(heard).items():
        blended[mood] += (1 - weight) * p
    folder_vote: dict[str, float] = {}
    if weight:
        folder_vote = profile.probabilities(model.standardise(features)[0])
        for mood, p in folder_vote.items():
            blended[mood] += weight * p
    mood = max(blended, key=blended.get)
    words = describe(model.standardise(features)[0], features, mood)
    if folder_vote and max(folder_vote, key=folder_vote.get) == mood:
        words = [f"like your {mood} songs", *words[:2]]
    reason = f"{', '.join(words) or 'no single feature stands out'} -> {mood}"
    return Suggestion(Path(path), mood, blended[mood], heard.valence, heard.arousal, reason,
                      {m: p for m, p in blended.items() if p > 0})


_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
# (feature, word when high, word when low): each high word sounds energetic, each low one calm
_DESCRIPTORS = (
    ("tempo_bpm", "fast", "slow"),
    ("rms_db_mean", "loud", "soft"),
    ("centroid_hz_mean", "bright", "dark"),
    ("onset_rate", "busy", "sparse"),
    ("pulse_clarity", "steady beat", "free rhythm"),
)
_ENERGETIC = {high for _, high, _ in _DESCRIPTORS}
_CALM = {low for _, _, low in _DESCRIPTORS}
# The words that argue for each mood the model can suggest: its quadrant's arousal and valence.
_SUPPORTS = {"happy": _ENERGETIC | {"major"}, "angry": _ENERGETIC | {"minor"},
             "sad": _CALM | {"minor"}, "neutral": _CALM | {"major"}}
SALIENT = 0.5  # z-score beyond which a feature is worth a word
MODE_MARGIN = 0.05  # major minus minor key correlation beyond which the mode is named


def describe(z: np.ndarray, raw: np.ndarray, mood: str | None = None) -> list[str]:
    """Up to three words on what stands out in the song, most salient first: tempo, loudness,
    brightness, density, beat (against the training songs), and the mode of the best-fitting key.
    With ``mood``, only words that argue for it (a reason, not a contradiction)."""
    raw = np.atleast_2d(raw)[0]
    found = [(abs(z[_INDEX[name]]), high if z[_INDEX[name]] > 0 else low)
             for name, high, low in _DESCRIPTORS if abs(z[_INDEX[name]]) >= SALIENT]
    mode = raw[_INDEX["key_major_r"]] - raw[_INDEX["key_minor_r"]]
    if abs(mode) >= MODE_MARGIN:
        found.append((SALIENT + abs(mode), "major" if mode > 0 else "minor"))
    if mood in _SUPPORTS:
        found = [(salience, word) for salience, word in found if word in _SUPPORTS[mood]]
    return [word for _, word in sorted(found, key=lambda item: -item[0])[:3]]
