"""Where the shipped files live (models/, assets/, music/): package data, read with importlib.resources.

The repository keeps them in its top-level folders, and the build maps them into the package
(pyproject.toml's force-include table): an installed wheel and the PyInstaller bundle hold them
in ``moodplayer/data/``. A clone (or an editable install of it) runs ``src/moodplayer`` with no
copy: there the checkout's own folders are used. The same code serves all three.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE = "moodplayer"
DATA = "data"  # moodplayer/data/{models,assets,music} in a wheel or a bundle


def package_dir() -> Path:
    """The installed package as a folder: the shipped files are opened by path (OpenCV, libvlc, LiteRT)."""
    root = resources.files(PACKAGE)
    if not isinstance(root, os.PathLike):  # e.g. imported from a zip: nothing here can read from one
        raise RuntimeError(f"{PACKAGE} must be installed as files on disk, not in {root}")
    return Path(root)


def source_checkout(package: Path) -> Path | None:
    """The checkout when ``package`` is its ``src/moodplayer`` (a clone), else None."""
    root = package.parent.parent
    if package.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def resource_root() -> Path:
    """The folder holding models/, assets/ and music/."""
    package = package_dir()
    packaged = package / DATA
    if packaged.is_dir():
        return packaged
    return source_checkout(package) or packaged  # the packaged place names what is missing in a message


def resource_path(*parts: str) -> Path:
    """``resource_path("models", "emotion.tflite")``"""
    return resource_root().joinpath(*parts)
