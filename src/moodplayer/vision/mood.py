"""From frames to one mood: detect the largest face in each, classify all faces in one batch, vote.

Group mode ("everyone in view"): every face of every frame is classified (still one batch), the
faces are followed from frame to frame by position, each face votes over its own frames, and the
group's mood is the majority over faces (a tie goes to the higher mean probability). With fewer
than two faces it falls back to the closest (largest) face and says so in ``note``.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.camera import FrameSource
from moodplayer.vision.faces import FaceBox, FaceDetector, create_face_detector, crop_face


@dataclass(frozen=True)
class FaceMood:
    """One face followed over the frames of a group detection."""

    box: FaceBox  # where it was last seen
    mood: str
    votes: dict[str, int]
    probabilities: dict[str, float]
    frames: int  # frames it was seen in


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
    faces: list[FaceMood] = field(default_factory=list)  # group mode: each face's own vote
    group: bool = False  # the mood is the group's (majority over faces)
    note: str = ""  # e.g. why group mode fell back to the closest face

    def to_json(self) -> dict:
        return asdict(self)


def vote(probabilities: np.ndarray) -> tuple[str, dict[str, int], dict[str, float]]:
    """Majority vote of per-frame argmaxes; a tie goes to the class with the higher mean probability."""
    counts = np.bincount(probabilities.argmax(axis=1), minlength=len(EMOTIONS))
    mean = probabilities.mean(axis=0)
    tied = np.flatnonzero(counts == counts.max())
    winner = int(tied[np.argmax(mean[tied])])
    votes = {name: int(counts[i]) for i, name in enumerate(EMOTIONS) if counts[i]}
    return EMOTIONS[winner], votes, {name: round(float(mean[i]), 4) for i, name in enumerate(EMOTIONS)}


def group_vote(faces: list[FaceMood]) -> tuple[str, dict[str, int], dict[str, float]]:
    """The group's mood: majority over faces; a tie goes to the mood with the higher mean probability."""
    counts = {name: sum(face.mood == name for face in faces) for name in EMOTIONS}
    mean = {name: round(float(np.mean([face.probabilities.get(name, 0.0) for face in faces])), 4) for name in EMOTIONS}
    best = max(counts.values())
    winner = max((name for name in EMOTIONS if counts[name] == best), key=lambda name: mean[name])
    return winner, {name: n for name, n in counts.items() if n}, mean


def follow_faces(per_frame: list[list[FaceBox]]) -> list[list[tuple[int, FaceBox]]]:
    """Faces followed across frames by position: per face, its (frame index, box) sightings.

    A box continues the face whose last box centre is nearest, within half that face's width
    (people in front of a webcam move little within ten frames); otherwise it is a new face.
    """
    tracks: list[list[tuple[int, FaceBox]]] = []
    for index, boxes in enumerate(per_frame):
        taken: set[int] = set()
        for box in sorted(boxes, key=lambda b: -b.area):
            cx, cy = box.x + box.w / 2, box.y + box.h / 2
            best, best_distance = None, None
            for t, track in enumerate(tracks):
                if t in taken:
                    continue
                last = track[-1][1]
                distance = np.hypot(cx - (last.x + last.w / 2), cy - (last.y + last.h / 2))
                if distance <= 0.5 * last.w and (best_distance is None or distance < best_distance):
                    best, best_distance = t, distance
            if best is None:
                tracks.append([(index, box)])
                taken.add(len(tracks) - 1)
            else:
                tracks[best].append((index, box))
                taken.add(best)
    return tracks


class MoodDetector:
    """Joins a face detector and an emotion classifier (anything with ``predict(faces) -> (n, 7)``)."""

    def __init__(self, classifier, detector: FaceDetector | None = None):
        self.classifier = classifier
        self.detector = detector or create_face_detector()

    def detect(self, source: FrameSource, frames: int = 10, timeout_s: float = 2.0,
               everyone: bool = False) -> MoodResult:
        """Capture ``frames`` frames from ``source`` and analyse them; CameraError from the source."""
        started = time.perf_counter()
        captured = [source.read(timeout_s) for _ in range(frames)]
        capture_ms = (time.perf_counter() - started) * 1000
        result = self.analyse_group(captured) if everyone else self.analyse(captured)
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

    def analyse_group(self, frames: list[np.ndarray]) -> MoodResult:
        """Everyone in view: each face votes over its frames, the group's mood is the majority over faces."""
        started = time.perf_counter()
        per_frame = [list(self.detector.detect(frame)) for frame in frames]
        detected = time.perf_counter()
        tracks = [t for t in follow_faces(per_frame) if len(t) >= max(1, len(frames) // 3)]  # not passers-by
        if len(tracks) < 2:
            closest = self.analyse(frames)
            why = "no face" if closest.mood is None else "one face"
            return replace(closest, note=f"Everyone in view: {why} found, so the closest face was used")
        crops = [crop_face(frames[index], box) for track in tracks for index, box in track]
        probabilities = np.asarray(self.classifier.predict(np.stack(crops)))
        finished = time.perf_counter()
        faces, offset = [], 0
        for track in tracks:
            own = probabilities[offset:offset + len(track)]
            offset += len(track)
            mood, votes, mean = vote(own)
            faces.append(FaceMood(track[-1][1], mood, votes, mean, len(track)))
        faces.sort(key=lambda face: face.box.x)  # left to right, as seen in the preview
        mood, votes, mean = group_vote(faces)
        timings = {"detect": round((detected - started) * 1000, 1), "classify": round((finished - detected) * 1000, 1),
                   "total": round((finished - started) * 1000, 1)}
        boxes = [boxes[0] if boxes else None for boxes in per_frame]
        return MoodResult(mood, votes, len(frames), sum(bool(b) for b in per_frame), mean, timings, boxes,
                          sum(len(b) > 1 for b in per_frame), faces=faces, group=True)
