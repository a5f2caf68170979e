"""The camera thread: live preview frames, face boxes at a few Hz, and mood detection on request.

One QThread owns the camera (a webcam can only be opened once), so preview and detection share
the stream. The preview drops frames rather than queue them: a new frame is only emitted once the
GUI has taken the previous one. Frames stay in memory; nothing is written to disk.

"Only to read" (Mood > Open the camera only to read my mood, and while the window is hidden in the
tray) keeps the device closed between readings: each detection opens it, lets it settle, reads and
closes it again.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from moodplayer.domain.errors import CameraError, MoodPlayerError

logger = logging.getLogger(__name__)

PREVIEW_FPS = 20  # frames shown per second (at most; a webcam paces itself)
BOX_HZ = 3  # face detection for the preview box, per second
VOTE_FRAMES = 10  # frames per mood detection
READ_TIMEOUT_S = 2.0
# A webcam just opened sends dark or badly exposed frames while its automatic exposure settles
# (about half a second on common UVC webcams); a reading waits this long before it takes frames.
SETTLE_S = 1.0
PREPARED_S = 10.0  # a camera opened ahead of a reading (prepare_for_reading) closes if none comes by then
CAMERA_OFF = "The camera is off (Mood > Use the camera turns it on)"
CAMERA_CLOSED = "The camera opens only to read your mood"


def frame_to_qimage(frame) -> QImage:
    """A deep copy of a BGR uint8 frame as a QImage (safe to hand to another thread)."""
    height, width = frame.shape[:2]
    if frame.ndim == 2:
        return QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888).copy()


_STOPPING: list = []  # camera threads stopped but not yet finished: kept alive until they are


@atexit.register
def _wait_for_stopping() -> None:
    for thread in _STOPPING:
        thread.wait()


class CameraThread(QThread):
    """Signals cross to the GUI thread (queued). Public methods are thread-safe."""

    frame_ready = Signal(QImage, object)  # the frame, [(x, y, w, h), ...] of the faces last seen (a tuple)
    status_changed = Signal(str, str)  # "starting" | "on" | "off" | "unavailable", message
    detection_finished = Signal(int, object)  # request id, MoodResult
    detection_failed = Signal(int, str, str)  # request id, kind ("camera" | "model" | "error"), message

    def __init__(self, source: str | int, open_camera: Callable, face_detector_factory: Callable | None = None,
                 mood_detector_factory: Callable | None = None, vote_frames: int = VOTE_FRAMES,
                 preview_fps: float = PREVIEW_FPS, read_timeout_s: float = READ_TIMEOUT_S,
                 settle_s: float = SETTLE_S, prepared_s: float = PREPARED_S, parent=None):
        super().__init__(parent)
        self.setObjectName("camera")
        self._source = source
        self._open_camera = open_camera
        self._face_detector_factory = face_detector_factory
        self._mood_detector_factory = mood_detector_factory
        self._vote_frames = vote_frames
        self._frame_interval = 1.0 / preview_fps
        self._read_timeout_s = read_timeout_s
        self._settle_s = settle_s
        self._prepared_s = prepared_s
        self._prepared_until = 0.0  # time.monotonic(): only to read, the camera is open ahead of a reading
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._off = threading.Event()  # turned off by the listener: the device is closed until turned on
        self._only_to_read = threading.Event()  # the device is opened for each detection only
        self._wake = threading.Event()  # set_on() or a detection request: the thread looks again
        self._classifier = None
        self._calibration = None  # vision.calibration.Calibration applied to one face's readings, or None
        self._everyone = False
        self._requests: list[int] = []
        self._next_id = 0
        self._frame_taken = threading.Event()
        self._frame_taken.set()
        self.camera_ok = False

    # -- called from the GUI thread ---------------------------------------------------------
    def set_classifier(self, classifier) -> None:
        with self._lock:
            self._classifier = classifier

    def set_calibration(self, calibration) -> None:
        """The listener's adjustment (None: the network's own reading); the next detection uses it."""
        with self._lock:
            self._calibration = calibration

    def set_everyone(self, everyone: bool) -> None:
        """Group mode: every face in view votes (vision.mood); otherwise the closest face."""
        with self._lock:
            self._everyone = everyone

    def set_on(self, on: bool) -> None:
        """Turn the camera off (the device is closed: its light goes out, another app may use it) or
        on again (reopened). Detections asked for while it is off fail with kind "camera"."""
        self._switch(self._off, not on)

    @property
    def is_on(self) -> bool:
        return not self._off.is_set()

    def set_only_to_read(self, on: bool) -> None:
        """On: the device is closed between readings, opened for each detection (and the preview
        shows only what a reading sees); off: open all the time, with the live preview."""
        self._switch(self._only_to_read, on)

    def _switch(self, flag: threading.Event, on: bool) -> None:
        if on:
            flag.set()
        else:
            flag.clear()
        self._wake.set()  # the camera thread looks at its switches again

    @property
    def only_to_read(self) -> bool:
        return self._only_to_read.is_set()

    def request_detection(self) -> int:
        with self._lock:
            self._next_id += 1
            self._requests.append(self._next_id)
            request = self._next_id
        self._wake.set()  # a closed camera opens for it
        return request

    def prepare_for_reading(self) -> None:
        """Only to read: open the camera now for a reading that is coming (a song about to end), so it
        has settled when the reading is asked for; closed again if none comes within PREPARED_S."""
        with self._lock:
            self._prepared_until = time.monotonic() + self._prepared_s
        self._wake.set()

    def _wanted(self) -> bool:
        """A detection waits, or one is coming (prepare_for_reading)."""
        with self._lock:
            return bool(self._requests) or time.monotonic() < self._prepared_until

    def frame_taken(self) -> None:
        """The GUI has painted the last frame; the next one may be sent."""
        self._frame_taken.set()

    def stop(self, wait_ms: int = 5000) -> None:
        self._stop.set()
        if not self.wait(wait_ms):
            # Still inside a read or a classification (a slow camera, a loaded CPU): this object must
            # outlive its thread, as Qt aborts the whole process when a running QThread is destroyed.
            logger.warning("The camera thread is still busy %d ms after being asked to stop", wait_ms)
            _STOPPING.append(self)


    # -- the camera thread ------------------------------------------------------------------
    def _fail_pending(self, kind: str, message: str) -> None:
        with self._lock:
            pending, self._requests = self._requests, []
        for request in pending:
            self.detection_failed.emit(request, kind, message)

    def run(self) -> None:
        while not self._stop.is_set():
            if self._off.is_set():
                self._stay_off()
                continue
            if self._only_to_read.is_set() and not self._wanted():
                self._stand_by()
                continue
            self.status_changed.emit("starting", f"Opening {self._source}…")
            try:
                source = self._open_camera(self._source)
            except CameraError as error:
                if self._only_to_read.is_set():  # this reading fails; the next one tries again
                    logger.warning("Camera unavailable: %s", error)
                    self._fail_pending("camera", str(error))
                else:
                    self._unavailable(str(error))  # until stopped, or turned off or on (then tried again)
                continue
            failed = None
            try:
                self._loop(source)  # until stopped or turned off
            except CameraError as error:
                failed = str(error)
            finally:
                source.close()
            if failed is not None:
                self._unavailable(failed)

    def _stay_off(self) -> None:
        """Turned off: say so, and answer detection requests (with a failure) until on or stopped."""
        self.camera_ok = False
        self.status_changed.emit("off", CAMERA_OFF)
        while self._off.is_set() and not self._stop.is_set():
            self._fail_pending("camera", CAMERA_OFF)
            self._wake.wait(0.1)
            self._wake.clear()

    def _stand_by(self) -> None:
        """Only while reading: the device stays closed until a detection is asked for (or the mode,
        the switch or the app changes)."""
        self.camera_ok = False
        self.status_changed.emit("standby", CAMERA_CLOSED)
        while (self._only_to_read.is_set() and not self._off.is_set() and not self._stop.is_set()
               and not self._wanted()):
            self._wake.wait(0.1)
            self._wake.clear()

    def _unavailable(self, message: str) -> None:
        logger.warning("Camera unavailable: %s", message)
        self.camera_ok = False
        self._wake.clear()
        self.status_changed.emit("unavailable", message)
        self._fail_pending("camera", message)
        # Keep answering detection requests (with a failure) until stopped, or until the listener
        # turns the camera off or on (Mood > Use the camera): a busy webcam may be free by then.
        while not self._stop.wait(0.1):
            self._fail_pending("camera", message)
            if self._wake.is_set():
                return

    def _loop(self, source) -> None:
        face_detector = None
        if self._face_detector_factory is not None:
            try:
                face_detector = self._face_detector_factory()
            except (MoodPlayerError, OSError) as error:
                logger.warning("No face detector for the preview: %s", error)
        mood_detector, mood_classifier = None, None
        boxes: list[tuple[int, int, int, int]] = []
        next_box_at = 0.0
        capture: list | None = None  # frames of the running detection
        request_id = 0
        self.camera_ok = True
        self.status_changed.emit("on", getattr(source, "description", str(self._source)))
        settled_at = time.monotonic() + (self._settle_s if self._only_to_read.is_set() else 0.0)
        while not self._stop.is_set() and not self._off.is_set():
            started = time.monotonic()
            if capture is None and self._only_to_read.is_set() and not self._wanted():
                break  # the reading is done: closed until the next one
            frame = source.read(self._read_timeout_s)
            if capture is None and started >= settled_at:
                with self._lock:
                    if self._requests:
                        request_id = self._requests.pop(0)
                        capture = []
                        self._prepared_until = 0.0  # the reading it was opened ahead of has come
            if capture is not None:
                capture.append(frame)
                if len(capture) >= self._vote_frames:
                    with self._lock:
                        classifier, everyone, calibration = self._classifier, self._everyone, self._calibration
                    if classifier is None:
                        self.detection_failed.emit(request_id, "model", "The emotion model is not ready yet")
                    else:
                        if mood_detector is None or mood_classifier is not classifier:
                            factory = self._mood_detector_factory or default_mood_detector_factory
                            mood_detector = factory(classifier, face_detector)
                            mood_classifier = classifier
                        if hasattr(mood_detector, "calibration"):
                            mood_detector.calibration = calibration
                        self._analyse(mood_detector, capture, request_id, everyone)
                        boxes = getattr(mood_detector, "last_boxes", None) or boxes
                    capture = None
            if face_detector is not None and started >= next_box_at:
                next_box_at = started + 1.0 / BOX_HZ
                boxes = [(b.x, b.y, b.w, b.h) for b in face_detector.detect(frame)]
            if self._frame_taken.is_set():
                self._frame_taken.clear()
                self.frame_ready.emit(frame_to_qimage(frame), tuple(boxes))
            remaining = self._frame_interval - (time.monotonic() - started)
            if remaining > 0:
                self._stop.wait(remaining)
        if capture is not None:  # turned off (or stopped) in the middle of a detection
            self.detection_failed.emit(request_id, "camera", CAMERA_OFF)

    def _analyse(self, mood_detector, frames, request_id: int, everyone: bool = False) -> None:
        try:
            group = everyone and hasattr(mood_detector, "analyse_group")
            result = mood_detector.analyse_group(frames) if group else mood_detector.analyse(frames)
        except MoodPlayerError as error:
            self.detection_failed.emit(request_id, "model", str(error))
            return
        except Exception as error:  # noqa: BLE001 - a classifier bug must not kill the camera thread
            logger.exception("Mood detection failed")
            self.detection_failed.emit(request_id, "error", f"{type(error).__name__}: {error}")
            return
        self.detection_finished.emit(request_id, result)


class _Analyser:
    """Adapts vision.mood.MoodDetector and remembers the boxes of its last vote."""

    def __init__(self, detector):
        self._detector = detector
        self.last_boxes: list[tuple[int, int, int, int]] = []

    @property
    def calibration(self):
        return self._detector.calibration

    @calibration.setter
    def calibration(self, calibration) -> None:
        self._detector.calibration = calibration

    def analyse(self, frames):
        result = self._detector.analyse(frames)
        last = next((b for b in reversed(result.boxes) if b is not None), None)
        self.last_boxes = [(last.x, last.y, last.w, last.h)] if last is not None else []
        return result

    def analyse_group(self, frames):
        result = self._detector.analyse_group(frames)
        if not result.group:
            last = next((b for b in reversed(result.boxes) if b is not None), None)
            self.last_boxes = [(last.x, last.y, last.w, last.h)] if last is not None else []
        else:
            self.last_boxes = [(f.box.x, f.box.y, f.box.w, f.box.h) for f in result.faces]
        return result


def default_mood_detector_factory(classifier, face_detector):
    from moodplayer.vision.mood import MoodDetector

    return _Analyser(MoodDetector(classifier, face_detector))
