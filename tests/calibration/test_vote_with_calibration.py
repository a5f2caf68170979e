"""The 10-frame vote with personal calibration (vision/mood.py): each frame adjusted before the vote,
the raw mean kept beside the adjusted one, the mean hidden vector for a correction, and group
readings never adjusted nor correctable."""

import numpy as np
import pytest
from engine_support import FixedClassifier

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.corrections import CorrectionStore
from moodplayer.vision.calibration import Calibration
from moodplayer.vision.mood import MoodDetector, read_frames

MODEL = "c" * 64
SAD_READING = np.array([0.02, 0.01, 0.02, 0.05, 0.6, 0.05, 0.25])  # the network: sad, neutral second


class FeatureClassifier(FixedClassifier):
    """The same probabilities and hidden vector for every face, and the model's identity."""

    sha256 = MODEL

    def __init__(self, probabilities, features):
        super().__init__(probabilities)
        self.features = np.asarray(features, dtype=np.float32)

    def predict_with_features(self, faces):
        self.calls.append(len(faces))
        return np.tile(self.probabilities, (len(faces), 1)), np.tile(self.features, (len(faces), 1))


def neutral_is_read_as_sad(rng):
    """A calibration made from a listener's corrections: their neutral face reads as sad."""
    store = CorrectionStore()
    base = rng.uniform(1, 2, 32)
    faces = {mood: np.abs(base + rng.normal(0, 0.5, 32)) for mood in EMOTIONS}
    for mood in EMOTIONS:
        probabilities = SAD_READING if mood == "neutral" else np.eye(7)[EMOTIONS.index(mood)] * 0.6 + 0.4 / 7
        store.add(probabilities, faces[mood], mood, "sad" if mood == "neutral" else mood, MODEL)
    return Calibration.from_corrections(store.corrections(MODEL), MODEL), faces


def test_without_calibration_the_reading_is_the_network_s(astronaut_bgr):
    features = np.linspace(0, 1, 32)
    detector = MoodDetector(FeatureClassifier(SAD_READING, features))
    result = detector.analyse([astronaut_bgr] * 3)
    assert result.mood == "sad" and not result.adjusted and result.correctable
    assert result.raw_probabilities == result.probabilities
    assert result.model == MODEL
    assert np.allclose(result.features, features, atol=1e-6)  # the mean over the frames
    assert "features" not in result.to_json() and result.to_json()["raw_probabilities"]["sad"] == 0.6


def test_a_calibration_adjusts_each_frame_before_the_vote(astronaut_bgr):
    calibration, faces = neutral_is_read_as_sad(np.random.default_rng(0))
    classifier = FeatureClassifier(SAD_READING, faces["neutral"])
    detector = MoodDetector(classifier, calibration=calibration)
    result = detector.analyse([astronaut_bgr] * 4)
    assert result.adjusted and result.mood == "neutral" and result.votes == {"neutral": 4}
    assert result.raw_probabilities["sad"] == 0.6  # shown on request
    assert result.probabilities["neutral"] > result.raw_probabilities["neutral"]
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert classifier.calls == [4]  # still one batch
    detector.calibration = None  # the setting turned off: the network's reading again
    assert detector.analyse([astronaut_bgr]).mood == "sad"
    # a sad face of the same listener stays sad
    detector.calibration = calibration
    classifier.features = faces["sad"]
    assert detector.analyse([astronaut_bgr]).mood == "sad"


def test_read_frames_is_the_vote_of_adjusted_frames():
    calibration, faces = neutral_is_read_as_sad(np.random.default_rng(1))
    probabilities = np.tile(SAD_READING, (3, 1))
    features = np.tile(faces["neutral"], (3, 1))
    reading = read_frames(probabilities, features, calibration)
    assert reading.mood == "neutral" and reading.adjusted
    assert reading.raw_probabilities["sad"] == pytest.approx(0.6)
    plain = read_frames(probabilities, features)
    assert plain.mood == "sad" and not plain.adjusted and plain.probabilities == {
        name: round(float(p), 4) for name, p in zip(EMOTIONS, SAD_READING)}
    assert read_frames(probabilities, features, Calibration.none()).adjusted is False


def test_a_group_reading_is_never_adjusted(astronaut_bgr):
    calibration, faces = neutral_is_read_as_sad(np.random.default_rng(2))
    detector = MoodDetector(FeatureClassifier(SAD_READING, faces["neutral"]), calibration=calibration)
    pair = np.hstack([astronaut_bgr, astronaut_bgr[:, ::-1]])  # two faces
    group = detector.analyse_group([pair] * 3)
    assert group.group and group.mood == "sad" and not group.adjusted and not group.correctable
    alone = detector.analyse_group([astronaut_bgr] * 3)  # group mode, one face: the closest, not adjusted
    assert not alone.group and alone.note and alone.mood == "sad" and not alone.adjusted and not alone.correctable
    with pytest.raises(ValueError):
        CorrectionStore().record(alone, "neutral")


def test_a_classifier_without_hidden_features_still_votes(astronaut_bgr, blank_bgr):
    calibration, _ = neutral_is_read_as_sad(np.random.default_rng(3))
    detector = MoodDetector(FixedClassifier(SAD_READING), calibration=calibration)
    result = detector.analyse([astronaut_bgr, blank_bgr])
    assert result.features == () and result.model == "" and result.frames_with_face == 1
    assert result.adjusted  # the per-person shift alone
    none = detector.analyse([blank_bgr])
    assert none.mood is None and not none.correctable


def test_a_correction_of_a_detection_changes_the_next_one(astronaut_bgr):
    # The window's path end to end: detect, "Not right?", rebuild the calibration, detect again.
    rng = np.random.default_rng(4)
    store = CorrectionStore()
    features = {mood: np.abs(rng.uniform(1, 2, 32) + rng.normal(0, 0.5, 32)) for mood in ("neutral", "sad", "happy")}
    classifier = FeatureClassifier(SAD_READING, features["neutral"])
    detector = MoodDetector(classifier)
    for mood in ("happy", "sad"):  # two corrections naming the mood read: they say "this is how my happy looks"
        classifier.probabilities = np.eye(7)[EMOTIONS.index(mood)] * 0.6 + 0.4 / 7
        classifier.features = features[mood]
        store.record(detector.analyse([astronaut_bgr]), mood)
    classifier.probabilities, classifier.features = SAD_READING, features["neutral"]
    first = detector.analyse([astronaut_bgr] * 2)
    assert first.mood == "sad"
    store.record(first, "neutral")  # "Not right? I'm actually feeling neutral"
    detector.calibration = Calibration.from_corrections(store.corrections(MODEL), MODEL)
    assert detector.calibration.corrections == 3
    again = detector.analyse([astronaut_bgr] * 2)
    assert again.mood == "neutral" and again.adjusted and again.raw_probabilities == first.raw_probabilities
