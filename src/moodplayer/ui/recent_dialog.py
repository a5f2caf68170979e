"""View > Recently played…: the songs played since MoodPlayer started, newest first, each with the
mood it played for, so a song the shuffle brought can be found again and queued. Kept in memory
only (the session's last 1,000 plays): nothing here is written anywhere."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from moodplayer.domain.paths import display_name
from moodplayer.ui.mood_style import mood_icon

SHOWN = 200  # the newest plays listed: a long evening's worth


class RecentlyPlayedDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Recently played")
        self.setModal(False)
        self.resize(640, 480)
        self.list = QTreeWidget()
        self.list.setAccessibleName("Recently played")
        self.list.setHeaderLabels(["Time", "Title", "Artist", "Mood"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemDoubleClicked.connect(lambda *_args: self.enqueue_selected())
        self.note = QLabel("Songs played since MoodPlayer started, newest first. Double-click to queue one again.")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.queue_button = QPushButton("Add to queue")
        self.play_button = QPushButton("Play now")
        for button in (self.queue_button, self.play_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.queue_button.clicked.connect(self.enqueue_selected)
        self.play_button.clicked.connect(self.play_selected)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        session.track_changed.connect(lambda _track: self.refresh())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """The list as the session's plays are now (only while shown)."""
        if not self.isVisible():
            return
        self.list.clear()
        for played_at, path, mood in reversed(self.session.played[-SHOWN:]):
            track = self.session.find_track(path)
            title = track.display_title if track is not None else display_name(path)
            item = QTreeWidgetItem([time.strftime("%H:%M", time.localtime(played_at)), title,
                                    track.artist if track is not None else "", mood or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, path)
            item.setToolTip(1, str(path))
            if mood:
                item.setIcon(3, mood_icon(mood))
            if not path.is_file():
                item.setDisabled(True)  # deleted or moved away since: nothing to queue
                item.setToolTip(1, f"{path} is gone")
            self.list.addTopLevelItem(item)
        for column in (0, 3):
            self.list.resizeColumnToContents(column)
        empty = self.list.topLevelItemCount() == 0
        self.queue_button.setEnabled(not empty)
        self.play_button.setEnabled(not empty)

    def selected_paths(self) -> list[Path]:
        """The selected songs that are still there, as listed (newest first)."""
        items = sorted(self.list.selectedItems(), key=self.list.indexOfTopLevelItem)
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in items if not item.isDisabled()]

    def enqueue_selected(self) -> None:
        paths = self.selected_paths()
        if paths:
            self.session.enqueue(list(reversed(paths)))  # the list is newest first: queued in the order played
            self.session.message.emit("info", f"Queued {len(paths)} song{'s' if len(paths) != 1 else ''} again.")

    def play_selected(self) -> None:
        """The selected songs in the order they played: the first now, the others next in the queue."""
        paths = self.selected_paths()
        if paths:
            self.session.play_opened(list(reversed(paths)))
