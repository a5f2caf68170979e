
# The shared fixture makers live in tests/mp_testkit (pytest runs with --import-mode=importlib).

import pytest

from mp_testkit.media import HAS_FFMPEG


@pytest.fixture
def needs_ffmpeg():
    if not HAS_FFMPEG:
        pytest.skip("ffmpeg is not installed (needed to make mp3/ogg/flac fixtures)")
