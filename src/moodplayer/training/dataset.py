"""Reads FER2013 in either published format into uint8 arrays of 48x48 grayscale faces.

Formats:
- folder layout: ``DIR/<class>/*.jpg`` (Kaggle), with ``DIR/train`` and ``DIR/test`` splits;
- the original ``fer2013.csv`` with columns ``emotion``, ``pixels`` and ``Usage``.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import DatasetError
from moodplayer.vision.camera import IMAGE_SUFFIXES
from moodplayer.vision.faces import FACE_SIZE

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LabelledImages:
    """Images (``(n, 48, 48)`` uint8, or file paths) and their labels (``(n,)`` int, FER2013 order)."""

    images: np.ndarray
    labels: np.ndarray
    paths: tuple[Path, ...] = ()


def class_folders(root: Path) -> list[tuple[int, Path]]:
    """(label, folder) for each class folder under ``root``; unknown folder names are an error."""
    if not root.is_dir():
        raise DatasetError(f"{root}: not a folder")
    folders = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            # A data set's own README or licence beside the class folders is not an image of any class.
            logger.debug("Ignoring %r: not a class folder", str(entry))
            continue
        name = entry.name.lower()
        if name not in EMOTIONS:
            raise DatasetError(f"{entry}: unknown class folder {entry.name!r}; expected {', '.join(EMOTIONS)}")
        folders.append((EMOTIONS.index(name), entry))
    if not folders:
        raise DatasetError(f"{root}: no class folders ({', '.join(EMOTIONS)})")
    return folders


def list_labelled_files(root: Path) -> tuple[list[Path], np.ndarray]:
    """Image paths under ``root/<class>/`` and their labels; a non-image file is an error."""
    paths: list[Path] = []
    labels: list[int] = []
    for label, folder in class_folders(root):
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                raise DatasetError(f"{path}: not an image file (expected {', '.join(sorted(IMAGE_SUFFIXES))})")
            paths.append(path)
            labels.append(label)
    if not paths:
        raise DatasetError(f"{root}: no images in the class folders")
    return paths, np.asarray(labels, dtype=np.int64)


def read_image(path: Path, grayscale: bool = True) -> np.ndarray:
    """Decode an image file (BGR, or grayscale); DatasetError if it cannot be read."""
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as error:
        raise DatasetError(f"{path}: cannot read ({error.strerror})") from None
    flags = cv2.IMREAD_GRAYSCALE if grayscale else cv2.IMREAD_COLOR
    image = cv2.imdecode(data, flags) if data.size else None
    if image is None:
        raise DatasetError(f"{path}: not a readable image")
    return image


def to_face_input(gray: np.ndarray) -> np.ndarray:
    """A grayscale image resized to the CNN's 48x48 input."""
    if gray.shape == (FACE_SIZE, FACE_SIZE):
        return gray
    interpolation = cv2.INTER_AREA if min(gray.shape) > FACE_SIZE else cv2.INTER_LINEAR
    return cv2.resize(gray, (FACE_SIZE, FACE_SIZE), interpolation=interpolation)


def load_folder(root: Path) -> LabelledImages:
    """Every image under ``root/<class>/`` as a 48x48 face crop."""
    paths, labels = list_labelled_files(root)
    images = np.empty((len(paths), FACE_SIZE, FACE_SIZE), dtype=np.uint8)
    for i, path in enumerate(paths):
        images[i] = to_face_input(read_image(path))
    return LabelledImages(images, labels, tuple(paths))


def load_csv(path: Path) -> dict[str, LabelledImages]:
    """The original ``fer2013.csv``: one LabelledImages per ``Usage`` value."""
    rows: dict[str, tuple[list[np.ndarray], list[int]]] = {}
    try:
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"emotion", "pixels"} - set(reader.fieldnames or ())
            if missing:
                raise DatasetError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for line, row in enumerate(reader, start=2):
                try:
                    label = int(row["emotion"])
                    pixels = np.asarray(row["pixels"].split(), dtype=np.uint8)
                except (ValueError, AttributeError):
                    raise DatasetError(f"{path}:{line}: unreadable emotion or pixels") from None
                if not 0 <= label < len(EMOTIONS) or pixels.size != FACE_SIZE * FACE_SIZE:
                    raise DatasetError(f"{path}:{line}: expected an emotion 0-6 and 2304 pixels")
                images, labels = rows.setdefault(row.get("Usage") or "Training", ([], []))
                images.append(pixels.reshape(FACE_SIZE, FACE_SIZE))
                labels.append(label)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DatasetError(f"{path}: cannot read as CSV ({error})") from None
    if not rows:
        raise DatasetError(f"{path}: no rows")
    return {usage: LabelledImages(np.stack(images), np.asarray(labels, dtype=np.int64)) for usage, (images, labels) in rows.items()}


def load_training_data(data: Path) -> tuple[LabelledImages, LabelledImages | None]:
    """(train, test) from a FER2013 folder layout or CSV; test is None when the data has none."""
    if data.is_file():
        splits = load_csv(data)
        train = splits.get("Training")
        if train is None:
            raise DatasetError(f"{data}: no rows with Usage 'Training'")
        return train, splits.get("PublicTest")
    if not data.is_dir():
        raise DatasetError(f"{data}: no such file or folder")
    train_dir = data / "train"
    if not train_dir.is_dir():
        # A bare class-folder layout: all of it is training data.
        return load_folder(data), None
    test_dir = data / "test"
    return load_folder(train_dir), (load_folder(test_dir) if test_dir.is_dir() else None)
