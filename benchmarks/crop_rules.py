"""Does the app's face crop zoom with the expression, and would YuNet's box crop faces better?

The app frames a face from YuNet's landmarks (vision/faces.py: the square's side is 2.57
eye-to-mouth distances). An open mouth lengthens that distance and a smile shortens it, so the
zoom could follow the expression: surprise cropped looser, happy tighter. The alternative scales
and centres the square on YuNet's box (its width is steadier) and levels the eyes as the app does.

1. Framing, on every 10th train/ face outside the held-out tenth (upscaled 4x in a flat border
   and found again, where FER2013's own square is known): the box rule's two constants are fitted
   there (medians), and each rule's square is compared with FER2013's (IoU, and the median of side
   / true side for each class).
2. Readings of the shipped model through each rule: the held-out tenth of train/ re-detected the
   same way (the figure that chooses), and, reported only, PublicTest re-detected, the news photos
   and the nine people's photos; each with the paired difference (box minus app) and its 95%
   interval. A face not found counts as a miss for both rules alike.

    python benchmarks/crop_rules.py ../shared/datasets [--model models/emotion.tflite]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# One core: the machine's other work (a training) keeps the rest.
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from moodplayer.domain.emotions import EMOTIONS  # noqa: E402
from moodplayer.domain.errors import DatasetError  # noqa: E402
from moodplayer.training.dataset import list_labelled_files, read_image  # noqa: E402
from moodplayer.training.evaluate import labelled_files, predict_faces  # noqa: E402
from moodplayer.training.metrics import classification_report  # noqa: E402
from moodplayer.vision import faces  # noqa: E402
from moodplayer.vision.emotion import EmotionClassifier  # noqa: E402

from bench_support import exit_with  # noqa: E402  (benchmarks/ is the script's folder)
from robustness import BORDER, UPSCALED, upscaled_photo  # noqa: E402

TRUE_CENTRE = BORDER + UPSCALED / 2  # FER2013's square in the re-detected photo: side 192 at (160, 160)


def detect_all(detector, paths, as_photo) -> list[tuple[np.ndarray, faces.FaceBox | None]]:
    found = []
    for path in paths:
        photo = as_photo(path)
        boxes = detector.detect(photo)
        found.append((photo, boxes[0] if boxes else None))
    return found


def box_framing(side_per_width: float, offset: np.ndarray):
    """The box rule: centre and side from YuNet's box, the eyes levelled as the app levels them."""
    def framing(box: faces.FaceBox):
        angle = 0.0
        if box.landmarks is not None:
            right_eye, left_eye = np.asarray(box.landmarks, dtype=float).reshape(5, 2)[:2]
            dx, dy = left_eye - right_eye
            angle = float(np.degrees(np.arctan2(dy, dx)))
        centre = (box.x + box.w / 2 + offset[0] * box.w, box.y + box.h / 2 + offset[1] * box.w)
        return centre, side_per_width * box.w, angle
    return framing


def framing_report(name, framing, found, labels) -> None:
    sides, ious = [], []
    for _, box in found:
        (cx, cy), side, _ = framing(box)
        x0, x1 = max(cx - side / 2, BORDER), min(cx + side / 2, BORDER + UPSCALED)
        y0, y1 = max(cy - side / 2, BORDER), min(cy + side / 2, BORDER + UPSCALED)
        inter = max(x1 - x0, 0) * max(y1 - y0, 0)
        ious.append(inter / (side * side + UPSCALED * UPSCALED - inter))
        sides.append(side / UPSCALED)
    sides, ious = np.array(sides), np.array(ious)
    per_class = ", ".join(f"{EMOTIONS[c]} {np.median(sides[labels == c]):.3f}" for c in np.unique(labels))
    print(f"  {name:22s} IoU with FER2013's square: mean {ious.mean():.3f}; median side / true side, "
          f"all {np.median(sides):.3f}: {per_class}")


