"""The benchmark scripts the model card quotes, run as it says: compare_models.py's report, and one
clear line instead of a traceback for a missing model or folder."""

import subprocess
import sys
from pathlib import Path

import pytest
from engine_support import SHIPPED_MODEL

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def run(script: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCHMARKS / script), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_a_model_compared_with_itself_is_no_better(tiny_fer):
    done = run("compare_models.py", SHIPPED_MODEL, SHIPPED_MODEL, tiny_fer)
    assert done.returncode == 0, done.stderr
    held_out, public_test = done.stdout.splitlines()
    assert held_out.startswith("held-out tenth of train/, 7 faces:")  # 6 faces of each class, a tenth rounded up
    assert public_test.startswith("PublicTest (reported only), 14 faces:")
    for line in (held_out, public_test):
        assert "difference +0.00%" in line and "only by the first 0, only by the second 0" in line
        assert line.endswith("McNemar p = 1.000")


@pytest.mark.parametrize("script, args", [
    ("compare_models.py", lambda model, folder, fer: [SHIPPED_MODEL, model, fer]),
    ("test_time_views.py", lambda model, folder, fer: [model, fer]),
    ("bench_inference.py", lambda model, folder, fer: ["--model", model, "--runs", 1]),
    ("robustness.py", lambda model, folder, fer: [folder]),
    ("calibration_people.py", lambda model, folder, fer: [folder, "--person", r"^p(\d\d)"]),
    ("crop_rules.py", lambda model, folder, fer: [fer.parent, "--model", model]),
    ("crop_rules.py", lambda model, folder, fer: [folder]),
    ("label_conflict.py", lambda model, folder, fer: [folder]),
    ("confidence_bands.py", lambda model, folder, fer: [folder]),
    ("confidence_bands.py", lambda model, folder, fer: [fer / "test", "--model", model]),
])
def test_a_missing_model_or_folder_is_one_line_not_a_traceback(script, args, tiny_fer, tmp_path):
    model, folder = tmp_path / "nothing.tflite", tmp_path / "no folder"
    done = run(script, *args(model, folder, tiny_fer))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert message in (f"{script}: emotion model not found: {model}", f"{script}: {folder}: not a folder")
