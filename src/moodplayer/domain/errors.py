"""Errors the app expects and reports to the user as one clear line."""


class MoodPlayerError(Exception):
    """Base class: an expected failure with a message fit for the user."""


class CameraError(MoodPlayerError):
    """The camera (or the file standing in for it) is missing, busy or stopped answering."""


class ModelLoadError(MoodPlayerError):
    """The emotion model file is missing, corrupt or of the wrong shape."""


class DatasetError(MoodPlayerError):
    """A training or evaluation data folder or CSV cannot be used."""


class NoFaceError(MoodPlayerError):
    """No face was found in any captured frame."""
