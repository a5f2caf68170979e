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
