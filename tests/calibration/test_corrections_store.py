"""The corrections store (library/corrections.py): a round trip through the file, numbers only
(float16 hidden vector), another model's corrections kept aside and counted, forget, and a damaged
or locked file that never stops the app."""

import sqlite3

import numpy as np
import pytest

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.corrections import OLDER_MODEL_NOTICE, CorrectionStore
from moodplayer.vision.calibration import Calibration
from moodplayer.vision.mood import MoodResult

MODEL, OLDER = "a" * 64, "b" * 64
PROBABILITIES = (0.05, 0.01, 0.04, 0.1, 0.5, 0.05, 0.25)


def features(seed=0, size=256):
    return tuple(np.random.default_rng(seed).uniform(0, 3, size))


def test_a_correction_survives_a_restart_with_its_numbers(tmp_path):
    path = tmp_path / "data" / "corrections.sqlite3"
    store = CorrectionStore(path)
    made = store.add(PROBABILITIES, features(), "neutral", "sad", MODEL, at=1_700_000_000.5)
    store.close()
    again = CorrectionStore(path)
    assert again.problem == "" and again.count() == 1 and again.count(MODEL) == 1
    [kept] = again.corrections(MODEL)
    assert kept == made
    assert (kept.corrected, kept.detected, kept.model, kept.at) == ("neutral", "sad", MODEL, 1_700_000_000.5)
    assert np.allclose(kept.probabilities, PROBABILITIES, atol=1e-7)  # float32
    assert len(kept.features) == 256
    assert np.allclose(kept.features, features(), rtol=1e-3)  # float16 is plenty
    with sqlite3.connect(path) as db:  # numbers only: 7 float32 and 256 float16, no image
        [(size,)] = db.execute("SELECT length(probabilities) + length(features) FROM corrections").fetchall()
    assert size == 7 * 4 + 256 * 2


def test_only_the_current_model_s_corrections_are_given_the_others_are_counted(tmp_path):
    store = CorrectionStore(tmp_path / "corrections.sqlite3")
    for i in range(3):
        store.add(PROBABILITIES, features(i), "neutral", "sad", OLDER, at=100 + i)
    store.add(PROBABILITIES, features(9), "happy", "sad", MODEL, at=200)
    assert [c.corrected for c in store.corrections(MODEL)] == ["happy"]
    assert store.count(MODEL) == 1 and store.other_models(MODEL) == 3 and store.count() == 4
    assert store.other_models(OLDER) == 1
    assert "older model" in OLDER_MODEL_NOTICE and "learn again" in OLDER_MODEL_NOTICE
    # what the calibration gets from them: this model's only
    assert Calibration.from_corrections(store.corrections(MODEL) + store.corrections(OLDER), MODEL).corrections == 1


def test_one_correction_is_removed_and_its_twin_kept(tmp_path):
    store = CorrectionStore(tmp_path / "corrections.sqlite3")
    first = store.add(PROBABILITIES, features(1), "neutral", "sad", MODEL, at=100)
    store.add(PROBABILITIES, features(1), "neutral", "sad", MODEL, at=100)  # the same in every field
    store.add(PROBABILITIES, features(2), "happy", "sad", MODEL, at=200)
    store.remove(first)
    assert [(c.corrected, c.at) for c in store.corrections(MODEL)] == [("neutral", 100), ("happy", 200)]
    store.close()
    assert CorrectionStore(tmp_path / "corrections.sqlite3").count() == 2, "gone from the file"


def test_forget_deletes_them_all_for_good(tmp_path):
    path = tmp_path / "corrections.sqlite3"
    store = CorrectionStore(path)
    store.add(PROBABILITIES, features(), "neutral", "sad", MODEL)
    assert np.asarray(features(), "<f2").tobytes()[:64] in path.read_bytes()  # what the check below looks for
    store.add(PROBABILITIES, features(), "fear", "surprise", OLDER)
    store.forget()
    assert store.count() == 0 and store.corrections(MODEL) == []
    store.close()
    assert CorrectionStore(path).count() == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
    assert np.asarray(features(), "<f2").tobytes()[:64] not in path.read_bytes()  # compacted: not in free pages


