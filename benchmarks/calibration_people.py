"""Do the personal calibration's constants generalise to people they were not tuned on?

Leave-people-out: the people of a folder (``--person`` REGEX, as ``moodplayer evaluate``) are
split into folds; for each fold a rule is chosen on the other people from a grid of constants
around the shipped ones (vision/calibration.py ``Rule``) and scored on the fold's people, who
played no part in choosing it. Chosen = the best K=1 + K=3 accuracy after calibration among the
rules whose expected misclick drop is at most 2.5 points on the tuning people (the expected drop:
each K=1 correction in turn given each other mood, averaged; ``evaluate --wrong-corrections 1``
draws one such misclick per person and repeat, a noisier figure of the same). The held-out
figures, pooled over the folds, are what to expect on new people. ``--sweep`` varies one constant
at a time around the shipped rule instead (the ranges quoted in vision/calibration.py).

Protocol as ``moodplayer evaluate --calibrate K`` (5 seeded repeats, the first K photos of each
class of a person as corrections, the person's other photos scored), with corrections through
``CorrectionStore.record``; the face and the network run once per photo, and a photo's reading
is the adjusted probabilities' argmax (what ``vision.mood.read_frames`` votes for one frame).
The shipped rule's figures (last line) equal the command's.

    python benchmarks/calibration_people.py ../shared/datasets/real-photos-people --person '^p(\\d\\d)'
    python benchmarks/calibration_people.py ../shared/datasets/real-photos-people --person '^p(\\d\\d)' --sweep
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from dataclasses import asdict, replace
from pathlib import Path

# One core, one thread: the machine's other work (a training) keeps the rest.
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import numpy as np  # noqa: E402

from moodplayer.domain.emotions import EMOTIONS, NUM_EMOTIONS  # noqa: E402
from moodplayer.library.corrections import CorrectionStore  # noqa: E402
from moodplayer.training.dataset import read_image  # noqa: E402
from moodplayer.training.evaluate_calibration import REPEATS, read_people  # noqa: E402
from moodplayer.vision.calibration import DEFAULT_RULE, Calibration  # noqa: E402
from moodplayer.vision.emotion import EmotionClassifier  # noqa: E402
from moodplayer.vision.faces import create_face_detector, crop_face  # noqa: E402
from moodplayer.vision.mood import MoodDetector  # noqa: E402

from bench_support import exit_with  # noqa: E402  (benchmarks/ is the script's folder)

GRID = {  # the leave-people-out grid, around the shipped rule
    "shift_prior": (0.3, 0.4, 0.5),
    "misclick": (0.2, 0.3, 0.5),
    "read_weight": (0.7, 1.0),
    "pull": (5.0, 6.0, 7.0),
    "pull_half": (0.25, 0.5),
}
SWEEP = {  # --sweep: one constant at a time, the others as shipped
    "shift_prior": (0.2, 0.3, 0.4, 0.5, 0.7),
    "misclick": (0.0, 0.1, 0.2, 0.3, 0.5),
    "read_weight": (0.0, 0.5, 0.7, 1.0, 1.5),
    "pull": (3.0, 5.0, 6.0, 7.0, 9.0),
    "pull_half": (0.1, 0.25, 0.5, 1.0),
    "cap": (2.0, 3.0, 4.0, 5.0, 8.0),
}
MAX_EXPECTED_DROP = 0.025  # points / 100; issue 19 allows 3 for one misclick: half a point of margin for new people


class Person:
    """One person's photos as the calibration sees them: labels, raw readings, outputs of the network."""

    def __init__(self, person, detector, classifier):
        self.name, self.rng, self.raw = person.name, person.rng, person.raw
        self.labels = np.array(person.labels)
        probabilities, features, self.face = [], [], []
        for path in person.paths:
            photo = read_image(path, grayscale=False)
            boxes = detector.detect(photo)
            self.face.append(bool(boxes))
            if boxes:
                p, f = classifier.predict_with_features(crop_face(photo, boxes[0])[None])
                probabilities.append(p[0])
                features.append(f[0])
            else:
                probabilities.append(np.full(NUM_EMOTIONS, np.nan))
                features.append(np.full(classifier.feature_size, np.nan))
        self.probabilities, self.features = np.array(probabilities), np.array(features)
        self.face = np.array(self.face)
        self.raw_hits = np.array([r.mood == EMOTIONS[label] for r, label in zip(self.raw, self.labels)])

    def split(self, repeat, k):
        """(corrections, scored) indices of one repeat, as `evaluate --calibrate k` draws them."""
        order = self.rng(repeat, 0).permutation(len(self.labels))
        taken, chosen = {}, []
        for index in order:
            label = self.labels[index]
            if self.face[index] and taken.get(label, 0) < k:
                taken[label] = taken.get(label, 0) + 1
                chosen.append(int(index))
        return chosen, np.array([i for i in order if int(i) not in chosen], dtype=int)

    def after(self, calibration, scored):
        """Hits after the calibration over ``scored`` (a photo with no face is a miss)."""
        hits = np.zeros(len(scored), dtype=bool)
        seen = scored[self.face[scored]]
        adjusted = calibration.adjust(self.probabilities[seen], self.features[seen])
        hits[self.face[scored]] = adjusted.argmax(axis=1) == self.labels[seen]
        return int(hits.sum())


