"""Everyone in view: each face votes over its frames; the group's mood is the majority over faces."""

import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.faces import FaceBox, create_face_detector, crop_face
from moodplayer.vision.mood import FaceMood, MoodDetector, follow_faces, group_vote


class BrightnessClassifier:
    """Reads a dark face as sad and a bright one as happy (so each face's mood is known by construction)."""

    def __init__(self, threshold: float):
        self.threshold = threshold

    def predict(self, faces):
        out = np.zeros((len(faces), len(EMOTIONS)), np.float32)
        for i, face in enumerate(faces):
            out[i, EMOTIONS.index("happy" if face.mean() > self.threshold else "sad")] = 0.9
        return out + 0.1 / len(EMOTIONS)


def people(astronaut_bgr, dark: tuple[bool, ...], shift: int = 0) -> np.ndarray:
    """The astronaut several times side by side (darkened where asked), moved ``shift`` px right."""
    copies = [(astronaut_bgr * (0.45 if d else 1.0)).astype(np.uint8) for d in dark]
    frame = np.hstack(copies)
    return np.roll(frame, shift, axis=1)


def classifier_for(astronaut_bgr) -> BrightnessClassifier:
    detector = create_face_detector()
    bright = crop_face(astronaut_bgr, detector.detect(astronaut_bgr)[0]).mean()
    dim = (astronaut_bgr * 0.45).astype(np.uint8)
    dark = crop_face(dim, detector.detect(dim)[0]).mean()
    return BrightnessClassifier((bright + dark) / 2)


def test_three_faces_vote_and_the_majority_wins(astronaut_bgr):
    frames = [people(astronaut_bgr, (False, True, False), shift=2 * i) for i in range(10)]
    result = MoodDetector(classifier_for(astronaut_bgr)).analyse_group(frames)
    assert result.group and result.mood == "happy" and result.votes == {"happy": 2, "sad": 1}
    assert [face.mood for face in result.faces] == ["happy", "sad", "happy"], "left to right"
    assert all(face.frames == 10 for face in result.faces)
    data = result.to_json()
    assert len(data["faces"]) == 3 and set(data["faces"][0]) >= {"box", "mood", "probabilities", "votes"}


def test_one_face_falls_back_to_the_closest_face_and_says_so(astronaut_bgr):
    frames = [astronaut_bgr] * 5
    result = MoodDetector(classifier_for(astronaut_bgr)).analyse_group(frames)
    assert not result.group and result.mood == "happy" and "closest face" in result.note


def test_no_face_in_group_mode_is_no_mood(astronaut_bgr, blank_bgr):
    result = MoodDetector(classifier_for(astronaut_bgr)).analyse_group([blank_bgr] * 4)
    assert result.mood is None and "no face" in result.note


def test_faces_are_followed_by_position_and_passers_by_are_separate():
    a, b = FaceBox(10, 10, 100, 100), FaceBox(300, 10, 100, 100)
    moved = FaceBox(20, 14, 100, 100)
    tracks = follow_faces([[a, b], [b, moved], [FaceBox(600, 10, 90, 90)]])
    assert [[i for i, _ in t] for t in tracks] == [[0, 1], [0, 1], [2]]


def test_a_tie_between_faces_goes_to_the_higher_mean_probability():
    def face(mood, p):
        return FaceMood(FaceBox(0, 0, 1, 1), mood, {mood: 1}, {mood: p}, 1)

    mood, votes, _ = group_vote([face("sad", 0.6), face("happy", 0.9)])
    assert mood == "happy" and votes == {"happy": 1, "sad": 1}


def test_detect_all_faces_json_lists_each_face_and_the_group(capsys, tmp_path, astronaut_bgr, monkeypatch):
    import json

    from engine_support import write_video

    import moodplayer.cli as cli

    clip = write_video(tmp_path / "three.avi", [people(astronaut_bgr, (True, False, True))] * 6)
    monkeypatch.setattr(cli, "_classifier", lambda model: classifier_for(astronaut_bgr))
    assert cli.main(["detect", "--camera", str(clip), "--frames", "6", "--all-faces", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["group"] and data["mood"] == "sad" and data["votes"] == {"sad": 2, "happy": 1}
    assert [face["mood"] for face in data["faces"]] == ["sad", "happy", "sad"]
    assert {"x", "y", "w", "h"} <= set(data["faces"][0]["box"])
    assert cli.main(["detect", "--camera", str(clip), "--frames", "6", "--all-faces"]) == 0
    assert "group mood: sad (2 of 3 faces)" in capsys.readouterr().out
    assert cli.main(["detect", "--camera", str(clip), "--frames", "6", "--json"]) == 0
    assert "faces" not in json.loads(capsys.readouterr().out), "without --all-faces the output is as before"
