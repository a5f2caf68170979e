"""The hand queue: tracks dropped from the mood folders, reordered by drag, removed, cleared."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout)

from moodplayer.domain.paths import readable
from moodplayer.ui.widgets.mime import (QUEUE_ROWS_MIME, TRACKS_MIME, data_path, local_files, path_data,
                                        queue_rows_mime, read_queue_rows, read_tracks)


class QueueList(QListWidget):
    tracks_dropped = Signal(list, int)  # paths, row (-1: at the end)
    row_moved = Signal(int, int)  # from, to
    remove_requested = Signal(list)  # rows

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Queue")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)

    @staticmethod
    def item_path(item: QListWidgetItem) -> Path | None:
        return data_path(item.data(Qt.ItemDataRole.UserRole))

    def mimeData(self, items):
        return queue_rows_mime([self.row(item) for item in items])

    def mimeTypes(self):
        return [QUEUE_ROWS_MIME, TRACKS_MIME, "text/uri-list"]

    def _accepts(self, event) -> bool:
        data = event.mimeData()
        return data.hasFormat(QUEUE_ROWS_MIME) or data.hasFormat(TRACKS_MIME) or data.hasUrls()

    def dragEnterEvent(self, event):
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _drop_row(self, event) -> int:
        index = self.indexAt(event.position().toPoint())
        return index.row() if index.isValid() else -1

    def dropEvent(self, event):
        data = event.mimeData()
        row = self._drop_row(event)
        if data.hasFormat(QUEUE_ROWS_MIME):
            rows = read_queue_rows(data)
            if rows:
                self.row_moved.emit(rows[0], row)
        elif data.hasFormat(TRACKS_MIME):
            self.tracks_dropped.emit(read_tracks(data), row)
        elif data.hasUrls():
            self.tracks_dropped.emit([p for p in local_files(data) if p.is_file()], row)
        else:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.remove_requested.emit(sorted(self.row(i) for i in self.selectedItems()))
            return
        super().keyPressEvent(event)


class QueuePanel(QGroupBox):
    def __init__(self, parent=None):
        super().__init__("Up next", parent)
        layout = QVBoxLayout(self)
        self.list = QueueList()
        layout.addWidget(self.list, 1)
        self.then_label = QLabel("")
        self.then_label.setWordWrap(True)
        layout.addWidget(self.then_label)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected songs from the queue (Delete)")
        self.remove_button.setAccessibleName("Remove from queue")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Empty the queue")
        self.clear_button.setAccessibleName("Clear queue")
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        layout.addLayout(buttons)
        self.remove_button.clicked.connect(
            lambda: self.list.remove_requested.emit(sorted(self.list.row(i) for i in self.list.selectedItems())))

    def show_queue(self, entries: list[tuple[Path, str]], then_text: str) -> None:
        """entries: (path, label) in play order."""
        self.list.clear()
        for path, label in entries:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, path_data(path))
            item.setToolTip(readable(path))
            self.list.addItem(item)
        self.then_label.setText(then_text)