def build(person, chosen, labels, model, rule):
    store = CorrectionStore()
    for index in chosen:
        store.record(person.raw[index], EMOTIONS[labels.get(index, person.labels[index])])
    return Calibration.from_corrections(store.corrections(model), model, rule=rule)


def score(person, model, rule):
    """Per-person counts: [before, after, scored] for K=1 and K=3, the one-misclick drop as `evaluate
    --wrong-corrections 1` draws it, and the expected drop over every misclick."""
    out = {}
    for k in (1, 3):
        before = after = scored = 0
        for repeat in range(REPEATS):
            chosen, rest = person.split(repeat, k)
            before += int(person.raw_hits[rest].sum())
            after += person.after(build(person, chosen, {}, model, rule), rest)
            scored += len(rest)
        out[f"k{k}"] = [before, after, scored]
    right = drawn = every = every_n = 0
    for repeat in range(REPEATS):
        chosen, rest = person.split(repeat, 1)
        hits = person.after(build(person, chosen, {}, model, rule), rest)
        rng = person.rng(repeat, 1)
        for index in rng.choice(chosen, size=min(1, len(chosen)), replace=False):
            wrong = int((person.labels[index] + rng.integers(1, NUM_EMOTIONS)) % NUM_EMOTIONS)
            drawn += hits - person.after(build(person, chosen, {int(index): wrong}, model, rule), rest)
        right += len(rest)
        for index in chosen:
            for wrong in range(NUM_EMOTIONS):
                if wrong != person.labels[index]:
                    every += hits - person.after(build(person, chosen, {index: wrong}, model, rule), rest)
                    every_n += len(rest)
    out["drop"] = [drawn, right]
    out["expected_drop"] = [every, every_n]
    return out


def real_use(person, model, rule):
    """[before, after, scored]: random order, a correction after each wrong reading, the second half."""
    before = after = scored = 0
    for repeat in range(REPEATS):
        order = person.rng(repeat, 2).permutation(len(person.labels))
        half = len(order) // 2
        store, calibration = CorrectionStore(), Calibration.none()
        for position, index in enumerate(order):
            right = False
            if person.face[index]:
                read = calibration.adjust(person.probabilities[index][None], person.features[index][None])
                right = read.argmax() == person.labels[index]
            if position >= half:
                scored += 1
                before += bool(person.raw_hits[index])
                after += bool(right)
            if person.face[index] and not right:
                store.record(person.raw[index], EMOTIONS[person.labels[index]])
                calibration = Calibration.from_corrections(store.corrections(model), model, rule=rule)
    return [before, after, scored]


def figures(table, names):
    total = {key: np.sum([table[name][key] for name in names], axis=0) for key in table[names[0]]}
    result = {"k1_before": total["k1"][0] / total["k1"][2], "k1_after": total["k1"][1] / total["k1"][2],
              "k3_before": total["k3"][0] / total["k3"][2], "k3_after": total["k3"][1] / total["k3"][2],
              "drop": total["drop"][0] / total["drop"][1],
              "expected_drop": total["expected_drop"][0] / total["expected_drop"][1]}
    if "real" in total:
        result.update(real_before=total["real"][0] / total["real"][2], real_after=total["real"][1] / total["real"][2])
    return {key: round(float(value), 4) for key, value in result.items()}


def choose(tables, names):
    """The best K=1 + K=3 on ``names`` among the rules within MAX_EXPECTED_DROP (else the smallest drop)."""
    scored = [(rule, figures(table, names)) for rule, table in tables]
    within = [item for item in scored if item[1]["expected_drop"] <= MAX_EXPECTED_DROP]
    if not within:
        return min(scored, key=lambda item: item[1]["expected_drop"])[0]
    return max(within, key=lambda item: item[1]["k1_after"] + item[1]["k3_after"])[0]


