"""Demo mode: the shipped demo content stands in for what a fresh machine lacks.

- No camera given on the command line and no webcam opens: the demo clip (assets/demo_camera.avi,
  a pan over scikit-image's public-domain astronaut photo) is the camera.
- No music folder chosen, or the chosen one has no songs yet: the demo library (music/, two
  generated songs per mood) is played, read-only.

With a real webcam and a music folder with songs in it, none of this is used. No Qt here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import CameraError
from moodplayer.resources import resource_path

logger = logging.getLogger(__name__)

DEMO_CLIP = ("assets", "demo_camera.avi")
DEMO_MUSIC = ("music",)
DEMO_CAMERA_PREFIX = "Demo clip"  # the description of the demo camera starts with this

# Desktop words only: the window never sends its users to command-line options (the README does).
SWITCH_HELP = ("Use your own: File &gt; Choose music folder… for your songs; "
               "connect a webcam and restart MoodPlayer for your face.")  # rich text


def demo_clip() -> Path | None:
    path = resource_path(*DEMO_CLIP)
    return path if path.is_file() else None


def demo_music_root() -> Path | None:
    root = resource_path(*DEMO_MUSIC)
    return root if has_songs(root) else None


def has_songs(root: Path | str | None, moods: tuple[str, ...] = EMOTIONS) -> bool:
    """True when one of ``moods``' folders under ``root`` holds an audio file (no tags read)."""
    from moodplayer.library.scanner import iter_mood_files

    if not root or not Path(root).is_dir():
        return False
    return any(next(iter_mood_files(Path(root), mood), None) is not None for mood in moods)


def use_demo_music(music_root: str, enabled: bool = True) -> Path | None:
    """The demo library when ``music_root`` is unset or has no songs yet, else None."""
    if not enabled or has_songs(music_root):
        return None
    return demo_music_root()


def is_demo_camera(description: str) -> bool:
    return description.startswith(DEMO_CAMERA_PREFIX)


def camera_opener(open_camera: Callable, fallback: Path | None) -> Callable:
    """``open_camera`` that falls back to the demo clip when the webcam cannot be opened.

    The returned source's ``description`` starts with DEMO_CAMERA_PREFIX when it is the demo clip.
    """

    def open_or_demo(spec):
        try:
            return open_camera(spec)
        except CameraError as error:
            if fallback is None:
                raise
            logger.info("Camera %s unavailable (%s); using the demo clip %s", spec, error, fallback)
            source = open_camera(str(fallback))
            source.description = f"{DEMO_CAMERA_PREFIX} (no webcam found: {error})"
            return source

    return open_or_demo
