"""``moodplayer evaluate FOLDER --detect-faces --calibrate K --person REGEX``: the JSON contract of
issue 19 on a small generated folder of two made-up people (variants of scikit-image's astronaut
portrait), with the misclick check and the real-use simulation; no data from ../shared needed."""

import json

import cv2
import numpy as np
import pytest
from engine_support import write_image

from moodplayer.cli import main
from moodplayer.vision.faces import create_face_detector

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def person_b(image: np.ndarray) -> np.ndarray:
    """Another made-up person: mirrored, darker, warmer and a little smaller in the frame."""
    warm = np.clip(image[:, ::-1].astype(np.float32) * (0.75, 0.85, 1.0), 0, 255).astype(np.uint8)
    return cv2.copyMakeBorder(cv2.resize(warm, (448, 448)), 32, 32, 32, 32, cv2.BORDER_CONSTANT, value=(40, 40, 40))


def no_smile(image: np.ndarray) -> np.ndarray:
    """Her mouth and chin covered with the flat skin of her cheek (as tests/engine/test_shipped_model.py does)."""
    [box] = create_face_detector().detect(image)
    face = image.copy()
    top, left = box.y + int(0.62 * box.h), box.x + int(0.25 * box.w)
    cheek = np.median(image[box.y + int(0.45 * box.h):box.y + int(0.55 * box.h), box.x + int(0.1 * box.w):
                            box.x + int(0.2 * box.w)].reshape(-1, 3), axis=0)
    face[top:box.y + box.h, left:box.x + int(0.75 * box.w)] = cheek
    return face


@pytest.fixture(scope="module")
def two_people(tmp_path_factory, astronaut_bgr):
    """happy/ and neutral/: 3 photos of each person (pA..., pB...); sad/: one photo of A with no face;
    a file of nobody (not matching the pattern)."""
    root = tmp_path_factory.mktemp("people")
    for person, make in (("A", lambda image: image), ("B", person_b)):
        for mood, face in (("happy", astronaut_bgr), ("neutral", no_smile(astronaut_bgr))):
            for i in range(3):
                light = np.clip(face.astype(np.int16) + 8 * (i - 1), 0, 255).astype(np.uint8)  # a little light change
                write_image(root / mood / f"p{person}{i}.png", make(light))
    write_image(root / "sad" / "pA9.png", np.full((240, 320, 3), 90, np.uint8))  # no face: a miss, never a correction
    write_image(root / "happy" / "nobody.png", astronaut_bgr)  # left out of the calibration figure
    return root


def evaluate(capsys, *argv):
    code = main(["evaluate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_calibration_object_of_the_json(capsys, two_people):
    code, out, err = evaluate(capsys, two_people, "--detect-faces", "--calibrate", 1, "--person", "^p([AB])", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["n_images"] == 14 and report["no_face"] == 1  # today's report, over every file
    calibration = report["calibration"]
    assert set(calibration) == {"corrections_per_class", "repeats", "people", "scored", "before", "after"}
    assert calibration["corrections_per_class"] == 1 and calibration["repeats"] == 5 and calibration["people"] == 2
    # A: 3 happy + 3 neutral + 1 sad without a face, one correction of happy and of neutral -> 5 scored; B: 4
    assert calibration["scored"] == 9
    assert 0 <= calibration["before"] <= 1 and 0 <= calibration["after"] <= 1
    assert calibration["before"] <= round(8 / 9, 4)  # the photo without a face is a miss before and after
    assert calibration["after"] <= round(8 / 9, 4)
    assert set(report["calibration_recall"]["after"]) == {"happy", "sad", "neutral"}
    assert report["calibration_recall"]["after"]["sad"] == 0.0
    assert "calibration_wrong" not in report and "calibration_real_use" not in report
    # seeded: the same figures every time
    assert json.loads(evaluate(capsys, two_people, "--detect-faces", "--calibrate", 1, "--person", "^p([AB])",
                               "--json")[1])["calibration"] == calibration


def test_misclicks_real_use_and_the_text_report(capsys, two_people):
    code, out, err = evaluate(capsys, two_people, "--detect-faces", "--calibrate", 2, "--person", "^p([AB])",
                              "--wrong-corrections", 1, "--real-use", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["calibration"]["corrections_per_class"] == 2 and report["calibration"]["scored"] == 5
    wrong = report["calibration_wrong"]
    assert wrong["wrong_corrections"] == 1 and wrong["after_all_right"] == report["calibration"]["after"]
    assert wrong["drop"] == pytest.approx(wrong["after_all_right"] - wrong["after"], abs=1e-4)
    real = report["calibration_real_use"]
    assert real["repeats"] == 5 and real["people"] == 2 and real["scored"] == 4 + 3  # second halves of 7 and 6
    assert 0 <= real["before"] <= 1 and 0 <= real["after"] <= 1 and real["corrections_per_person"] >= 0
    code, out, err = evaluate(capsys, two_people, "--detect-faces", "--calibrate", 1, "--person", "^p([AB])",
                              "--wrong-corrections", 1, "--real-use")
    assert code == 0, err
    assert "personal calibration: 1 correction(s) per class, 5 repeats, 2 people, 9 photos scored" in out
    assert "recall before" in out and "\n  neutral" in out
    assert "wrong correction(s) per person" in out and "real use:" in out and "second half" in out


@pytest.mark.parametrize("argv, message", [
    (["--calibrate", "1", "--person", "^p([AB])"], "need --detect-faces and --person"),
    (["--detect-faces", "--calibrate", "1"], "need --detect-faces and --person"),
    (["--detect-faces", "--calibrate", "0", "--person", "^p([AB])"], "at least 1"),
    (["--detect-faces", "--wrong-corrections", "1", "--person", "^p([AB])"], "needs --calibrate"),
    (["--detect-faces", "--calibrate", "1", "--person", "^p"], "capture group"),
    (["--detect-faces", "--calibrate", "1", "--person", "^p(["], "not a regular expression"),
    (["--detect-faces", "--calibrate", "1", "--person", "^x(\\d)"], "matches --person"),
])
def test_bad_calibration_options_are_one_line(capsys, two_people, argv, message):
    code, out, err = evaluate(capsys, two_people, *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
