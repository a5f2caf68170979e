"""From frames to one mood: detect the largest face in each, classify all faces in one batch, vote.

Group mode ("everyone in view"): every face of every frame is classified (still one batch), the
faces are followed from frame to frame by position, each face votes over its own frames, and the
group's mood is the majority over faces (a tie goes to the higher mean probability). With fewer
than two faces it falls back to the closest (largest) face and says so in ``note``.

Personal calibration (vision/calibration.py): ``MoodDetector.calibration``, when set, adjusts each
frame's probabilities before the vote, for the closest face only; a group reading (and group mode's
fall-back to the closest face) is never adjusted, as the corrections belong to one listener. The
result keeps the raw mean beside the adjusted one, and the mean hidden vector a correction stores.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import MoodPlayerError
from moodplayer.vision.calibration import Calibration
from moodplayer.vision.camera import FrameSource
from moodplayer.vision.faces import FaceBox, FaceDetector, create_face_detector, crop_face


# A reading whose mood has under 40% mean probability is wrong more often than right: 48% right on
# the news photos, 32% on the nine people's (a quarter and a sixth of their readings); readings of
# 40-50% are right 62% and 48% of the time, 50-60% 79% and 55% (benchmarks/confidence_bands.py, the
# shipped pair, 2026-12-07). At a song's end such a reading does not move the music (qt/session.py).
UNSURE_BELOW = 0.40


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
    # Personal calibration. ``probabilities`` (and the vote) are adjusted when ``adjusted``;
    # ``raw_probabilities`` is the network's own mean over the same frames (equal when not adjusted).
    raw_probabilities: dict[str, float] | None = None  # None when built without: then the same as probabilities
    adjusted: bool = False  # a calibration with corrections was applied to this reading
    # The mean of the network's last hidden layer over the frames with a face (float32 values; () when
    # the model has no such output or in a group reading): what a correction stores.
    features: tuple[float, ...] = ()
    model: str = ""  # sha256 of the model file that read the faces ("" if the classifier has none)
    correctable: bool = False  # one listener's reading with a face: "Not right?" may be offered

    def __post_init__(self):
        if self.raw_probabilities is None:
            object.__setattr__(self, "raw_probabilities", dict(self.probabilities))

    @property
    def confidence(self) -> float:
        """The mood's mean probability over the frames (0 without a mood)."""
        return float(self.probabilities.get(self.mood, 0.0)) if self.mood is not None else 0.0

    @property
    def unsure(self) -> bool:
        """A mood read at under UNSURE_BELOW: more often wrong than right."""
        return self.mood is not None and self.confidence < UNSURE_BELOW

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("features")  # hundreds of numbers for corrections, not for reading
        return data


@dataclass(frozen=True)
class Reading:
    """The vote over one face's frames, before and after personal calibration."""

    mood: str
    votes: dict[str, int]
    probabilities: dict[str, float]  # mean of the (adjusted) per-frame probabilities
    raw_probabilities: dict[str, float]  # mean of the network's own per-frame probabilities
    features: tuple[float, ...]  # mean hidden vector over the frames (() without)
    adjusted: bool


def read_frames(probabilities: np.ndarray, features: np.ndarray | None = None,
                calibration: Calibration | None = None) -> Reading:
    """One face's frames ``(n, 7)`` (and hidden vectors ``(n, d)``) to its mood: each frame's
    probabilities adjusted by ``calibration`` (if any), then the vote. The window's detections and
    ``moodplayer evaluate --calibrate`` both read faces through here."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    adjusted = calibration is not None and not calibration.is_identity
    voted = calibration.adjust(probabilities, features) if adjusted else probabilities
    mood, votes, mean = vote(voted)
    # 6 decimals (the shown mean has 4): a correction stores these, and a mood the network found at
    # 0.00004 should not become 0.
    raw = {name: round(float(value), 6) for name, value in zip(EMOTIONS, probabilities.mean(axis=0))}
    hidden = ()
    if features is not None and np.asarray(features).size:
        hidden = tuple(float(v) for v in np.asarray(features, dtype=np.float32).mean(axis=0))
    return Reading(mood, votes, mean, raw, hidden, adjusted)


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
    """Joins a face detector and an emotion classifier (anything with ``predict(faces) -> (n, 7)``;
    with ``predict_with_features`` too, results carry the hidden vector a correction stores).

    ``calibration``: a vision.calibration.Calibration applied to the closest face's readings, or
    None. It may be replaced at any time from another thread (each detection reads it once).
    """

    def __init__(self, classifier, detector: FaceDetector | None = None, calibration: Calibration | None = None):
        self.classifier = classifier
        self.detector = detector or create_face_detector()
        self.calibration = calibration

    def _classify(self, crops: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray | None]:
        """(probabilities (n, 7), hidden features (n, d) or None) of the crops, in one batch."""
        with_features = getattr(self.classifier, "predict_with_features", None)
        if with_features is None:
            return np.asarray(self.classifier.predict(np.stack(crops))), None
        probabilities, features = with_features(np.stack(crops))
        return np.asarray(probabilities), np.asarray(features)

    @property
    def model(self) -> str:
        """The classifier's identity (sha256 of its model file), "" when it has none."""
        try:
            return str(getattr(self.classifier, "sha256", "") or "")
        except MoodPlayerError:  # the file went away: the reading still stands
            return ""

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
        """Detect, crop and classify faces in frames already in memory, then vote (the closest face,
        adjusted by ``calibration`` when set)."""
        return self._analyse(frames, self.calibration, personal=True)

    def _analyse(self, frames: list[np.ndarray], calibration: Calibration | None, personal: bool) -> MoodResult:
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
        probabilities, features = self._classify(crops)
        reading = read_frames(probabilities, features, calibration)
        finished = time.perf_counter()
        timings.update(classify=round((finished - detected) * 1000, 1), total=round((finished - started) * 1000, 1))
        return MoodResult(reading.mood, reading.votes, len(frames), len(crops), reading.probabilities, timings, boxes,
                          several, raw_probabilities=reading.raw_probabilities, adjusted=reading.adjusted,
                          features=reading.features, model=self.model, correctable=personal)

    def analyse_group(self, frames: list[np.ndarray]) -> MoodResult:
        """Everyone in view: each face votes over its frames, the group's mood is the majority over faces."""
        started = time.perf_counter()
        per_frame = [list(self.detector.detect(frame)) for frame in frames]
        detected = time.perf_counter()
        tracks = [t for t in follow_faces(per_frame) if len(t) >= max(1, len(frames) // 3)]  # not passers-by
        if len(tracks) < 2:
            closest = self._analyse(frames, None, personal=False)  # group mode: never adjusted nor corrected
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
