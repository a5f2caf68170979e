"""Where FER2013's labels and the FER+ raters part: each FER2013 class's faces by the FER+
majority (the rule ``moodplayer train --ferplus majority`` trains on: a tie keeps FER2013's label
when it is among the tied), and what FER2013 called the faces the raters read as each class.

A model is judged on FER2013's labels (PublicTest, the held-out tenth), so it learns to call the
faces of a FER+ class by FER2013's names for them: this prints how many that is.

    python benchmarks/label_conflict.py ../shared/datasets/fer2013
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import DatasetError
from moodplayer.training.dataset import list_labelled_files
from moodplayer.training.ferplus import CSV_NAME, ferplus_targets, read_votes

from bench_support import exit_with  # benchmarks/ is the script's folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fer2013", type=Path, help="the folder holding train/ and ferplus_train.csv")
    args = parser.parse_args(argv)
    if not args.fer2013.is_dir():
        raise DatasetError(f"{args.fer2013}: not a folder")
    paths, labels = list_labelled_files(args.fer2013 / "train")
    votes = read_votes(args.fer2013 / CSV_NAME)
    rated = np.array([votes.get(Path(p).relative_to(args.fer2013).as_posix(), np.zeros(7)).sum() > 0 for p in paths])
    targets, _ = ferplus_targets(paths, labels, votes, args.fer2013, "majority")
    fer, plus = labels[rated], targets[rated].argmax(axis=1)
    table = np.zeros((len(EMOTIONS), len(EMOTIONS)), dtype=int)
    np.add.at(table, (fer, plus), 1)
    print(f"{rated.sum()} of {len(labels)} train/ faces have FER+ votes; they agree with FER2013 on "
          f"{np.trace(table) / table.sum():.1%}")
    print("\nEach FER2013 class, by FER+ majority (% of the row):")
    print(f"{'FER2013':>9s} " + " ".join(f"{e[:8]:>8s}" for e in EMOTIONS) + "    faces")
    for i, name in enumerate(EMOTIONS):
        print(f"{name:>9s} " + " ".join(f"{100 * n / table[i].sum():8.1f}" for n in table[i]) + f" {table[i].sum():8d}")
    print("\nWhat FER2013 called the faces of each FER+ majority class (% of the column):")
    print(f"{'FER+':>9s} " + " ".join(f"{e[:8]:>8s}" for e in EMOTIONS) + "    faces")
    for j, name in enumerate(EMOTIONS):
        column = table[:, j]
        print(f"{name:>9s} " + " ".join(f"{100 * n / max(column.sum(), 1):8.1f}" for n in column) + f" {column.sum():8d}")
    return 0


if __name__ == "__main__":
    exit_with(main)
