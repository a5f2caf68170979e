"""Shared fixtures for MoodPlayer's GUI, library and playback tests (made in tmp_path, never committed)."""
