"""Run a Python script as a process for which file modes hold, even when the tests run as root.

Root reads and writes through any file mode (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). As root the
script runs under ``setpriv`` with both capabilities dropped from its bounding set, so neither it
nor the processes it starts (the audio analysis workers) have them; as another user it runs as is.
The script prints a JSON object as its last line: ``{"skip": reason}`` skips the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


def run_without_file_override(script: str, *args: str) -> dict:
    command = [sys.executable, "-c", script, *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv (util-linux) is missing: cannot drop CAP_DAC_OVERRIDE")
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if "skip" in out:
        pytest.skip(out["skip"])
    return out
