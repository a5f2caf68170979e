"""The hand queue: tracks dropped from the mood folders, reordered by drag (several rows at once) or
moved to the top, removed, cleared; a right-click menu for the songs selected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMenu, QPushButton, QStyle, QStyledItemDelegate, QVBoxLayout)

from moodplayer.domain.paths import readable
from moodplayer.ui.widgets.elided_label import ElidedLabel
from moodplayer.ui.widgets.mime import (QUEUE_ROWS_MIME, TRACKS_MIME, data_path, local_files, path_data,
                                        queue_rows_mime, read_queue_rows, read_tracks)


DURATION_ROLE = Qt.ItemDataRole.UserRole + 1  # "m:ss", drawn right-aligned in the row
# The queue list shows the queue's head, the rest counted below it: a row is a widget item, and
# 100,000 of them took seconds to build at every change of the queue.
SHOWN_ROWS = 1_000


class DurationDelegate(QStyledItemDelegate):
    """Each row's length at its right edge, the title elided before it (as in a player's queue)."""

    def paint(self, painter, option, index) -> None:
        duration = index.data(DURATION_ROLE) or ""
        if not duration:
            super().paint(painter, option, index)
            return
        width = option.fontMetrics.horizontalAdvance(duration) + 12
        rest = option.__class__(option)
        rest.rect = option.rect.adjusted(0, 0, -width, 0)
        super().paint(painter, rest, index)
        painter.save()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = option.palette.ColorRole.HighlightedText if selected else option.palette.ColorRole.PlaceholderText
        if selected:
            painter.fillRect(option.rect.adjusted(option.rect.width() - width, 0, 0, 0), option.palette.highlight())
        painter.setPen(option.palette.color(role))
        painter.drawText(option.rect.adjusted(0, 0, -6, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         duration)
        painter.restore()


class QueueList(QListWidget):
    tracks_dropped = Signal(list, int)  # paths, row (-1: at the end)
    rows_moved = Signal(list, int)  # the rows dragged, the row they were dropped on (-1: at the end)
    remove_requested = Signal(list)  # rows
    play_requested = Signal(object)  # the item to play now (as a double-click)
    to_top_requested = Signal(list)  # rows to play next, in their order
    info_requested = Signal(object)  # a path to show "Song info…" for
    show_requested = Signal(list)  # paths to show in the file manager
    edit_tags_requested = Signal(list)  # paths to edit the tags of

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Queue")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setItemDelegate(DurationDelegate(self))
        self.setUniformItemSizes(True)  # one line each: the layout need not measure every row
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

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
                self.rows_moved.emit(rows, row)
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
            self.remove_requested.emit(self.selected_rows())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.play_requested.emit(self.currentItem())  # as a double-click: it plays now
            return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        return sorted(self.row(item) for item in self.selectedItems())

    def context_menu(self) -> QMenu | None:
        """The right-click menu for the queued songs selected; None when none is."""
        rows = self.selected_rows()
        if not rows:
            return None
        paths = [self.item_path(self.item(row)) for row in rows]
        menu = QMenu(self)
        for text, slot in [("Play now", lambda: self.play_requested.emit(self.item(rows[0]))),
                           ("Play next", lambda: self.to_top_requested.emit(rows)),
                           ("Show in folder", lambda: self.show_requested.emit(paths)),
                           ("Song info…", lambda: self.info_requested.emit(paths[0])),
                           ("Edit tags…", lambda: self.edit_tags_requested.emit(paths)),
                           ("Remove from queue\tDelete", lambda: self.remove_requested.emit(rows))]:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        return menu

    def _menu(self, point) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(point))
            menu.deleteLater()


class QueuePanel(QGroupBox):
    def __init__(self, parent=None):
        super().__init__("Up next", parent)
        layout = QVBoxLayout(self)
        self.now_label = ElidedLabel("")  # the song playing now, above what comes next (never widens the pane)
        self.now_label.setAccessibleName("Playing now")
        layout.addWidget(self.now_label)
        self.list = QueueList()
        layout.addWidget(self.list, 1)
        self._shown: list[tuple[Path, str, str]] = []
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
        self.remove_button.clicked.connect(lambda: self.list.remove_requested.emit(self.list.selected_rows()))

    def show_queue(self, entries: list[tuple[Path, str, str]], then_text: str, more: int = 0) -> None:
        """entries: (path, label, length as m:ss) in play order, the first SHOWN_ROWS of the queue;
        ``more``: how many songs follow them."""
        if entries != self._shown:  # a long import adds chunks the list does not show: nothing to rebuild
            self._shown = entries
            self.list.clear()
            for path, label, duration in entries:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, path_data(path))
                item.setData(DURATION_ROLE, duration)
                item.setToolTip(f"{readable(path)}\n{duration}")
                self.list.addItem(item)
        rest = f"… and {more:,} more song{'s' if more != 1 else ''} in the queue. " if more else ""
        self.then_label.setText(rest + then_text)

    def show_now(self, text: str, paused: bool = False) -> None:
        """The song playing, or ``paused`` ("" when stopped: nothing is said)."""
        self.now_label.setText(("Paused: " if paused else "\u25b6 Playing: ") + text if text else "")
        self.now_label.setVisible(bool(text))
