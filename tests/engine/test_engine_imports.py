"""TensorFlow stays out of every path that only needs the camera (it takes seconds to import)."""

import subprocess
import sys

from library.test_layering import modules, uses


def test_tensorflow_only_in_the_classifier_and_training():
    for module, names in modules():
        if uses(names, "tensorflow") or uses(names, "keras"):
            assert module == "vision/emotion.py" or module.startswith("training/"), module


def test_opencv_only_in_vision_and_training():
    for module, names in modules():
        if uses(names, "cv2"):
            assert module.startswith(("vision/", "training/")), module


def test_camera_face_detection_and_cli_import_without_tensorflow():
    code = ("import sys, moodplayer.cli, moodplayer.vision.camera, moodplayer.vision.faces, moodplayer.vision.mood, "
            "moodplayer.vision.emotion, moodplayer.training.train; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TensorFlow imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
