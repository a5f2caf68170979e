"""Personal calibration, the pure adjustment (vision/calibration.py): identity without corrections,
shrinkage by their number, the cap, a misclicked correction, another model's corrections left out,
and probabilities that stay a distribution."""

import time
from dataclasses import dataclass, field

import numpy as np
import pytest

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.calibration import Calibration, Rule

MODEL = "a" * 64
DAY = 86400.0
D = 16  # hidden features of the made-up face below


@dataclass(frozen=True)
class Fix:
    """A correction as the store returns it (library.corrections.Correction has the same fields)."""

    probabilities: tuple
    features: tuple
    corrected: str
    at: float = field(default_factory=time.time)  # made just now
    model: str = MODEL
    detected: str = ""


def reading(main: str, p_main: float = 0.7, second: str | None = None, p_second: float = 0.2) -> np.ndarray:
    """One frame's probabilities: ``main`` at ``p_main``, ``second`` at ``p_second``, the rest shared."""
    p = np.zeros(len(EMOTIONS))
    p[EMOTIONS.index(main)] = p_main
    if second:
        p[EMOTIONS.index(second)] = p_second
    rest = p == 0
    p[rest] = (1 - p.sum()) / rest.sum()
    return p


def expression(mood: str, rng: np.random.Generator, noise: float = 0.05) -> np.ndarray:
    """A made-up hidden vector: one face's common part, plus a direction per expression, plus noise."""
    directions = np.random.default_rng(42).normal(0, 1, (len(EMOTIONS), D))
    person = np.full(D, 2.0)
    return np.abs(person + 0.6 * directions[EMOTIONS.index(mood)] + rng.normal(0, noise, D))


def listener(rng):
    """A listener whose neutral face the network reads as sad: (frames' probabilities, features, truths)."""
    probabilities, features, truth = [], [], []
    for mood in EMOTIONS:
        for _ in range(6):
            read = "sad" if mood == "neutral" else mood
            probabilities.append(reading(read, 0.6, "neutral" if mood == "neutral" else None, 0.25))
            features.append(expression(mood, rng))
            truth.append(mood)
    return np.array(probabilities), np.array(features), truth


def corrections_of(probabilities, features, truth, per_class=1, model=MODEL):
    taken, made = {}, []
    for p, f, mood in zip(probabilities, features, truth):
        if taken.get(mood, 0) < per_class:
            taken[mood] = taken.get(mood, 0) + 1
            made.append(Fix(tuple(p), tuple(f), mood, model=model))
    return made


def accuracy(calibration, probabilities, features, truth):
    adjusted = calibration.adjust(probabilities, features)
    return np.mean([EMOTIONS[i] == t for i, t in zip(adjusted.argmax(axis=1), truth)])


def test_no_corrections_is_the_identity():
    rng = np.random.default_rng(0)
    probabilities, features, _ = listener(rng)
    for calibration in (Calibration.none(), Calibration.from_corrections([], MODEL)):
        assert calibration.is_identity and calibration.corrections == 0
        assert np.array_equal(calibration.adjust(probabilities, features), probabilities)
        assert np.array_equal(calibration.adjust(probabilities), probabilities)


def test_corrections_of_another_model_are_not_applied():
    rng = np.random.default_rng(1)
    probabilities, features, truth = listener(rng)
    older = corrections_of(probabilities, features, truth, model="b" * 64)
    calibration = Calibration.from_corrections(older, MODEL)
    assert calibration.is_identity
    assert np.array_equal(calibration.adjust(probabilities, features), probabilities)
    mixed = Calibration.from_corrections(older + corrections_of(probabilities, features, truth), MODEL)
    assert mixed.corrections == len(EMOTIONS) and mixed.model == MODEL  # only this model's count
    assert Calibration.from_corrections(corrections_of(probabilities, features, truth), "").is_identity


def test_one_correction_per_mood_fixes_the_listener_s_confusion():
    rng = np.random.default_rng(2)
    probabilities, features, truth = listener(rng)
    calibration = Calibration.from_corrections(corrections_of(probabilities, features, truth), MODEL)
    before = np.mean([EMOTIONS[i] == t for i, t in zip(probabilities.argmax(axis=1), truth)])
    assert before == pytest.approx(6 / 7)  # neutral always read as sad
    assert accuracy(calibration, probabilities, features, truth) == 1.0


def test_one_correction_does_not_flip_every_later_reading_to_that_mood():
    # One "that was neutral" on a sad reading: confident readings of other moods stay as they were.
    rng = np.random.default_rng(3)
    one = [Fix(tuple(reading("sad", 0.6, "neutral", 0.25)), tuple(expression("neutral", rng)), "neutral")]
    calibration = Calibration.from_corrections(one, MODEL)
    assert calibration.corrections == 1 and not calibration.is_identity
    later = np.array([reading(mood, 0.6) for mood in EMOTIONS if mood != "neutral"])
    adjusted = calibration.adjust(later, np.array([expression(m, rng) for m in EMOTIONS if m != "neutral"]))
    assert [EMOTIONS[i] for i in adjusted.argmax(axis=1)] == [m for m in EMOTIONS if m != "neutral"]
    # ... and it moved towards neutral, less than a second correction does (shrinkage by number).
    sad = reading("sad", 0.6, "neutral", 0.25)[None]
    two = Calibration.from_corrections(one * 2, MODEL)
    shift_one = calibration.adjust(sad)[0, EMOTIONS.index("neutral")] - sad[0, EMOTIONS.index("neutral")]
    shift_two = two.adjust(sad)[0, EMOTIONS.index("neutral")] - sad[0, EMOTIONS.index("neutral")]
    assert 0 < shift_one < shift_two


