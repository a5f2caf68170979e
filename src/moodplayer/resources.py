"""Where bundled files live: the source tree, or PyInstaller's _MEIPASS when frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """``resource_path("models", "emotion.keras")``"""
    return resource_root().joinpath(*parts)
