"""Face detection (YuNet, with OpenCV's Haar cascade as the fallback) and the CNN's face crop."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from moodplayer.vision.model_files import FACE_MODEL, model_path

logger = logging.getLogger(__name__)

FACE_SIZE = 48
# Larger frames are shrunk before detection: YuNet costs ~24 ms on a 640x480 frame on one core,
# ~6 ms at 320x240, where a face at webcam distance is still 60+ px (YuNet finds faces from ~20 px).
DETECT_MAX_SIDE = 320

# The crop reproduces FER2013's framing. Calibrated on 1,391 FER2013 *train* faces, upscaled 4x
# and re-detected by YuNet (medians): the 48x48 frame's side is 2.57 eye-to-mouth distances, and
# its centre lies 0.31 of the way from the eyes' midpoint to the mouth's.
SIDE_PER_EYE_MOUTH = 2.57
CENTRE_EYE_TO_MOUTH = 0.31
# Without landmarks (Haar): the frame's side is 1.04 box widths, centred (524 train faces).
SIDE_PER_BOX_WIDTH = 1.04


@dataclass(frozen=True)
class FaceBox:
    """A face in frame pixels; score is the detector's confidence (1.0 for Haar)."""

    x: int
    y: int
    w: int
    h: int
    score: float = 1.0
    # YuNet's five points, subject's right eye first: right eye, left eye, nose tip, right and
    # left mouth corners, as (x0, y0, x1, y1, ...); None from detectors without landmarks.
    landmarks: tuple[float, ...] | None = None

    @property
    def area(self) -> int:
        return self.w * self.h


class FaceDetector(Protocol):
    name: str

    def detect(self, frame: np.ndarray) -> list[FaceBox]:
        """Faces in a BGR frame, largest first."""


def _shrink(frame: np.ndarray) -> tuple[np.ndarray, float]:
    scale = min(1.0, DETECT_MAX_SIDE / max(frame.shape[:2]))
    if scale < 1.0:
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return frame, scale


def _to_bgr(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR) if frame.ndim == 2 else frame


class YuNetFaceDetector:
    name = "yunet"

    def __init__(self, model: Path, score_threshold: float = 0.7):
        self._detector = cv2.FaceDetectorYN.create(str(model), "", (320, 320), score_threshold, 0.3, 50)

    def detect(self, frame: np.ndarray) -> list[FaceBox]:
        small, scale = _shrink(_to_bgr(frame))
        height, width = small.shape[:2]
        self._detector.setInputSize((width, height))
        _, found = self._detector.detect(small)
        boxes = []
        for row in found if found is not None else ():
            x, y, w, h = (float(v) / scale for v in row[:4])
            points = tuple(round(float(v) / scale, 1) for v in row[4:14])
            boxes.append(FaceBox(int(round(x)), int(round(y)), int(round(w)), int(round(h)), float(row[-1]), points))
        return sorted(boxes, key=lambda box: box.area, reverse=True)


class HaarFaceDetector:
    name = "haar"

    def __init__(self):
        cascade = Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"
        self._cascade = cv2.CascadeClassifier(str(cascade))
        if self._cascade.empty():
            raise RuntimeError(f"cannot load the Haar cascade {cascade}")

    def detect(self, frame: np.ndarray) -> list[FaceBox]:
        small, scale = _shrink(_to_bgr(frame))
        gray = cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
        found = self._cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(30, 30))
        boxes = [FaceBox(*(int(round(v / scale)) for v in box)) for box in found]
        return sorted(boxes, key=lambda box: box.area, reverse=True)


def create_face_detector(model: Path | None = None) -> FaceDetector:
    """YuNet from models/, or the Haar cascade when the ONNX file is missing or unloadable."""
    model = model or model_path(FACE_MODEL)
    if model.is_file():
        try:
            return YuNetFaceDetector(model)
        except cv2.error as error:
            logger.warning("cannot load YuNet from %s (%s); using the Haar cascade", model, error)
    else:
        logger.warning("face model %s is missing; using the Haar cascade", model)
    return HaarFaceDetector()


def crop_face(frame: np.ndarray, box: FaceBox) -> np.ndarray:
    """The CNN's input for one face: FER2013's framing, grayscale, 48x48 uint8.

    With landmarks the face is also aligned (eyes level). Parts of the crop outside the frame
    repeat the edge pixels, so faces at the border keep their proportions.
    """
    centre, side, angle = _framing(box)
    # Work on the face's neighbourhood only (any rotation of the square fits in it), not the frame.
    reach = int(np.ceil(side * 0.75)) + 1
    left, top = max(0, int(centre[0]) - reach), max(0, int(centre[1]) - reach)
    region = frame[top:int(centre[1]) + reach + 1, left:int(centre[0]) + reach + 1]
    if region.size == 0:  # a box entirely off the frame: fall back to the whole frame
        region, left, top = frame, 0, 0
    gray = region if region.ndim == 2 else cv2.cvtColor(region, cv2.COLOR_BGR2GRAY)
    centre = (centre[0] - left, centre[1] - top)
    if side > 2 * FACE_SIZE:
        # Shrink first with area averaging: one warp straight to 48 px would alias.
        factor = 2 * FACE_SIZE / side
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        centre, side = (centre[0] * factor, centre[1] * factor), side * factor
    matrix = cv2.getRotationMatrix2D(centre, angle, FACE_SIZE / side)
    matrix[:, 2] += (FACE_SIZE / 2 - centre[0], FACE_SIZE / 2 - centre[1])
    return cv2.warpAffine(gray, matrix, (FACE_SIZE, FACE_SIZE), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)


def _framing(box: FaceBox) -> tuple[tuple[float, float], float, float]:
    """(centre, side, eye-line angle in degrees) of the square to crop."""
    if box.landmarks is not None:
        right_eye, left_eye, _, right_mouth, left_mouth = np.asarray(box.landmarks, dtype=float).reshape(5, 2)
        eyes = (right_eye + left_eye) / 2
        mouth = (right_mouth + left_mouth) / 2
        distance = float(np.hypot(*(mouth - eyes)))
        if distance >= 2.0:
            centre = eyes + CENTRE_EYE_TO_MOUTH * (mouth - eyes)
            dx, dy = left_eye - right_eye
            return (float(centre[0]), float(centre[1])), SIDE_PER_EYE_MOUTH * distance, float(np.degrees(np.arctan2(dy, dx)))
    side = SIDE_PER_BOX_WIDTH * box.w
    return (box.x + box.w / 2.0, box.y + box.h / 2.0), max(side, 1.0), 0.0
