"""FER+ votes as targets: soft distributions, the majority, FER2013's label where there are no votes."""

from pathlib import Path

import numpy as np
import pytest

from moodplayer.domain.errors import DatasetError
from moodplayer.training.ferplus import ferplus_targets, read_votes

HEADER = "file,ferplus_image,match_correlation,neutral,happy,surprise,sad,angry,disgust,fear,contempt,unknown,not_face\n"


def test_votes_become_soft_or_majority_targets_and_missing_votes_keep_the_label(tmp_path):
    csv_path = tmp_path / "ferplus_train.csv"
    csv_path.write_text(HEADER
                        + "train/fear/a.jpg,fer1.png,0.99,6,0,2,2,0,0,0,0,0,0\n"  # a "fear" face read as neutral
                        + "train/angry/b.jpg,fer2.png,0.99,0,0,0,0,4,0,4,2,0,0\n"  # a tie that includes its label
                        + "train/happy/c.jpg,,0.5,,,,,,,,,,\n")  # no match: empty votes
    root = tmp_path
    paths = [root / "train/fear/a.jpg", root / "train/angry/b.jpg", root / "train/happy/c.jpg", root / "x/d.jpg"]
    labels = np.array([2, 0, 3, 6])  # fear, angry, happy, neutral
    votes = read_votes(csv_path)
    soft, used = ferplus_targets(paths, labels, votes, root, "soft")
    assert used == 2 and soft.shape == (4, 7) and np.allclose(soft.sum(axis=1), 1.0)
    assert np.allclose(soft[0], [0, 0, 0, 0, 0.2, 0.2, 0.6]), "order: angry disgust fear happy sad surprise neutral"
    assert np.allclose(soft[1], [0.5, 0, 0.5, 0, 0, 0, 0]), "contempt votes dropped"
    assert soft[2].argmax() == 3 and soft[3].argmax() == 6 and soft[2].max() == 1.0
    majority, _ = ferplus_targets(paths, labels, votes, root, "majority")
    assert majority.argmax(axis=1).tolist() == [6, 0, 3, 6], "a tie keeps FER2013's label when it is among the tied"
    mixed, _ = ferplus_targets(paths, labels, votes, root, "soft", weight=0.5)
    assert np.allclose(mixed[0], [0, 0, 0.5, 0, 0.1, 0.1, 0.3]), "half FER2013's fear label, half the votes"
    assert np.allclose(mixed[2], soft[2]), "no votes: FER2013's label whatever the weight"
    with pytest.raises(DatasetError, match="weight"):
        ferplus_targets(paths, labels, votes, root, "soft", weight=1.5)
    plain, used = ferplus_targets(paths, labels, votes, root, "none")
    assert used == 0 and plain.argmax(axis=1).tolist() == labels.tolist()


def test_a_broken_votes_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "ferplus_train.csv"
    bad.write_text("file,neutral\ntrain/a.jpg,1\n")
    with pytest.raises(DatasetError, match="missing column"):
        read_votes(bad)
    with pytest.raises(DatasetError, match="cannot read"):
        read_votes(tmp_path / "missing.csv")
    with pytest.raises(DatasetError, match="unknown FER\\+ mode"):
        ferplus_targets([Path("a")], np.array([0]), {}, tmp_path, "hard")


def test_train_on_ferplus_votes_logs_epoch_seconds_and_keeps_the_recipe(capsys, tiny_fer, tmp_path):
    import csv
    import json

    from moodplayer.cli import main
    from moodplayer.domain.emotions import EMOTIONS

    out = tmp_path / "run"
    options = ["--out", str(out), "--epochs", "1", "--width", "4", "--batch-size", "16"]
    assert main(["train", str(tiny_fer), *options, "--ferplus", "soft"]) != 0, "no votes file: a clear error"
    assert "ferplus_train.csv" in capsys.readouterr().err
    with open(tiny_fer / "ferplus_train.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER.strip().split(","))
        for image in sorted((tiny_fer / "train").glob("*/*.jpg"))[::2]:  # half the faces have votes
            writer.writerow([image.relative_to(tiny_fer).as_posix(), "", "1.0", 5, 3, 2, 0, 0, 0, 0, 0, 0, 0])
    assert main(["train", str(tiny_fer), *options, "--ferplus", "soft"]) == 0
    assert "FER+ soft targets (weight 1) for 21 of 42 train images" in capsys.readouterr().out
    assert json.loads((out / "state.json").read_text())["config"]["ferplus"] == "soft"
    with open(out / "history.csv", newline="") as handle:
        assert float(next(csv.DictReader(handle))["epoch_seconds"]) > 0, "each epoch's seconds are logged"
    assert len(EMOTIONS) == 7
