"""Errors of audio analysis: the file names, the user reads the message."""

from moodplayer.domain.errors import MoodPlayerError


class AudioDecodeError(MoodPlayerError):
    """The file cannot be analysed: not audio, corrupt, empty, silent, too short or unreadable."""


class AudioAccessError(AudioDecodeError):
    """The file cannot be read at all (gone, permission denied, not a regular file): about access,
    not content, so it is never cached; the file is analysed once it can be read."""
