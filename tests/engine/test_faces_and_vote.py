import cv2
import numpy as np
import pytest
from engine_support import FixedClassifier

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.faces import FaceBox, HaarFaceDetector, YuNetFaceDetector, create_face_detector, crop_face
from moodplayer.vision.mood import MoodDetector, vote


def test_yunet_is_the_default_and_finds_the_astronaut(astronaut_bgr):
    detector = create_face_detector()
    assert isinstance(detector, YuNetFaceDetector)
    [face] = detector.detect(astronaut_bgr)
    # Her face sits around x 180-270, y 60-180 in the 512x512 portrait.
    assert 150 < face.x + face.w / 2 < 300 and 60 < face.y + face.h / 2 < 200 and face.score > 0.7


def test_haar_is_the_fallback_when_the_onnx_file_is_missing(tmp_path, astronaut_bgr):
    detector = create_face_detector(tmp_path / "missing.onnx")
    assert isinstance(detector, HaarFaceDetector)
    assert len(detector.detect(astronaut_bgr)) == 1


def test_no_face_and_several_faces_are_reported(astronaut_bgr, blank_bgr):
    detector = create_face_detector()
    assert detector.detect(blank_bgr) == []
    pair = np.hstack([astronaut_bgr, astronaut_bgr[:, ::-1]])  # her and her mirror image
    faces = detector.detect(pair)
    assert len(faces) == 2 and faces[0].area >= faces[1].area


def test_large_frames_give_boxes_in_frame_pixels(astronaut_bgr):
    detector = create_face_detector()
    [small] = detector.detect(astronaut_bgr)
    [large] = detector.detect(cv2.resize(astronaut_bgr, None, fx=3, fy=3))  # shrunk before detection
    assert abs(large.x - 3 * small.x) < 15 and abs(large.w - 3 * small.w) < 20


def test_crop_is_a_48px_gray_face_even_at_the_frame_edge(astronaut_bgr):
    crop = crop_face(astronaut_bgr, FaceBox(0, 0, 100, 120))
    assert crop.shape == (48, 48) and crop.dtype == np.uint8
    assert crop_face(astronaut_bgr, FaceBox(480, 480, 60, 60)).shape == (48, 48)


def test_vote_takes_the_majority_and_breaks_ties_by_mean_probability():
    p = np.zeros((4, 7))
    p[0, 3] = p[1, 3] = 0.6   # two votes happy at 0.6
    p[2, 4] = p[3, 4] = 0.9   # two votes sad at 0.9: a tie, sad has the higher mean
    mood, votes, mean = vote(p)
    assert mood == "sad" and votes == {"happy": 2, "sad": 2}
    assert mean["sad"] == pytest.approx(0.45)


def test_detector_batches_faces_and_counts_frames_without_a_face(astronaut_bgr, blank_bgr):
    probabilities = np.eye(7)[EMOTIONS.index("surprise")] * 0.7 + 0.3 / 7
    classifier = FixedClassifier(probabilities)
    result = MoodDetector(classifier).analyse([astronaut_bgr] * 7 + [blank_bgr] * 3)
    assert classifier.calls == [7]  # one batch for the whole vote
    assert (result.mood, result.frames, result.frames_with_face) == ("surprise", 10, 7)
    assert result.votes == {"surprise": 7} and result.boxes[-1] is None
    assert set(result.timings_ms) == {"detect", "classify", "total"}


def test_no_face_in_any_frame_gives_no_mood(blank_bgr):
    classifier = FixedClassifier(np.full(7, 1 / 7))
    result = MoodDetector(classifier).analyse([blank_bgr] * 3)
    assert result.mood is None and result.frames_with_face == 0 and classifier.calls == []


def test_crop_follows_the_landmarks():
    from moodplayer.vision.faces import SIDE_PER_EYE_MOUTH, _framing

    # Eyes 40 px apart on a line tilted 30 degrees, the mouth 50 px below their midpoint.
    tilt = np.radians(30)
    along, down = np.array([np.cos(tilt), np.sin(tilt)]), np.array([-np.sin(tilt), np.cos(tilt)])
    eyes = np.array([200.0, 150.0])
    points = [eyes - 20 * along, eyes + 20 * along, eyes + 25 * down,
              eyes + 50 * down - 15 * along, eyes + 50 * down + 15 * along]
    box = FaceBox(150, 100, 100, 120, 0.9, tuple(float(v) for p in points for v in p))
    centre, side, angle = _framing(box)
    assert angle == pytest.approx(30, abs=0.1)
    assert side == pytest.approx(SIDE_PER_EYE_MOUTH * 50, rel=1e-3)
    assert np.allclose(centre, eyes + 0.31 * 50 * down, atol=0.5)
    frame = np.zeros((400, 400, 3), np.uint8)
    assert crop_face(frame, box).shape == (48, 48)
