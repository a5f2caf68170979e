"""Tests of what ships: demo content, first run, MPRIS, the .desktop file, the PyInstaller bundle."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
