"""Errors of audio analysis: the file names, the user reads the message."""

from moodplayer.domain.errors import MoodPlayerError


class AudioDecodeError(MoodPlayerError):
    """The file cannot be analysed: not audio, corrupt, empty, silent, too short or unreadable."""
