"""Song info…: what MoodPlayer knows about one song (library/song_info.py), in a window of its own.
Read-only: nothing here changes the song or its file."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout

from moodplayer.domain.paths import display_name
from moodplayer.library.song_info import Section, song_sections
from moodplayer.library.tags import (TagReadError, find_cover, read_more_tags, read_replay_gain, read_stream_info,
                                     read_tags)


def gather(path: Path, session, loudness=None) -> tuple[list[Section], bytes | None]:
    """The song's information and its cover (as the player shows it: the tags' cover, else one
    beside it): from the library and the file (read now), the loudness measure (``loudness``: a
    qt.loudness_scanner.LoudnessScanner, or None) and the session's likes and skips."""
    path = Path(path)
    track = session.find_track(path)
    cover = find_cover(path, embedded=track is None or track.has_cover)
    stream, stream_error, more_tags = None, "", []
    try:
        stream = read_stream_info(path)
        more_tags = read_more_tags(path)
        if track is None:
            track = read_tags(path)
    except TagReadError as error:
        stream_error = f"cannot be read ({error})"
    try:
        size = os.stat(path).st_size
    except OSError:
        size = None
    sections = song_sections(path, track, size=size, stream=stream, stream_error=stream_error, more_tags=more_tags,
                             tags_gain=read_replay_gain(path) if size is not None else None,
                             measured=loudness.loudness(path) if loudness is not None else None,
                             levelling=session.player.replay_gain, history=session.taste.history(path))
    return sections, cover


COVER_PX = 160


class SongInfoDialog(QDialog):
    def __init__(self, path: Path, sections: list[Section], cover: bytes | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Song info: {display_name(path)}")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.values: dict[str, QLabel] = {}  # "Section/Label" -> its value (tests read them)
        layout = QVBoxLayout(self)
        self.cover = QLabel()
        pixmap = QPixmap()
        if cover and pixmap.loadFromData(cover):
            self.cover.setPixmap(pixmap.scaled(COVER_PX, COVER_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
            self.cover.setAccessibleName("Cover")
            layout.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignHCenter)
        for heading, rows in sections:
            box = QGroupBox(heading)
            form = QFormLayout(box)
            for label, value in rows:
                shown = QLabel(value)
                shown.setTextFormat(Qt.TextFormat.PlainText)  # a title with "<b>" is a title, not markup
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # paths get copied
                form.addRow(label, shown)
                self.values[f"{heading}/{label}"] = shown
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
