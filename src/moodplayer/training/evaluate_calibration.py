"""``moodplayer evaluate --calibrate K``: how much a person's own corrections lift the reading of
their other photos (personal calibration, vision/calibration.py).

For each person (the first capture group of ``--person`` REGEX in the file name; other files are
left out) and each of ``REPEATS`` seeded repeats: the person's photos are shuffled, the first K
photos of each class (with a face) become corrections, and every other photo of the person is
scored without (``before``) and with (``after``) the adjustment. Every reading goes through the
window's own path: ``MoodDetector.analyse([photo])`` (one frame) with or without the calibration,
each correction through ``CorrectionStore.record(result, corrected)`` and
``Calibration.from_corrections(store.corrections(model), model)``. A photo in which no face is
found is a miss before and after, and never a correction.

Two more checks, each seeded the same way:
- ``wrong``: that many of each person's corrections relabelled as another mood (a misclick), at
  random; the drop of ``after`` against the same corrections all right.
- ``real use``: the person's photos in random order, starting with no corrections; a correction
  is made only when the (adjusted) reading was wrong; accuracy over the second half of the photos.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

from moodplayer.domain.emotions import EMOTIONS, NUM_EMOTIONS
from moodplayer.domain.errors import DatasetError
from moodplayer.library.corrections import CorrectionStore
from moodplayer.training.dataset import list_labelled_files, read_image
from moodplayer.vision.calibration import Calibration
from moodplayer.vision.mood import MoodDetector

REPEATS = 5  # seeded repeats of each person's shuffle (the contract)


class _Person:
    """One person's photos: paths, labels, and the unadjusted reading of each (None: no face)."""

    def __init__(self, name: str):
        self.name = name
        self.paths: list[Path] = []
        self.labels: list[int] = []
        self.raw: list = []  # MoodResult of each photo without calibration

    def rng(self, repeat: int, stream: int) -> np.random.Generator:
        # seeded by the repeat, the person's name and what it is for: every run gives the same figures
        return np.random.default_rng([repeat, zlib.crc32(self.name.encode()), stream])


def read_people(folder: Path, mood_detector: MoodDetector, person: str) -> list[_Person]:
    """The photos under ``folder/<class>/`` grouped by person (``person``'s first group), each read once."""
    try:
        pattern = re.compile(person)
    except re.error as error:
        raise DatasetError(f"--person {person!r}: not a regular expression ({error})") from None
    if pattern.groups < 1:
        raise DatasetError(f"--person {person!r}: needs a capture group naming the person, e.g. '^p(\\d\\d)'")
    paths, labels = list_labelled_files(folder)
    people: dict[str, _Person] = {}
    for path, label in zip(paths, labels):
        match = pattern.search(path.name)
        if match is None or match.group(1) is None:
            continue
        entry = people.setdefault(match.group(1), _Person(match.group(1)))
        entry.paths.append(path)
        entry.labels.append(int(label))
        entry.raw.append(mood_detector.analyse([read_image(path, grayscale=False)]))
    return [people[name] for name in sorted(people)]


class _Tally:
    """Hits before and after, per class, over every scored photo of every repeat."""

    def __init__(self):
        self.support = np.zeros(NUM_EMOTIONS, dtype=np.int64)
        self.before = np.zeros(NUM_EMOTIONS, dtype=np.int64)
        self.after = np.zeros(NUM_EMOTIONS, dtype=np.int64)

    def add(self, label: int, before: bool, after: bool) -> None:
        self.support[label] += 1
        self.before[label] += before
        self.after[label] += after

    def accuracy(self, which: str) -> float:
        total = self.support.sum()
        return round(float(getattr(self, which).sum() / total), 4) if total else 0.0

    def recall(self, which: str) -> dict[str, float]:
        hits = getattr(self, which)
        return {name: round(float(hits[i] / self.support[i]), 4) for i, name in enumerate(EMOTIONS) if self.support[i]}


def _read(mood_detector: MoodDetector, path: Path, calibration: Calibration):
    mood_detector.calibration = calibration
    try:
        return mood_detector.analyse([read_image(path, grayscale=False)])
    finally:
        mood_detector.calibration = None


def _corrections_per_class(person: _Person, order: np.ndarray, k: int) -> list[int]:
    """The first ``k`` photos (with a face) of each class in ``order``: the corrections."""
    taken: dict[int, int] = defaultdict(int)
    chosen = []
    for index in order:
        label = person.labels[index]
        if person.raw[index].mood is not None and taken[label] < k:
            taken[label] += 1
            chosen.append(int(index))
    return chosen


def _calibration(person: _Person, chosen: list[int], labels: dict[int, int], model: str) -> Calibration:
    """The calibration the window would build after these corrections, through the store."""
    store = CorrectionStore()  # in memory, as the window's file
    for index in chosen:
        store.record(person.raw[index], EMOTIONS[labels.get(index, person.labels[index])])
    calibration = Calibration.from_corrections(store.corrections(model), model)
    store.close()
    return calibration