def test_the_shift_of_a_mood_is_capped():
    # Six corrections of each mood: each face is pulled hard towards its mood, up to the cap.
    rng = np.random.default_rng(4)
    probabilities, features, truth = listener(rng)
    made = corrections_of(probabilities, features, truth, per_class=6)
    for cap in (0.5, 2.0):
        calibration = Calibration.from_corrections(made, MODEL, rule=Rule(cap=cap))
        # what the hidden layer changed: the log change beyond the per-person shift (up to a constant per frame)
        change = np.log(calibration.adjust(probabilities, features)) - np.log(probabilities) - calibration.shift
        spread = change.max(axis=1) - change.min(axis=1)
        assert spread.max() <= 2 * cap + 1e-6  # no mood up by more than the cap, none down by more
        assert spread.max() > cap  # the cap was reached: uncapped, the pulls go further
    assert Calibration.from_corrections(made, MODEL).pulls.max() <= Rule().pull  # shrunk, never above full strength


def test_one_misclicked_correction_among_seven_costs_little():
    rng = np.random.default_rng(5)
    probabilities, features, truth = listener(rng)
    made = corrections_of(probabilities, features, truth)
    right = accuracy(Calibration.from_corrections(made, MODEL), probabilities, features, truth)
    drops = []
    for wrong in range(len(made)):
        for mood in EMOTIONS:
            if mood == made[wrong].corrected:
                continue
            misclicked = list(made)
            misclicked[wrong] = Fix(made[wrong].probabilities, made[wrong].features, mood)
            drops.append(right - accuracy(Calibration.from_corrections(misclicked, MODEL), probabilities, features,
                                          truth))
    # over every possible misclick: on average small, and never worse than no corrections at all
    assert np.mean(drops) <= 0.03
    before = np.mean([EMOTIONS[i] == t for i, t in zip(probabilities.argmax(axis=1), truth)])
    assert right - max(drops) >= before - 1 / 7


def test_old_corrections_weigh_less():
    rng = np.random.default_rng(6)
    one = Fix(tuple(reading("sad", 0.6, "neutral", 0.25)), tuple(expression("neutral", rng)), "neutral")
    sad = reading("sad", 0.6, "neutral", 0.25)[None]
    now = 1000 * DAY
    fresh = Calibration.from_corrections([Fix(one.probabilities, one.features, "neutral", at=now)], MODEL, now=now)
    old = Calibration.from_corrections([Fix(one.probabilities, one.features, "neutral", at=now - 365 * DAY)], MODEL,
                                       now=now)
    neutral = EMOTIONS.index("neutral")
    assert sad[0, neutral] < old.adjust(sad)[0, neutral] < fresh.adjust(sad)[0, neutral]


@pytest.mark.parametrize("seed", range(5))
def test_adjusted_probabilities_stay_a_distribution(seed):
    rng = np.random.default_rng(seed)
    probabilities, features, truth = listener(rng)
    calibration = Calibration.from_corrections(corrections_of(probabilities, features, truth, per_class=3), MODEL)
    extreme = np.vstack([np.eye(len(EMOTIONS)), np.full((1, len(EMOTIONS)), 1 / 7), rng.dirichlet(np.ones(7), 20)])
    hidden = np.vstack([features[: len(extreme)], np.zeros((max(0, len(extreme) - len(features)), D))])[: len(extreme)]
    hidden[0] = 0  # a zero hidden vector
    for adjusted in (calibration.adjust(extreme, hidden), calibration.adjust(extreme), calibration.adjust(
            extreme, np.ones((len(extreme), D + 1)))):  # features of another width: part 1 only
        assert adjusted.shape == extreme.shape and np.isfinite(adjusted).all()
        assert (adjusted >= 0).all() and np.allclose(adjusted.sum(axis=1), 1.0)
    assert calibration.adjust(np.zeros((0, 7)), np.zeros((0, D))).shape == (0, 7)


def test_a_vote_of_ten_frames_with_wide_hidden_features_is_adjusted():
    # Its cost (tens of microseconds a vote) is benchmarks/bench_inference.py's to measure (model card).
    rng = np.random.default_rng(7)
    probabilities, features, truth = listener(rng)
    made = corrections_of(probabilities, features, truth, per_class=6)
    calibration = Calibration.from_corrections(made, MODEL)
    frames_p = np.repeat(probabilities[:1], 10, axis=0)
    frames_f = np.repeat(np.abs(rng.normal(1, 1, (1, 256))), 10, axis=0)
    wide = Calibration.from_corrections([Fix(f.probabilities, tuple(np.abs(rng.normal(1, 1, 256))), f.corrected)
                                         for f in made], MODEL)
    adjusted = wide.adjust(frames_p, frames_f)
    assert adjusted.shape == (10, len(EMOTIONS)) and np.allclose(adjusted.sum(axis=1), 1.0)
    assert calibration.corrections == wide.corrections == len(made)
