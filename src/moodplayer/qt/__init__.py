"""The Qt glue between the core (library, selection, playback, vision) and the widgets."""

# Imported first so the work-around for PySide6 6.12.0's reference bug is in place before any Qt call.
from moodplayer.qt import compat as _compat  # noqa: F401