def test_bad_corrections_are_refused():
    store = CorrectionStore()
    with pytest.raises(ValueError):
        store.add(PROBABILITIES, features(), "bored", "sad", MODEL)
    with pytest.raises(ValueError):
        store.add(PROBABILITIES[:6], features(), "happy", "sad", MODEL)
    with pytest.raises(ValueError):
        store.add(PROBABILITIES, (float("nan"),), "happy", "sad", MODEL)
    with pytest.raises(ValueError):
        store.add(PROBABILITIES, features(), "happy", "sad", "")
    assert store.count() == 0
    store.add(PROBABILITIES, (), "happy", "sad", MODEL)  # a model without the hidden layer: no features
    assert store.corrections(MODEL)[0].features == ()


def result(**changes) -> MoodResult:
    probabilities = dict(zip(EMOTIONS, (0.05, 0.01, 0.04, 0.1, 0.5, 0.05, 0.25)))
    fields = dict(mood="sad", votes={"sad": 10}, frames=10, frames_with_face=10, probabilities=probabilities,
                  timings_ms={}, raw_probabilities=probabilities, features=features(3, 8), model=MODEL,
                  correctable=True)
    fields.update(changes)
    return MoodResult(**fields)


def test_a_detection_is_recorded_with_its_raw_reading_and_model():
    store = CorrectionStore()
    adjusted = dict(zip(EMOTIONS, (0.0, 0.0, 0.0, 0.1, 0.2, 0.0, 0.7)))
    made = store.record(result(probabilities=adjusted, mood="neutral", adjusted=True), "sad")
    # what the network read (raw), not the adjusted mean shown; the mood shown as detected
    assert np.allclose(made.probabilities, [0.05, 0.01, 0.04, 0.1, 0.5, 0.05, 0.25])
    assert (made.corrected, made.detected, made.model) == ("sad", "neutral", MODEL)
    assert np.allclose(made.features, features(3, 8), rtol=1e-3)
    for refused in (result(correctable=False), result(mood=None), result(group=True, correctable=False)):
        with pytest.raises(ValueError, match="one listener"):
            store.record(refused, "happy")
    assert store.count() == 1


def test_a_damaged_file_is_set_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "corrections.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = CorrectionStore(path)
    assert "damaged" in store.problem and ".broken-" in store.problem and "corrections" in store.problem
    aside = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b"this is not a database" * 100
    store.add(PROBABILITIES, features(), "neutral", "sad", MODEL)
    store.close()
    assert CorrectionStore(path).count(MODEL) == 1


def test_a_locked_file_is_left_alone_and_the_corrections_kept_in_memory(tmp_path):
    path = tmp_path / "corrections.sqlite3"
    CorrectionStore(path).add(PROBABILITIES, features(), "neutral", "sad", MODEL)
    other = sqlite3.connect(path)  # another program holding the file
    other.execute("BEGIN EXCLUSIVE")
    try:
        store = CorrectionStore(path, busy_timeout=0.2)
    finally:
        other.rollback()
        other.close()
    assert "in use by another program" in store.problem and "damaged" not in store.problem
    assert [p.name for p in tmp_path.iterdir()] == ["corrections.sqlite3"]
    store.add(PROBABILITIES, features(1), "happy", "sad", MODEL)  # kept for this run
    assert store.count(MODEL) == 1
    store.close()
    assert CorrectionStore(path).count(MODEL) == 1  # the file is used again at the next start, untouched


def test_a_file_that_cannot_be_set_aside_keeps_the_corrections_in_memory(tmp_path, set_aside_refused):
    path = tmp_path / "corrections.sqlite3"
    path.write_bytes(b"not a database" * 100)
    store = CorrectionStore(path)
    assert "cannot be used" in store.problem and "not kept" in store.problem
    store.add(PROBABILITIES, features(), "neutral", "sad", MODEL)
    assert store.count(MODEL) == 1
    assert path.read_bytes() == b"not a database" * 100
