"""From frames to one mood: detect the largest face in each, classify all faces in one batch, vote."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.camera import FrameSource
from moodplayer.vision.faces import FaceBox, FaceDetector, create_face_detector, crop_face


@dataclass(frozen=True)
class MoodResult:
    """The outcome of one detection; ``mood`` is None when no frame had a face."""

    mood: str | None
    votes: dict[str, int]
    frames: int
    frames_with_face: int
    probabilities: dict[str, float]  # mean over the frames with a face
    timings_ms: dict[str, float]
    boxes: list[FaceBox | None] = field(default_factory=list)  # per frame: the face used, if any
    several_faces: int = 0  # frames where more than one face was seen (the largest was used)

    def to_json(self) -> dict:
        data = asdict(self)
        data["boxes"] = [None if box is None else asdict(box) for box in self.boxes]
        return data


def vote(probabilities: np.ndarray) -> tuple[str, dict[str, int], dict[str, float]]:
    """Majority vote of per-frame argmaxes; a tie goes to the class with the higher mean probability."""
    counts = np.bincount(probabilities.argmax(axis=1), minlength=len(EMOTIONS))
    mean = probabilities.mean(axis=0)
    tied = np.flatnonzero(counts == counts.max())
    winner = int(tied[np.argmax(mean[tied])])
    votes = {name: int(counts[i]) for i, name in enumerate(EMOTIONS) if counts[i]}
    return EMOTIONS[winner], votes, {name: round(float(mean[i]), 4) for i, name in enumerate(EMOTIONS)}


class MoodDetector:
    """Joins a face detector and an emotion classifier (anything with ``predict(faces) -> (n, 7)``)."""

    def __init__(self, classifier, detector: FaceDetector | None = None):
        self.classifier = classifier
        self.detector = detector or create_face_detector()

    def detect(self, source: FrameSource, frames: int = 10, timeout_s: float = 2.0) -> MoodResult:
        """Capture ``frames`` frames from ``source`` and analyse them; CameraError from the source."""
        started = time.perf_counter()
        captured = [source.read(timeout_s) for _ in range(frames)]
        capture_ms = (time.perf_counter() - started) * 1000
        result = self.analyse(captured)
        timings = {"capture": round(capture_ms, 1), **result.timings_ms}
        timings["total"] = round(capture_ms + result.timings_ms["total"], 1)
        return replace(result, timings_ms=timings)

    def analyse(self, frames: list[np.ndarray]) -> MoodResult:
        """Detect, crop and classify faces in frames already in memory, then vote."""
        started = time.perf_counter()
        crops, boxes, several = [], [], 0
        for frame in frames:
            found = self.detector.detect(frame)
            several += len(found) > 1
            box = found[0] if found else None
            boxes.append(box)
            if box is not None:
                crops.append(crop_face(frame, box))
        detected = time.perf_counter()
        timings = {"detect": round((detected - started) * 1000, 1)}
        if not crops:
            timings.update(classify=0.0, total=timings["detect"])
            return MoodResult(None, {}, len(frames), 0, {}, timings, boxes, several)
        probabilities = np.asarray(self.classifier.predict(np.stack(crops)))
        finished = time.perf_counter()
        mood, votes, mean = vote(probabilities)
        timings.update(classify=round((finished - detected) * 1000, 1), total=round((finished - started) * 1000, 1))
        return MoodResult(mood, votes, len(frames), len(crops), mean, timings, boxes, several)
