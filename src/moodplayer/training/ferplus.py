"""FER+ votes as training targets (issue 20, part 3).

FER+ (Barsoum et al., ICMI 2016) had ten raters relabel every FER2013 face; ``ferplus_train.csv``
(beside ``train/``) gives each file's votes over neutral, happy, surprise, sad, angry, disgust,
fear, contempt, unknown and not_face. Raters agree with FER2013's label on 92% of happy faces but
12.5% of fear ones, so the votes are a less noisy target where FER2013's label is doubtful:

- ``soft``: the target is the raters' distribution over our seven classes;
- ``majority``: the target is the raters' most voted class (ties keep FER2013's label when it is
  among the tied, else the first in FER2013 order).

Contempt, unknown and not_face votes are dropped (our seven classes have no place for them); a file
without any vote for the seven keeps its FER2013 label (one-hot). Validation and test keep
FER2013's own labels: the models are judged on them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import DatasetError

MODES = ("none", "soft", "majority")
CSV_NAME = "ferplus_train.csv"


def read_votes(csv_path: Path) -> dict[str, np.ndarray]:
    """file (as written in the CSV, e.g. ``train/angry/Training_1.jpg``) -> votes over EMOTIONS (7 floats)."""
    try:
        with open(csv_path, newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"file", *EMOTIONS} - set(reader.fieldnames or ())
            if missing:
                raise DatasetError(f"{csv_path}: missing column(s) {', '.join(sorted(missing))}")
            votes = {}
            for line, row in enumerate(reader, start=2):
                try:
                    votes[row["file"]] = np.asarray([float(row[e] or 0) for e in EMOTIONS], dtype=np.float32)
                except ValueError:
                    raise DatasetError(f"{csv_path}:{line}: a vote count is not a number") from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DatasetError(f"{csv_path}: cannot read the FER+ votes ({error})") from None
    return votes


def ferplus_targets(paths: tuple[Path, ...] | list[Path], labels: np.ndarray, votes: dict[str, np.ndarray],
                    root: Path, mode: str, weight: float = 1.0) -> tuple[np.ndarray, int]:
    """(targets ``(n, 7)``, files that had votes): FER+ targets for the images at ``paths`` (under
    ``root``, the data folder the CSV's paths are relative to), FER2013's one-hot label elsewhere.
    ``weight`` < 1 mixes: ``weight`` x the FER+ target + (1 - weight) x FER2013's label."""
    if mode not in MODES:
        raise DatasetError(f"unknown FER+ mode {mode!r} ({', '.join(MODES)})")
    if not 0.0 <= weight <= 1.0:
        raise DatasetError(f"the FER+ weight must be in [0, 1], not {weight}")
    one_hot = np.eye(len(EMOTIONS), dtype=np.float32)[labels]
    targets = one_hot.copy()
    if mode == "none":
        return targets, 0
    if len(paths) != len(labels):
        raise DatasetError("FER+ targets need the images' file paths (the folder layout, not the CSV)")
    used = 0
    for i, path in enumerate(paths):
        counts = votes.get(Path(path).relative_to(root).as_posix()) if Path(path).is_relative_to(root) else None
        if counts is None or counts.sum() <= 0:
            continue
        used += 1
        if mode == "soft":
            targets[i] = counts / counts.sum()
        else:
            top = np.flatnonzero(counts == counts.max())
            targets[i] = 0.0
            targets[i, labels[i] if labels[i] in top else top[0]] = 1.0
    return weight * targets + (1.0 - weight) * one_hot, used
