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
# Side of the square crop as a multiple of the detector's box: FER2013 crops show the whole
# face with a little hair and background, wider than YuNet's brow-to-chin box.
CROP_MARGIN = 1.25
DETECT_MAX_SIDE = 640  # larger frames are shrunk before detection (speed; faces stay big enough)


@dataclass(frozen=True)
class FaceBox:
    """A face in frame pixels; score is the detector's confidence (1.0 for Haar)."""

    x: int
    y: int
    w: int
    h: int
    score: float = 1.0

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
            boxes.append(FaceBox(int(round(x)), int(round(y)), int(round(w)), int(round(h)), float(row[-1])))
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


def crop_face(frame: np.ndarray, box: FaceBox, margin: float = CROP_MARGIN) -> np.ndarray:
    """The CNN's input for one face: a square crop around the box, grayscale, 48x48 uint8.

    Parts of the square outside the frame are filled by reflection, so faces at the edge keep
    their proportions instead of being stretched.
    """
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    side = max(box.w, box.h) * margin
    cx, cy = box.x + box.w / 2.0, box.y + box.h / 2.0
    left, top = int(round(cx - side / 2)), int(round(cy - side / 2))
    size = max(1, int(round(side)))
    height, width = gray.shape
    pad = max(0, -left, -top, left + size - width, top + size - height)
    if pad:
        gray = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REFLECT_101 if pad < min(height, width)
                                  else cv2.BORDER_REPLICATE)
        left, top = left + pad, top + pad
    crop = gray[top:top + size, left:left + size]
    interpolation = cv2.INTER_AREA if size > FACE_SIZE else cv2.INTER_LINEAR
    return cv2.resize(crop, (FACE_SIZE, FACE_SIZE), interpolation=interpolation)
