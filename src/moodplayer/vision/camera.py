"""Frame sources behind one interface: a webcam index, a video file (looped) or a still image.

Every read has a timeout, so a camera that stops answering becomes a CameraError, not a hang.
Frames stay in memory; nothing here writes to disk.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from moodplayer.domain.errors import CameraError

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm"})
OPEN_TIMEOUT_S = 10.0


class FrameSource(Protocol):
    description: str

    def read(self, timeout_s: float = 2.0) -> np.ndarray:
        """The next frame, BGR uint8 ``(h, w, 3)``; CameraError when none comes in time."""

    def close(self) -> None: ...


class StillImageSource:
    """One image, returned as every frame (a camera stand-in for demos and tests)."""

    def __init__(self, image: np.ndarray, description: str = "image"):
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        self._image = image
        self.description = description

    def read(self, timeout_s: float = 2.0) -> np.ndarray:
        return self._image.copy()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class VideoCaptureSource:
    """A cv2.VideoCapture (webcam or video file) whose reads run on one worker thread with a timeout."""

    def __init__(self, target: int | str, description: str, loop: bool):
        self.description = description
        self._loop = loop
        self._lock = threading.Lock()
        # A stuck driver call can block forever; a daemon-thread executor lets us give up on it.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="camera")
        self._pending: Future | None = None
        self._capture = self._call(lambda: cv2.VideoCapture(target), OPEN_TIMEOUT_S, "opening")
        if not self._capture.isOpened():
            self.close()
            raise CameraError(f"{description}: cannot open (missing, busy or not a video)")

    def _call(self, function, timeout_s: float, what: str):
        future = self._executor.submit(function)
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            self._pending = future
            raise CameraError(f"{self.description}: no answer after {timeout_s:g} s while {what}") from None

    def _grab(self) -> np.ndarray | None:
        ok, frame = self._capture.read()
        if not ok and self._loop:
            # End of a video file: start it again, so a clip works as an endless camera.
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        return frame if ok else None

    def read(self, timeout_s: float = 2.0) -> np.ndarray:
        with self._lock:
            if self._pending is not None and not self._pending.done():
                raise CameraError(f"{self.description}: stopped answering")
            if self._capture is None:
                raise CameraError(f"{self.description}: closed")
            frame = self._call(self._grab, timeout_s, "reading a frame")
        if frame is None:
            raise CameraError(f"{self.description}: no frame (disconnected or unreadable)")
        return frame

    def rewind(self) -> None:
        """Back to the first frame (video files)."""
        with self._lock:
            self._call(lambda: self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0), OPEN_TIMEOUT_S, "rewinding")

    def close(self) -> None:
        capture, self._capture = getattr(self, "_capture", None), None
        if capture is not None:
            self._executor.submit(capture.release)
        self._executor.shutdown(wait=False, cancel_futures=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def parse_camera_spec(spec: str | int) -> int | Path:
    """A webcam index (``0``, ``"1"``) or a file path."""
    if isinstance(spec, int):
        return spec
    text = str(spec).strip()
    return int(text) if text.isdigit() else Path(text).expanduser()


def open_camera(spec: str | int) -> FrameSource:
    """Open a webcam by index, or a video or image file as the camera; CameraError when unusable."""
    target = parse_camera_spec(spec)
    if isinstance(target, int):
        return VideoCaptureSource(target, f"camera {target}", loop=False)
    if not target.exists():
        raise CameraError(f"{target}: no such file")
    if not target.is_file():
        raise CameraError(f"{target}: not a file")
    if target.suffix.lower() in IMAGE_SUFFIXES:
        image = cv2.imdecode(np.fromfile(target, dtype=np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise CameraError(f"{target}: not a readable image")
        return StillImageSource(image, str(target))
    source = None
    try:
        source = VideoCaptureSource(str(target), str(target), loop=True)
        source.read()  # a file that opens but yields no frame is not a video either
        source.rewind()
    except CameraError:
        if source is not None:
            source.close()
        raise CameraError(f"{target}: not a readable video or image") from None
    return source