def calibrate_people(people: list[_Person], mood_detector: MoodDetector, k: int, wrong: int = 0,
                     repeats: int = REPEATS) -> dict:
    """The K-corrections-per-class figure; with ``wrong``, also with that many corrections misclicked."""
    if k < 1:
        raise DatasetError("--calibrate needs at least 1 correction per class")
    model = mood_detector.model
    right, misclicked = _Tally(), _Tally()
    scored_per_repeat = 0
    for person in people:
        for repeat in range(repeats):
            order = person.rng(repeat, 0).permutation(len(person.paths))
            chosen = _corrections_per_class(person, order, k)
            scored = [int(i) for i in order if int(i) not in chosen]
            if repeat == 0:
                scored_per_repeat += len(scored)
            variants = [(right, {})]
            if wrong:
                rng = person.rng(repeat, 1)
                relabel = {}
                for index in rng.choice(chosen, size=min(wrong, len(chosen)), replace=False):
                    relabel[int(index)] = int((person.labels[index] + rng.integers(1, NUM_EMOTIONS)) % NUM_EMOTIONS)
                variants.append((misclicked, relabel))
            for tally, labels in variants:
                calibration = _calibration(person, chosen, labels, model)
                for index in scored:
                    label = person.labels[index]
                    after = _read(mood_detector, person.paths[index], calibration) if chosen else person.raw[index]
                    tally.add(label, person.raw[index].mood == EMOTIONS[label], after.mood == EMOTIONS[label])
    figures = {"calibration": {"corrections_per_class": k, "repeats": repeats, "people": len(people),
                               "scored": scored_per_repeat, "before": right.accuracy("before"),
                               "after": right.accuracy("after")},
               "calibration_recall": {"before": right.recall("before"), "after": right.recall("after")}}
    if wrong:
        figures["calibration_wrong"] = {"wrong_corrections": wrong, "after_all_right": right.accuracy("after"),
                                        "after": misclicked.accuracy("after"),
                                        "drop": round(right.accuracy("after") - misclicked.accuracy("after"), 4)}
    return figures


def simulate_real_use(people: list[_Person], mood_detector: MoodDetector, repeats: int = REPEATS) -> dict:
    """Photos in random order, a correction only after a wrong reading; accuracy over the second half."""
    model = mood_detector.model
    tally = _Tally()
    made = []
    scored_per_repeat = 0
    for person in people:
        for repeat in range(repeats):
            order = person.rng(repeat, 2).permutation(len(person.paths))
            half = len(order) // 2
            if repeat == 0:
                scored_per_repeat += len(order) - half
            store = CorrectionStore()
            calibration = Calibration.none()
            for position, index in enumerate(order):
                label = EMOTIONS[person.labels[index]]
                reading = _read(mood_detector, person.paths[index], calibration)
                if position >= half:
                    tally.add(person.labels[index], person.raw[index].mood == label, reading.mood == label)
                if reading.mood is not None and reading.mood != label:  # the listener says "Not right?"
                    store.record(reading, label)
                    calibration = Calibration.from_corrections(store.corrections(model), model)
            made.append(store.count())
            store.close()
    return {"calibration_real_use": {"repeats": repeats, "people": len(people), "scored": scored_per_repeat,
                                     "before": tally.accuracy("before"), "after": tally.accuracy("after"),
                                     "corrections_per_person": round(float(np.mean(made)), 1) if made else 0.0}}


def format_calibration(figures: dict) -> str:
    """The figures of ``calibrate_people`` / ``simulate_real_use`` as lines of text."""
    lines = []
    if "calibration" in figures:
        c = figures["calibration"]
        lines += ["", f"personal calibration: {c['corrections_per_class']} correction(s) per class, {c['repeats']} "
                      f"repeats, {c['people']} people, {c['scored']} photos scored per repeat",
                  f"  before {c['before']:.2%}   after {c['after']:.2%}",
                  f"  {'class':<10}{'recall before':>14}{'after':>8}"]
        recall = figures["calibration_recall"]
        lines += [f"  {name:<10}{recall['before'][name]:>14.3f}{recall['after'][name]:>8.3f}"
                  for name in EMOTIONS if name in recall["after"]]
    if "calibration_wrong" in figures:
        w = figures["calibration_wrong"]
        lines.append(f"  with {w['wrong_corrections']} wrong correction(s) per person: after {w['after']:.2%} "
                     f"(all right: {w['after_all_right']:.2%}; drop {100 * w['drop']:.1f} points)")
    if "calibration_real_use" in figures:
        r = figures["calibration_real_use"]
        lines += ["", f"real use: photos in random order, a correction only after a wrong reading ({r['repeats']} "
                      f"repeats, {r['people']} people, {r['corrections_per_person']} corrections a person on average)",
                  f"  second half ({r['scored']} photos a repeat): before {r['before']:.2%}   after {r['after']:.2%}"]
    return "\n".join(lines)
