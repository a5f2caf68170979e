"""How the emotion model holds up away from FER2013's own crops (figures for the model card).

Conditions, each over the same labelled face crops (e.g. ../shared/datasets/fer2013/test):
- as given: the 48x48 crop straight into the CNN (what `moodplayer evaluate` reports);
- re-detected: the crop upscaled to 192x192 inside a flat grey border, the face found again by
  the app's detector and cropped the way the app crops webcam frames;
- darker / brighter: gamma 2.0 and 0.5; low contrast: pixel range halved;
- rotated: +-10 degrees.

    python benchmarks/robustness.py ../shared/datasets/fer2013/test [--model FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from moodplayer.training.dataset import load_folder  # noqa: E402
from moodplayer.training.metrics import classification_report  # noqa: E402
from moodplayer.vision.emotion import EmotionClassifier  # noqa: E402
from moodplayer.vision.faces import create_face_detector, crop_face  # noqa: E402

from bench_support import exit_with  # noqa: E402  (benchmarks/ is the script's folder)


def gamma(faces: np.ndarray, value: float) -> np.ndarray:
    table = (255.0 * (np.arange(256) / 255.0) ** value).astype(np.uint8)
    return table[faces]


def rotate(faces: np.ndarray, degrees: float) -> np.ndarray:
    matrix = cv2.getRotationMatrix2D((24, 24), degrees, 1.0)
    return np.stack([cv2.warpAffine(f, matrix, (48, 48), borderMode=cv2.BORDER_REFLECT_101) for f in faces])


UPSCALED, BORDER = 192, 64  # a 48 px crop 4x larger, in a border of 64 px


def upscaled_photo(face: np.ndarray) -> np.ndarray:
    """A 48 px crop as a photo: 4x larger in a flat border. Not a reflected one: mirrored copies of
    the face would be detected too."""
    big = cv2.resize(face, (UPSCALED, UPSCALED), interpolation=cv2.INTER_CUBIC)
    border = cv2.copyMakeBorder(big, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT,
                                value=int(np.median(face)))
    return cv2.cvtColor(border, cv2.COLOR_GRAY2BGR)


def redetect(faces: np.ndarray, detector) -> tuple[np.ndarray, np.ndarray]:
    """(crops, found): each face upscaled 4x in a flat border, detected and cropped again."""
    crops, found = [], []
    for face in faces:
        photo = upscaled_photo(face)
        boxes = detector.detect(photo)
        found.append(bool(boxes))
        crops.append(crop_face(photo, boxes[0]) if boxes else face)
    return np.stack(crops), np.asarray(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--limit", type=int, help="evaluate only the first N images of a shuffled order")
    args = parser.parse_args()
    data = load_folder(args.folder)
    faces, labels = data.images, data.labels
    if args.limit:
        order = np.random.default_rng(0).permutation(len(labels))[: args.limit]
        faces, labels = faces[order], labels[order]
    classifier = EmotionClassifier(args.model)
    classifier.load()
    detector = create_face_detector()

    def score(name: str, batch: np.ndarray, missed: np.ndarray | None = None) -> None:
        predictions = np.concatenate([classifier.predict(batch[i:i + 512]) for i in range(0, len(batch), 512)])
        predicted = predictions.argmax(axis=1)
        if missed is not None:
            predicted[missed] = -1  # no face found: a miss, as in `moodplayer evaluate --detect-faces`
        report = classification_report(labels, predicted)
        extra = f"  (face found in {(~missed).mean():.1%})" if missed is not None else ""
        print(f"{name:<26}{report['accuracy']:>9.2%}{report['macro_f1']:>10.3f}{extra}", flush=True)

    print(f"{len(labels)} images from {args.folder}; model {classifier.path}; detector {detector.name}")
    print(f"{'condition':<26}{'accuracy':>9}{'macro-F1':>10}")
    score("as given", faces)
    crops, found = redetect(faces, detector)
    score("re-detected (4x upscale)", crops, ~found)
    score("darker (gamma 2.0)", gamma(faces, 2.0))
    score("brighter (gamma 0.5)", gamma(faces, 0.5))
    score("low contrast (range / 2)", (faces // 2 + 64).astype(np.uint8))
    score("rotated +10 degrees", rotate(faces, 10))
    score("rotated -10 degrees", rotate(faces, -10))
    return 0


if __name__ == "__main__":
    exit_with(main)
