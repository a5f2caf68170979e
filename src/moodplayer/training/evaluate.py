"""``moodplayer evaluate``: scores a model on a folder of labelled face crops or photos."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moodplayer.training.dataset import list_labelled_files, read_image, to_face_input
from moodplayer.training.metrics import classification_report
from moodplayer.vision.faces import crop_face

BATCH = 256


def labelled_files(folder: Path, held_out_seed: int | None = None) -> tuple[list[Path], np.ndarray]:
    """The images of ``folder/<class>/*`` and their labels; with ``held_out_seed``, only the part that
    ``moodplayer train --split-seed`` held out for validation (the folder being that training's train/)."""
    paths, labels = list_labelled_files(folder)
    if held_out_seed is not None:
        from moodplayer.training.train import TrainConfig, stratified_split

        _, kept = stratified_split(labels, TrainConfig.validation_fraction, held_out_seed)
        paths, labels = [paths[i] for i in kept], labels[kept]
    return paths, labels


def evaluate_folder(folder: Path, classifier, detector=None, held_out_seed: int | None = None) -> dict:
    """The classification report over ``folder/<class>/*``; with a detector, images are photos.

    A photo in which no face is found counts as a miss and is counted under ``no_face``. With
    ``held_out_seed``, only the part of the folder that ``moodplayer train --split-seed`` held out
    for validation is scored (the folder being that training's train/).
    """
    paths, labels = labelled_files(folder, held_out_seed)
    faces: list[np.ndarray | None] = []
    no_face = 0
    for path in paths:
        if detector is None:
            faces.append(to_face_input(read_image(path)))
            continue
        photo = read_image(path, grayscale=False)
        boxes = detector.detect(photo)
        if boxes:
            faces.append(crop_face(photo, boxes[0]))
        else:
            no_face += 1
            faces.append(None)
    report = classification_report(labels, predict_faces(classifier, faces))
    if detector is not None:
        report["no_face"] = no_face
        report["face_detector"] = detector.name
    return report


def predict_faces(classifier, faces: list[np.ndarray | None]) -> np.ndarray:
    """The class each face is read as, in batches; -1 where no face was found (None): a miss."""
    present = [face for face in faces if face is not None]
    probabilities = np.concatenate([classifier.predict(np.stack(present[i:i + BATCH]))
                                    for i in range(0, len(present), BATCH)]) if present else np.zeros((0, 7))
    predictions = np.full(len(faces), -1, dtype=np.int64)
    predictions[[i for i, face in enumerate(faces) if face is not None]] = probabilities.argmax(axis=1)
    return predictions
