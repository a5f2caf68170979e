import numpy as np
import pytest
from engine_support import write_image, write_video

from moodplayer.domain.errors import CameraError
from moodplayer.vision.camera import open_camera, parse_camera_spec


def test_still_image_repeats(tmp_path, astronaut_bgr):
    with open_camera(write_image(tmp_path / "face.png", astronaut_bgr)) as camera:
        first, second = camera.read(), camera.read()
    assert first.shape == astronaut_bgr.shape and np.array_equal(first, second)


def test_video_file_loops(tmp_path):
    frames = [np.full((64, 80, 3), value, dtype=np.uint8) for value in (20, 120, 220)]
    with open_camera(str(write_video(tmp_path / "clip.avi", frames))) as camera:
        means = [camera.read().mean() for _ in range(7)]
    # Three frames, then the clip starts again: 20, 120, 220, 20, ...
    assert [round(m / 100) for m in means] == [0, 1, 2, 0, 1, 2, 0]


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.mp4", "no such file"),
    (lambda p: p, "not a file"),
    (lambda p: (p / "fake.mp4").write_bytes(b"\0" * 100) and p / "fake.mp4", "not a readable video"),
    (lambda p: (p / "fake.png").write_bytes(b"\0" * 100) and p / "fake.png", "not a readable image"),
])
def test_unusable_files_are_camera_errors(tmp_path, make, message):
    with pytest.raises(CameraError, match=message):
        open_camera(str(make(tmp_path)))


def test_absent_webcam_is_a_camera_error():
    with pytest.raises(CameraError, match="camera 7"):
        open_camera(7)


def test_a_camera_that_stops_answering_times_out():
    import threading

    from moodplayer.vision.camera import VideoCaptureSource

    class HangingCapture:
        def __init__(self):
            self.release_event = threading.Event()

        def isOpened(self):
            return True

        def read(self):
            self.release_event.wait(5)
            return False, None

        def release(self):
            self.release_event.set()

    import moodplayer.vision.camera as camera_module

    capture = HangingCapture()
    original = camera_module.cv2.VideoCapture
    camera_module.cv2.VideoCapture = lambda target: capture
    try:
        source = VideoCaptureSource(0, "camera 0", loop=False)
    finally:
        camera_module.cv2.VideoCapture = original
    with pytest.raises(CameraError, match="no answer after 0.2 s"):
        source.read(timeout_s=0.2)
    with pytest.raises(CameraError, match="stopped answering"):
        source.read(timeout_s=0.2)
    source.close()


def test_camera_specs():
    assert parse_camera_spec("0") == 0 and parse_camera_spec(2) == 2
    assert str(parse_camera_spec("clip.mp4")) == "clip.mp4"
