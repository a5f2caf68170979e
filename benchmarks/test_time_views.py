"""Would more test-time views, or a per-class bias, read FER2013 better than the app's face + mirror?

The app scores the centre 44 px of each 48 px face and its mirror image (flip averaging). Top
published FER2013 recipes average ten crops (the centre and four corners, each mirrored); whether
that beats flip averaging is unmeasured in the literature (../shared/FER-TRAINING.md). This scores
a model's views of the held-out tenth of train/ (the split of ``--split-seed``, which the shipped
members never trained on) and of PublicTest, which is only reported, and prints the accuracy and
macro-F1 of each way to average them.

``--bias``: per-class offsets of the log probabilities fitted on one half of the held-out tenth
(coordinate search, 4 rounds, -1.5..1.5) and scored on the other half, 5 random halvings each way:
does moving the decision towards rare classes (disgust, fear) generalise?

    python benchmarks/test_time_views.py models/emotion.tflite ../shared/datasets/fer2013 --bias
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# One core: the machine's other work (a training) keeps the rest.
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})

import numpy as np  # noqa: E402

from moodplayer.training.dataset import read_image, to_face_input  # noqa: E402
from moodplayer.training.evaluate import labelled_files  # noqa: E402
from moodplayer.training.metrics import classification_report  # noqa: E402
from moodplayer.vision.emotion import FACE_SIZE, EmotionClassifier  # noqa: E402

from bench_support import exit_with  # noqa: E402  (benchmarks/ is the script's folder)

BATCH = 256
BIAS_VALUES = np.linspace(-1.5, 1.5, 31)  # the per-class offsets the bias search tries


def crop_offsets(size: int) -> dict[str, tuple[int, int]]:
    """(row, column) of each view's top-left corner in the 48 px face."""
    far, mid = FACE_SIZE - size, (FACE_SIZE - size) // 2
    return {"centre": (mid, mid), "top left": (0, 0), "top right": (0, far), "bottom left": (far, 0),
            "bottom right": (far, far), "top": (0, mid), "bottom": (far, mid), "left": (mid, 0),
            "right": (mid, far)}


COMBINATIONS = {  # view names; each view is also read mirrored unless the name says "no mirror"
    "centre, no mirror": ["centre"],
    "centre + mirror (the app)": ["centre"],
    "5 crops (centre, corners), no mirror": ["centre", "top left", "top right", "bottom left", "bottom right"],
    "5 crops + mirrors (ten-crop)": ["centre", "top left", "top right", "bottom left", "bottom right"],
    "9 crops + mirrors": list(crop_offsets(44)),
    "centre + 4 edge crops + mirrors": ["centre", "top", "bottom", "left", "right"],
}


def read_views(classifier: EmotionClassifier, faces: np.ndarray) -> dict[tuple[str, bool], np.ndarray]:
    """Probabilities ``(n, 7)`` of every (crop, mirrored) view of ``(n, 48, 48)`` faces."""
    size = classifier.input_size
    views = {}
    for name, (row, column) in crop_offsets(size).items():
        crops = faces[:, row:row + size, column:column + size, None].astype(np.float32)
        for mirrored in (False, True):
            x = crops[:, :, ::-1] if mirrored else crops
            views[name, mirrored] = np.concatenate(
                [classifier._forward(x[i:i + BATCH])[0] for i in range(0, len(x), BATCH)])
    return views


def combine(views, combination: str) -> np.ndarray:
    names = COMBINATIONS[combination]
    mirrors = (False,) if "no mirror" in combination else (False, True)
    return np.mean([views[name, mirrored] for name in names for mirrored in mirrors], axis=0)


def fit_bias(log_probabilities: np.ndarray, labels: np.ndarray) -> np.ndarray:
    bias = np.zeros(log_probabilities.shape[1])
    for _ in range(4):
        for c in range(len(bias)):
            scores = []
            for value in BIAS_VALUES:
                trial = bias.copy()
                trial[c] = value
                scores.append(((log_probabilities + trial).argmax(1) == labels).mean())
            bias[c] = BIAS_VALUES[int(np.argmax(scores))]
    return bias


def bias_check(probabilities: np.ndarray, labels: np.ndarray) -> str:
    log_probabilities = np.log(probabilities + 1e-7)
    rng = np.random.default_rng(0)
    before, after = [], []
    for _ in range(5):
        order = rng.permutation(len(labels))
        halves = order[: len(order) // 2], order[len(order) // 2:]
        for fit, scored in (halves, halves[::-1]):
            bias = fit_bias(log_probabilities[fit], labels[fit])
            for out, shift in ((before, 0.0), (after, bias)):
                report = classification_report(labels[scored], (log_probabilities[scored] + shift).argmax(1))
                out.append((report["accuracy"], report["macro_f1"]))
    (acc0, f10), (acc1, f11) = np.mean(before, axis=0), np.mean(after, axis=0)
    return (f"per-class bias fitted on one half, scored on the other (10 halvings): accuracy {acc0:.2%} -> "
            f"{acc1:.2%}, macro-F1 {f10:.3f} -> {f11:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("fer2013", type=Path, help="the folder holding train/ and test/")
    parser.add_argument("--split-seed", type=int, default=1234)
    parser.add_argument("--bias", action="store_true", help="also fit and check per-class biases")
    args = parser.parse_args(argv)
    classifier = EmotionClassifier(args.model, flip_tta=False)
    classifier.load()
    for name, folder, seed in (("held-out tenth of train/", args.fer2013 / "train", args.split_seed),
                               ("PublicTest (reported only)", args.fer2013 / "test", None)):
        paths, labels = labelled_files(folder, seed)
        faces = np.stack([to_face_input(read_image(path)) for path in paths])
        views = read_views(classifier, faces)
        print(f"{name}, {len(labels)} faces, {args.model}:")
        for combination in COMBINATIONS:
            report = classification_report(labels, combine(views, combination).argmax(1))
            print(f"  {combination:38s} accuracy {report['accuracy']:.2%}  macro-F1 {report['macro_f1']:.3f}")
        if args.bias and seed is not None:
            print("  " + bias_check(combine(views, "centre + mirror (the app)"), labels))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    exit_with(main)
