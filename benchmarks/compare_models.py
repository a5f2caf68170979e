"""Does a candidate model read FER2013 better than the shipped one, beyond the luck of the faces?

The campaign ships a new model only for a real gain on the held-out tenth of train/ (the split of
``--split-seed``, which no member trained on), since a new model sets every listener's corrections
aside. Both models read the same 2,872 faces, so their accuracies are compared face by face: how
many faces only one of them gets right, the difference with its 95% interval, and McNemar's exact
test. PublicTest is scored alike and only reported. Each face is read as the app reads it (the
centre crop and its mirror, averaged).

    python benchmarks/compare_models.py models/emotion.tflite runs/ensemble-w48+fp50-int8/emotion.tflite \\
        ../shared/datasets/fer2013
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
from moodplayer.training.metrics import paired_comparison  # noqa: E402
from moodplayer.vision.emotion import EmotionClassifier  # noqa: E402

from bench_support import exit_with  # noqa: E402  (benchmarks/ is the script's folder)

BATCH = 256


def loaded(model: Path) -> EmotionClassifier:
    classifier = EmotionClassifier(model)
    classifier.load()
    return classifier


def read(classifier: EmotionClassifier, faces: np.ndarray) -> np.ndarray:
    """The class each face is read as, as the app runs the model."""
    return np.concatenate([classifier.predict(faces[i:i + BATCH]).argmax(1) for i in range(0, len(faces), BATCH)])


def compare(args: argparse.Namespace) -> None:
    """Prints, for the held-out tenth and PublicTest, how the two models compare face by face."""
    first, second = loaded(args.first), loaded(args.second)  # once for both splits
    for name, folder, seed in (("held-out tenth of train/", args.fer2013 / "train", args.split_seed),
                               ("PublicTest (reported only)", args.fer2013 / "test", None)):
        paths, labels = labelled_files(folder, seed)
        faces = np.stack([to_face_input(read_image(path)) for path in paths])
        result = paired_comparison(labels, read(first, faces), read(second, faces))
        low, high = result["interval"]
        print(f"{name}, {len(labels)} faces: {result['first_accuracy']:.2%} -> {result['second_accuracy']:.2%}, "
              f"difference {result['difference']:+.2%} (95% interval {low:+.2%} to {high:+.2%}); right only by "
              f"the first {result['only_first']}, only by the second {result['only_second']}; "
              f"McNemar p = {result['p_value']:.3f}")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="the model to beat (the shipped one)")
    parser.add_argument("second", type=Path, help="the candidate")
    parser.add_argument("fer2013", type=Path, help="the folder holding train/ and test/")
    parser.add_argument("--split-seed", type=int, default=1234)
    compare(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    exit_with(main)
