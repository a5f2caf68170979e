"""View > Lyrics…: the playing song's lyrics, in a window of their own that follows the songs.

Synced lyrics (LRC time tags) mark the line being sung and keep it in view; a click on a line
plays from it. What there is comes from library/lyrics.py: this computer only, nothing fetched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from moodplayer.domain.paths import display_name
from moodplayer.library.lyrics import Lyrics, read_lyrics


class LyricsDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.lyrics: Lyrics | None = None
        self.current_line: int | None = None  # the line marked as being sung
        self.setWindowTitle("Lyrics")
        self.setModal(False)
        self.resize(420, 560)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.lines = QListWidget()
        self.lines.setAccessibleName("Lyrics")
        self.lines.setWordWrap(True)
        self.lines.setSpacing(3)  # lines to be read while listening, not a table
        self.lines.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.lines.itemClicked.connect(self._play_from)
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        session.track_changed.connect(self.show_track)
        session.player.position_changed.connect(self._follow)  # the song is read when it shows (showEvent)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.show_track(self.session.current)  # songs changed while it was closed are not read

    def show_track(self, track) -> None:
        self.lines.clear()
        self.current_line = None
        self.lyrics = None
        if not self.isVisible():
            return  # closed: nothing is read until it opens again (showEvent)
        if track is None:
            self.heading.setText("Nothing is playing.")
            self.note.setText("")
            return
        self.lyrics = read_lyrics(track.path)
        self.heading.setText(f"{track.display_title}" + (f" — {track.artist}" if track.artist else ""))
        if self.lyrics is None:
            lrc = display_name(track.path.with_suffix(".lrc"))
            self.note.setText(f"No lyrics for this song: none in its tags, and no {lrc} beside it. "
                              "MoodPlayer never fetches them from the internet.")
            return
        for line in self.lyrics.lines:
            item = QListWidgetItem(line.text or " ")
            item.setData(Qt.ItemDataRole.UserRole, line.time_s)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.lines.addItem(item)
        how = "synced: the line being sung is marked; click a line to play from it" if self.lyrics.synced else "plain"
        self.note.setText(f"From {self.lyrics.source} ({how}).")
        self._follow(self.session.player.player.position, 0.0)

    def _follow(self, position: float, _duration: float) -> None:
        if self.lyrics is None or not self.lyrics.synced:
            return
        index = self.lyrics.line_at(position)
        if index == self.current_line:
            return
        for row in (self.current_line, index):
            if row is not None:
                item = self.lines.item(row)
                font = item.font()
                font.setBold(row == index)
                item.setFont(font)
        self.current_line = index
        if index is not None:
            self.lines.scrollToItem(self.lines.item(index), QListWidget.ScrollHint.PositionAtCenter)

    def _play_from(self, item: QListWidgetItem) -> None:
        time_s = item.data(Qt.ItemDataRole.UserRole)
        if time_s is not None:
            self.session.player.seek(float(time_s))
            self._follow(float(time_s), 0.0)
