"""resources.py finds the shipped files as package data in all three layouts: the source tree
(a clone or an editable install: the top-level folders), an installed wheel and the PyInstaller
bundle (both: moodplayer/data/ inside the package). test_wheel.py and test_bundle.py run the
real installed and frozen copies; here each layout is laid out in a temporary folder."""

from pathlib import Path

import pytest

from moodplayer import resources
from moodplayer.vision import model_files

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("models/emotion.tflite", "models/emotion_labels.json", "models/audio_mood.npz",
           "models/face_detection_yunet_2026may.onnx", "assets/demo_camera.avi", "assets/moodplayer.png",
           "assets/moodplayer.desktop", "music/happy")


def test_in_the_source_tree_the_top_level_folders_are_used():
    assert resources.package_dir() == ROOT / "src" / "moodplayer"
    assert resources.resource_root() == ROOT
    for name in SHIPPED:
        assert resources.resource_path(*name.split("/")).exists(), name
    assert model_files.models_dir() == ROOT / "models"


@pytest.mark.parametrize("layout", ["lib/python3.11/site-packages/moodplayer", "dist/moodplayer/_internal/moodplayer"])
def test_installed_or_frozen_the_package_data_is_used(tmp_path, monkeypatch, layout):
    package = tmp_path / layout
    (package / "data" / "models").mkdir(parents=True)
    monkeypatch.setattr(resources, "package_dir", lambda: package)
    assert resources.resource_root() == package / "data"
    assert model_files.model_path("emotion.tflite") == package / "data" / "models" / "emotion.tflite"


def test_an_installed_package_without_its_data_points_at_where_it_should_be(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "moodplayer"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "package_dir", lambda: package)
    assert resources.resource_root() == package / "data"  # named in "model not found: ..." messages


def test_a_src_folder_that_is_not_a_checkout_is_not_mistaken_for_one(tmp_path, monkeypatch):
    package = tmp_path / "src" / "moodplayer"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "package_dir", lambda: package)
    assert resources.resource_root() == package / "data"
    (tmp_path / "pyproject.toml").write_text("")
    assert resources.resource_root() == tmp_path


def test_models_override_still_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("MOODPLAYER_MODELS", str(tmp_path))
    assert model_files.model_path("emotion.tflite") == tmp_path / "emotion.tflite"
