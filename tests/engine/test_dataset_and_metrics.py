import numpy as np
import pytest
from engine_support import write_image

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import DatasetError
from moodplayer.training.dataset import load_csv, load_folder, load_training_data
from moodplayer.training.metrics import classification_report, format_report, paired_comparison


def test_folder_layout_loads_both_splits(tiny_fer):
    train, test = load_training_data(tiny_fer)
    assert train.images.shape == (42, 48, 48) and train.images.dtype == np.uint8
    assert np.bincount(train.labels).tolist() == [6] * 7
    assert len(test.labels) == 14


def test_csv_splits_by_usage(tiny_fer_csv):
    train, test = load_training_data(tiny_fer_csv)
    assert train.images.shape == (28, 48, 48)
    assert np.bincount(test.labels).tolist() == [1] * 7


def test_images_of_other_sizes_are_resized(tmp_path):
    write_image(tmp_path / "happy" / "big.png", np.zeros((120, 100), dtype=np.uint8))
    assert load_folder(tmp_path).images.shape == (1, 48, 48)


@pytest.mark.parametrize("make, message", [
    (lambda root: (root / "joyful").mkdir(), "unknown class folder 'joyful'"),
    (lambda root: (root / "happy" / "notes.txt").write_text("x"), "not an image file"),
    (lambda root: (root / "happy" / "broken.jpg").write_bytes(b"not a jpeg"), "not a readable image"),
])
def test_bad_data_folders_are_named_errors(tmp_path, make, message):
    write_image(tmp_path / "happy" / "ok.png", np.zeros((48, 48), dtype=np.uint8))
    make(tmp_path)
    with pytest.raises(DatasetError, match=message):
        load_folder(tmp_path)


def test_empty_folders_are_errors(tmp_path):
    with pytest.raises(DatasetError, match="no class folders"):
        load_folder(tmp_path)
    (tmp_path / "sad").mkdir()
    with pytest.raises(DatasetError, match="no images"):
        load_folder(tmp_path)


def test_bad_csv_rows_are_errors(tmp_path):
    path = tmp_path / "fer.csv"
    path.write_text("emotion,pixels,Usage\n9,1 2 3,Training\n")
    with pytest.raises(DatasetError, match=":2: expected an emotion 0-6"):
        load_csv(path)
    path.write_text("label,image\n")
    with pytest.raises(DatasetError, match="missing column"):
        load_csv(path)


def test_report_matches_hand_computed_figures():
    labels = np.array([3, 3, 3, 4, 4, 1])
    predictions = np.array([3, 3, 4, 4, -1, 3])  # -1: no face found, a miss
    report = classification_report(labels, predictions)
    assert report["accuracy"] == pytest.approx(3 / 6, abs=1e-4)
    assert report["per_class"]["happy"] == {"precision": pytest.approx(2 / 3, abs=1e-4),
                                            "recall": pytest.approx(2 / 3, abs=1e-4),
                                            "f1": pytest.approx(2 / 3, abs=1e-4), "support": 3}
    assert report["per_class"]["sad"]["recall"] == 0.5
    # macro-F1 over the classes present: disgust 0, happy 2/3, sad 2/3 (P 1/2, R 1/2)
    assert report["macro_f1"] == pytest.approx((0 + 2 / 3 + 0.5) / 3, abs=1e-4)
    assert report["confusion"][3][3] == 2 and sum(map(sum, report["confusion"])) == 5
    assert "happy" in format_report(report)


class BrightnessReader:
    """Reads a face's class from its brightness (class k's faces are drawn at 30k + 2 ... 30k + 29),
    and keeps the brightness of each face it saw."""

    def __init__(self):
        self.seen = []

    def predict(self, faces):
        levels = faces.reshape(len(faces), -1).mean(axis=1)
        self.seen.extend(levels)
        return np.eye(7, dtype=np.float32)[np.clip(levels // 30, 0, 6).astype(int)]


def test_evaluate_held_out_scores_only_the_validation_part_a_split_seed_draws(tmp_path):
    from moodplayer.training.dataset import list_labelled_files
    from moodplayer.training.evaluate import evaluate_folder
    from moodplayer.training.train import stratified_split

    for label in range(7):
        for i in range(10 + 3 * label):  # classes of different sizes: the split is stratified
            write_image(tmp_path / "train" / EMOTIONS[label] / f"{i}.png", np.full((48, 48), 30 * label + 2 + i, np.uint8))
    paths, labels = list_labelled_files(tmp_path / "train")
    level = {path: 30 * label + 2 + int(path.stem) for path, label in zip(paths, labels)}
    reader = BrightnessReader()
    report = evaluate_folder(tmp_path / "train", reader, held_out_seed=9)
    _, held_out = stratified_split(labels, 0.1, 9)
    assert report["n_images"] == len(held_out) < len(labels)
    assert sorted(reader.seen) == sorted(level[paths[i]] for i in held_out), "exactly the held-out faces"
    assert [c["support"] for c in report["per_class"].values()] == np.bincount(labels[held_out], minlength=7).tolist()
    assert report["accuracy"] == 1.0
    assert evaluate_folder(tmp_path / "train", BrightnessReader())["n_images"] == len(labels)


def test_a_paired_comparison_counts_the_faces_only_one_model_gets_right():
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 0, 1, 2])
    first = np.array([0, 1, 2, 3, 4, 0, 6, 1, 0, 0])   # right on faces 0-4 and 6
    second = np.array([0, 1, 2, 3, 4, 5, 0, 0, 1, 2])  # right on faces 0-5 and 7-9
    comparison = paired_comparison(labels, first, second)
    assert (comparison["only_first"], comparison["only_second"]) == (1, 4)
    assert comparison["first_accuracy"] == 0.6 and comparison["second_accuracy"] == 0.9
    assert comparison["difference"] == pytest.approx(0.3)
    # McNemar, exact: 5 faces tell them apart, 1 goes first's way: 2 * P(X <= 1), X ~ Bin(5, 1/2).
    assert comparison["p_value"] == pytest.approx(2 * 6 / 32)
    # The interval: the per-face difference's variance (5/10 - 0.3^2) over 10 faces.
    low, high = comparison["interval"]
    assert (high - low) / 2 == pytest.approx(1.96 * np.sqrt((0.5 - 0.09) / 10))


def test_a_model_compared_with_itself_differs_by_nothing():
    labels = np.array([0, 1, 2, 3])
    comparison = paired_comparison(labels, np.array([0, 1, 0, 0]), np.array([0, 1, 0, 0]))
    assert comparison["difference"] == 0 and comparison["interval"] == (0, 0) and comparison["p_value"] == 1.0
