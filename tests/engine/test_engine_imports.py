"""TensorFlow stays out of the app: it takes seconds to import and ~700 MB, and LiteRT runs the model.

TensorFlow is for training and export (training/) and for a .keras model given explicitly
(vision/emotion.py, lazily); LiteRT runs the shipped .tflite, in vision/emotion.py only.
"""

import subprocess
import sys

import numpy as np
from engine_support import write_image, write_video
from library.test_layering import modules, uses

from moodplayer.vision.faces import create_face_detector, crop_face


def test_tensorflow_only_in_the_classifier_and_training():
    for module, names in modules():
        if uses(names, "tensorflow") or uses(names, "keras"):
            assert module == "vision/emotion.py" or module.startswith("training/"), module


def test_litert_only_in_the_classifier():
    for module, names in modules():
        if uses(names, "ai_edge_litert"):
            assert module == "vision/emotion.py", module


def test_opencv_only_in_vision_and_training():
    for module, names in modules():
        if uses(names, "cv2"):
            assert module.startswith(("vision/", "training/")), module


def test_camera_face_detection_and_cli_import_without_tensorflow():
    code = ("import sys, moodplayer.cli, moodplayer.vision.camera, moodplayer.vision.faces, moodplayer.vision.mood, "
            "moodplayer.vision.emotion, moodplayer.training.train; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TensorFlow imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_detect_and_evaluate_run_the_shipped_model_without_tensorflow(tmp_path, astronaut_bgr):
    clip = write_video(tmp_path / "clip.avi", [astronaut_bgr] * 3)
    [box] = create_face_detector().detect(astronaut_bgr)
    write_image(tmp_path / "crops" / "happy" / "0.png", crop_face(astronaut_bgr, box))
    write_image(tmp_path / "crops" / "sad" / "0.png", np.full((48, 48), 90, np.uint8))
    code = (
        "import sys\n"
        "from moodplayer.cli import main\n"
        "from moodplayer.vision.emotion import EmotionClassifier\n"
        f"assert main(['detect', '--camera', {str(clip)!r}, '--frames', '3', '--json']) == 0\n"
        f"assert main(['evaluate', {str(tmp_path / 'crops')!r}, '--json']) == 0\n"
        "EmotionClassifier().load()  # as the window loads it\n"
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TensorFlow imported'\n"
        "assert 'ai_edge_litert' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"mood": "happy"' in done.stdout and '"n_images": 2' in done.stdout
