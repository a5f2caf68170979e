import sys
from pathlib import Path

# The shared fixture makers live in tests/mp_testkit (pytest runs with --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest

from mp_testkit.media import HAS_FFMPEG


@pytest.fixture
def needs_ffmpeg():
    if not HAS_FFMPEG:
        pytest.skip("ffmpeg is not installed (needed to make mp3/ogg/flac fixtures)")
