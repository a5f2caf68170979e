"""Qt's offscreen platform with a fixed, large screen for every test.

The default offscreen screen is 800 px wide: windows are clamped to it on restore, so sizes
depended on the machine's fonts and on path lengths. A 2560x1600 screen at 96 dpi (config file
read by Qt's offscreen plugin) makes what the tests see the same on every machine.
"""

import json
import os
import tempfile
from pathlib import Path

SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": True,
          "screens": [{"name": "test-screen", "x": 0, "y": 0, "width": 2560, "height": 1600,
                       "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}


def _offscreen_platform() -> str:
    config = Path(tempfile.gettempdir()) / f"moodplayer-test-screen-{os.getuid()}.json"
    config.write_text(json.dumps(SCREEN))
    return f"offscreen:configfile={config}"


if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _offscreen_platform()


import gc  # noqa: E402

import pytest  # noqa: E402


def pytest_configure(config):
    # As in the app (moodplayer.qt.collector): reference cycles are collected on the main thread,
    # between tests, never by whichever scan, camera or libvlc thread allocates past the threshold.
    gc.disable()


@pytest.fixture(autouse=True)
def collect_on_the_main_thread():
    yield
    from moodplayer.qt.collector import collect_if_due

    collect_if_due()


@pytest.fixture(autouse=True)
def desktop_trash(tmp_path_factory, monkeypatch):
    """A trash of the test's own (``$XDG_DATA_HOME/Trash``): no test puts files in the user's trash."""
    data_home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    # and a cache of its own: `moodplayer suggest` keeps analysed features in $XDG_CACHE_HOME
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    return data_home / "Trash"


@pytest.fixture(scope="session")
def astronaut_bgr():
    """Eileen Collins' NASA portrait (public domain, shipped with scikit-image): a smiling face, as a
    BGR frame (the engine and the personal-calibration tests both read it)."""
    import cv2
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture
def blank_bgr():
    """A grey frame with no face."""
    import numpy as np

    return np.full((240, 320, 3), 128, dtype=np.uint8)


@pytest.fixture
def set_aside_refused(monkeypatch):
    """A damaged local database cannot be set aside: both ways of renaming it fail (permission)."""
    from pathlib import Path

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(Path, "rename", refuse)