def line(f):
    text = (f"K=1 {f['k1_before']:.1%} -> {f['k1_after']:.1%}, K=3 {f['k3_before']:.1%} -> {f['k3_after']:.1%}, "
            f"misclick drop {100 * f['drop']:.1f} (expected {100 * f['expected_drop']:.1f}) points")
    if "real_after" in f:
        text += f", real use {f['real_before']:.1%} -> {f['real_after']:.1%}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--person", required=True, help="REGEX whose first group names the person")
    parser.add_argument("--folds", type=int, default=3, help="folds of people (default 3)")
    parser.add_argument("--splits", type=int, default=3, help="random splits into folds (default 3)")
    parser.add_argument("--sweep", action="store_true", help="vary one constant at a time instead")
    parser.add_argument("--model", type=Path, help="the .tflite to measure (default: the shipped one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    classifier = EmotionClassifier(args.model)
    detector = create_face_detector()
    people = [Person(p, detector, classifier)
              for p in read_people(args.folder, MoodDetector(classifier, detector), args.person)]
    names = [p.name for p in people]
    model = classifier.sha256

    if args.sweep:
        rules = [replace(DEFAULT_RULE, **{name: value}) for name, values in SWEEP.items() for value in values]
    else:
        rules = [replace(DEFAULT_RULE, **dict(zip(GRID, values))) for values in itertools.product(*GRID.values())]
    rules = list(dict.fromkeys([*rules, DEFAULT_RULE]))
    tables = []
    for number, rule in enumerate(rules, 1):
        tables.append((rule, {p.name: score(p, model, rule) for p in people}))
        print(f"\r{number}/{len(rules)} rules scored", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    by_rule = dict(tables)

    def on_all(rule):  # a rule's figures over all the people, real use included
        return figures({p.name: {**by_rule[rule][p.name], "real": real_use(p, model, rule)} for p in people}, names)

    shipped = on_all(DEFAULT_RULE)
    print(f"{len(people)} people ({', '.join(names)}), {len(rules)} rules, model {model[:12]}")

    if args.sweep:
        rows = []
        for name, values in SWEEP.items():
            for value in values:
                rule = replace(DEFAULT_RULE, **{name: value})
                rows.append({"constant": name, "value": value, **figures(by_rule[rule], names)})
                mark = "  (shipped)" if getattr(DEFAULT_RULE, name) == value else ""
                print(f"{name:>12} {value:<5g} {line(rows[-1])}{mark}")
        if args.json:
            print(json.dumps({"people": names, "sweep": rows, "shipped": shipped}))
        print("shipped rule on all (tuned on them): " + line(shipped))
        return 0

    splits = []
    for split in range(args.splits):
        order = [str(name) for name in np.random.default_rng(split).permutation(names)]
        folds = [sorted(order[i::args.folds]) for i in range(args.folds)]
        held, picks = {}, []
        for fold in folds:
            rule = choose(tables, [name for name in names if name not in fold])
            picks.append(rule)
            for person in people:
                if person.name in fold:
                    held[person.name] = {**by_rule[rule][person.name], "real": real_use(person, model, rule)}
        splits.append({"folds": folds, "rules": [asdict(rule) for rule in picks], **figures(held, names)})
        print(f"split {split}: folds {folds}")
        for fold, rule in zip(folds, picks):
            print(f"  chosen without {fold}: " + ", ".join(f"{k} {v:g}" for k, v in asdict(rule).items()
                                                         if v != getattr(DEFAULT_RULE, k) or k in GRID))
        print("  held out: " + line(splits[-1]))
    pooled = {key: round(float(np.mean([s[key] for s in splits])), 4) for key in shipped}
    print("held out, mean of the splits: " + line(pooled))
    print("shipped rule on all (tuned on them): " + line(shipped))
    # What the same choice makes of all the people: the rule to ship, whose held-out figures are above.
    best = choose(tables, names)
    chosen = shipped if best == DEFAULT_RULE else on_all(best)  # real use is the slow part: not twice
    print("chosen on all: " + ", ".join(f"{k} {v:g}" for k, v in asdict(best).items() if k in GRID)
          + ": " + line(chosen))
    if args.json:
        print(json.dumps({"people": names, "rules_tried": len(rules), "splits": splits, "held_out_mean": pooled,
                          "shipped_rule": asdict(DEFAULT_RULE), "shipped": shipped,
                          "chosen_on_all": asdict(best), "chosen_on_all_figures": chosen}))
    return 0


if __name__ == "__main__":
    exit_with(main)
