"""MoodPlayer: a music player that reads the listener's mood from the webcam."""

__version__ = "0.1.0"
