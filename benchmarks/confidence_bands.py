"""How often is a reading right, by how sure the model is of it?

Each photo's face (YuNet, the app's crop) is read by the model as the window reads one frame; the
readings are grouped by the probability of the mood read, and each band's accuracy printed. The
window keeps the music's mood when the reading at a song's end falls under the band where readings
turn more often wrong than right (``vision/mood.py``: UNSURE_BELOW).

    python benchmarks/confidence_bands.py ../shared/datasets/real-photos ../shared/datasets/real-photos-people
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

# One core: the machine's other work (a training) keeps the rest.
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})

import numpy as np  # noqa: E402

from moodplayer.domain.errors import DatasetError  # noqa: E402
from moodplayer.training.dataset import read_image  # noqa: E402
from moodplayer.training.evaluate import labelled_files  # noqa: E402
from moodplayer.vision.emotion import EmotionClassifier  # noqa: E402
from moodplayer.vision.faces import create_face_detector, crop_face  # noqa: E402
from moodplayer.vision.model_files import EMOTION_MODEL, model_path  # noqa: E402
from moodplayer.vision.mood import UNSURE_BELOW  # noqa: E402

from bench_support import exit_with  # noqa: E402  (benchmarks/ is the script's folder)

BANDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def readings(folder: Path, classifier, detector) -> tuple[np.ndarray, np.ndarray]:
    """For each photo with a face: the read mood's probability, and whether the mood is right."""
    paths, labels = labelled_files(folder)
    sure, right = [], []
    for path, label in zip(paths, labels):
        photo = read_image(path, grayscale=False)
        boxes = detector.detect(photo)
        if not boxes:
            continue
        probabilities = classifier.predict(crop_face(photo, boxes[0])[None])[0]
        sure.append(float(probabilities.max()))
        right.append(int(probabilities.argmax()) == int(label))
    return np.array(sure), np.array(right)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of labelled photos (<class>/*)")
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    args = parser.parse_args()
    for folder in args.folders:
        if not folder.is_dir():
            raise DatasetError(f"{folder}: not a folder")
    classifier = EmotionClassifier(args.model or model_path(EMOTION_MODEL))
    classifier.load()
    detector = create_face_detector()
    for folder in args.folders:
        sure, right = readings(folder, classifier, detector)
        print(f"{folder.name}: {len(sure)} photos with a face, {right.mean():.1%} right")
        for low, high in zip(BANDS, BANDS[1:]):
            band = (sure >= low) & (sure < high)
            if band.any():
                print(f"  read at {low:.0%}-{min(high, 1.0):.0%}: {band.sum():4d} photos ({band.mean():4.0%}), "
                      f"{right[band].mean():.1%} right")
        under = sure < UNSURE_BELOW
        print(f"  unsure (under {UNSURE_BELOW:.0%}): {under.mean():.0%} of readings, {right[under].mean():.1%} right; "
              f"the rest {right[~under].mean():.1%} right")
    return 0


if __name__ == "__main__":
    exit_with(main)
