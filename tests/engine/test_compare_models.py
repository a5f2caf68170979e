"""benchmarks/compare_models.py, as the campaign runs it: a report line per split, or one clear line."""

import subprocess
import sys
from pathlib import Path

from engine_support import SHIPPED_MODEL

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "compare_models.py"


def compare(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_a_model_compared_with_itself_is_no_better(tiny_fer):
    done = compare(SHIPPED_MODEL, SHIPPED_MODEL, tiny_fer)
    assert done.returncode == 0, done.stderr
    held_out, public_test = done.stdout.splitlines()
    assert held_out.startswith("held-out tenth of train/, 7 faces:")  # 6 faces of each class, a tenth rounded up
    assert public_test.startswith("PublicTest (reported only), 14 faces:")
    for line in (held_out, public_test):
        assert "difference +0.00%" in line and "only by the first 0, only by the second 0" in line
        assert line.endswith("McNemar p = 1.000")


def test_a_missing_model_is_one_line_not_a_traceback(tiny_fer, tmp_path):
    missing = tmp_path / "nothing.tflite"
    done = compare(SHIPPED_MODEL, missing, tiny_fer)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"compare_models: emotion model not found: {missing}"
    assert "Traceback" not in done.stderr