def predictions(classifier, found, framing) -> np.ndarray:
    original = faces._framing
    faces._framing = framing  # crop_face frames through this module function
    try:
        crops = [faces.crop_face(photo, box) if box is not None else None for photo, box in found]
    finally:
        faces._framing = original
    return predict_faces(classifier, crops)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", type=Path, help="the folder holding fer2013/, real-photos/ ...")
    parser.add_argument("--model", type=Path, default=Path("models/emotion.tflite"))
    parser.add_argument("--split-seed", type=int, default=1234)
    args = parser.parse_args(argv)
    if not args.datasets.is_dir():
        raise DatasetError(f"{args.datasets}: not a folder")
    fer = args.datasets / "fer2013"
    detector = faces.create_face_detector()
    classifier = EmotionClassifier(args.model)
    classifier.load()
    as_upscaled = lambda path: upscaled_photo(read_image(path))  # noqa: E731
    as_photo = lambda path: read_image(path, grayscale=False)  # noqa: E731

    held_paths, held_labels = labelled_files(fer / "train", args.split_seed)
    held_out = set(held_paths)
    train_paths, train_labels = list_labelled_files(fer / "train")
    fit = [i for i in range(0, len(train_paths), 10) if train_paths[i] not in held_out]
    fit_found = detect_all(detector, [train_paths[i] for i in fit], as_upscaled)
    kept = [i for i, (_, box) in enumerate(fit_found) if box is not None]
    fit_found, fit_labels = [fit_found[i] for i in kept], train_labels[fit][kept]
    widths = np.array([box.w for _, box in fit_found], dtype=float)
    centres = np.array([(box.x + box.w / 2, box.y + box.h / 2) for _, box in fit_found])
    side_per_width = float(np.median(UPSCALED / widths))
    offset = np.median((TRUE_CENTRE - centres) / widths[:, None], axis=0)
    rules = {"the app (eye-mouth)": faces._framing, "YuNet's box": box_framing(side_per_width, offset)}
    print(f"Framing, {len(fit_found)} train/ faces found of {len(fit)} (outside the held-out tenth); box rule "
          f"fitted there: side {side_per_width:.3f} box widths, centre offset ({offset[0]:+.3f}, {offset[1]:+.3f}) "
          "box widths")
    for name, framing in rules.items():
        framing_report(name, framing, fit_found, fit_labels)

    sets = [("held-out tenth of train/, re-detected (chooses)", held_paths, held_labels, as_upscaled)]
    test_paths, test_labels = labelled_files(fer / "test")
    sets.append(("PublicTest, re-detected (reported only)", test_paths, test_labels, as_upscaled))
    for folder, title in (("real-photos", "news photos"), ("real-photos-people", "nine people's photos")):
        if (args.datasets / folder).is_dir():
            paths, labels = labelled_files(args.datasets / folder)
            sets.append((f"{title} (reported only)", paths, labels, as_photo))
    surprise = EMOTIONS.index("surprise")
    print(f"Readings of {args.model} (flip averaging, as the app):")
    for title, paths, labels, as_input in sets:
        found = detect_all(detector, paths, as_input)
        right = {}
        print(f"  {title}, {len(labels)} faces, {sum(box is None for _, box in found)} not found:")
        for name, framing in rules.items():
            predicted = predictions(classifier, found, framing)
            report = classification_report(labels, predicted)
            right[name] = (predicted == labels).astype(float)
            recall = right[name][labels == surprise].mean()
            print(f"    {name:22s} accuracy {report['accuracy']:.2%}  macro-F1 {report['macro_f1']:.3f}  "
                  f"surprise recall {recall:.1%}")
        difference = right["YuNet's box"] - right["the app (eye-mouth)"]
        mean, error = difference.mean(), 1.96 * difference.std(ddof=1) / np.sqrt(len(difference))
        print(f"    box minus app: {100 * mean:+.2f} points (95% interval {100 * (mean - error):+.2f} to "
              f"{100 * (mean + error):+.2f}); only the box right {int((difference > 0).sum())}, only the app "
              f"right {int((difference < 0).sum())}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    exit_with(main)
