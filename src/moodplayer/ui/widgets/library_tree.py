"""The mood folders: each mood with its tracks. Drop files from the file manager on a mood to copy
them in; drag a track onto another mood to move it; double-click or the menu to queue it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QStyle, QTreeWidget, QTreeWidgetItem

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.track import Track, format_duration
from moodplayer.domain.paths import readable
from moodplayer.ui.mood_style import mood_colour, mood_icon
from moodplayer.ui.widgets.mime import TRACKS_MIME, data_path, local_files, path_data, read_tracks, tracks_mime

PATH_ROLE = Qt.ItemDataRole.UserRole  # the file's path as bytes (mime.path_data), never as display text
UNDECODABLE_MARK = " \u26a0"  # after a file name that is not valid UTF-8 (shown with \xNN escapes)
MOOD_ROLE = Qt.ItemDataRole.UserRole + 1
TRACK_ROLE = Qt.ItemDataRole.UserRole + 2  # the Track itself (a Python object, not converted by Qt)


class LibraryTree(QTreeWidget):
    files_dropped = Signal(str, list)  # mood, paths from outside (copy)
    tracks_moved = Signal(str, list)  # mood, paths of tracks already in a mood folder (move)
    enqueue_requested = Signal(list)  # paths
    play_next_requested = Signal(list)
    play_now_requested = Signal(object)
    remove_requested = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Mood folders")
        self.setHeaderLabels(["Title", "Artist", "Album", "Time"])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemDoubleClicked.connect(self._double_clicked)
        self._mood_items: dict[str, QTreeWidgetItem] = {}
        self._playing: Path | None = None  # the song marked as playing
        self._filter_words: list[str] = []
        self._filtered: set[str] = set()  # moods with rows hidden by the filter
        self._shown: dict[str, list[Track]] = {mood: [] for mood in EMOTIONS}  # each mood's rows, in order
        self.highlighted_mood: str | None = None  # the drop target under a drag
        for mood in EMOTIONS:
            item = QTreeWidgetItem([mood.title()])
            item.setData(0, MOOD_ROLE, mood)
            item.setIcon(0, mood_icon(mood))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.addTopLevelItem(item)
            self._mood_items[mood] = item

    def mood_item(self, mood: str) -> QTreeWidgetItem:
        return self._mood_items[mood]

    def show_library(self, library: dict[str, list[Track]]) -> None:
        """Show ``library``, touching only what changed: a re-scan of a large, unchanged library
        costs no rebuild (rows are reused by path, new rows made only for new or changed tracks)."""
        for mood, item in self._mood_items.items():
            tracks = library.get(mood, [])
            current = self._shown[mood]
            if current != tracks:  # compared in Python: no Qt call per row for an unchanged library
                reusable = {item.child(row).data(0, TRACK_ROLE): item.child(row) for row in range(item.childCount())}
                children = [reusable.pop(track, None) or self._track_row(track, mood) for track in tracks]
                item.takeChildren()
                item.addChildren(children)
                self._shown[mood] = list(tracks)
                self._update_mood_row(mood, rows_changed=True)
            if tracks and not item.isExpanded() and len(tracks) <= 20 and not current:
                item.setExpanded(True)

    # -- filter -----------------------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Show only songs whose title, artist, album or file name contain every word of ``text``."""
        self._filter_words = _fold(text).split()
        for mood in self._mood_items:
            self._apply_filter(mood, rows_changed=True)

    def _matches(self, track: Track) -> bool:
        if not self._filter_words:
            return True
        haystack = _fold(" ".join((track.display_title, track.artist, track.album)))
        return all(word in haystack for word in self._filter_words)

    def _apply_filter(self, mood: str, rows_changed: bool = False) -> None:
        item = self._mood_items[mood]
        total = item.childCount()
        shown = total
        # Without a filter, and with none before, no row is hidden: skip the pass over every row.
        if self._filter_words or (rows_changed and mood in self._filtered):
            shown = 0
            for row in range(total):
                child = item.child(row)
                visible = self._matches(child.data(0, TRACK_ROLE))
                child.setHidden(not visible)
                shown += visible
            if self._filter_words:
                self._filtered.add(mood)
            else:
                self._filtered.discard(mood)
        count = f"{shown} of {total}" if self._filter_words else f"{total}"
        item.setText(0, f"{mood.title()} ({count})")
        if self._filter_words:
            item.setExpanded(shown > 0)

    def mark_playing(self, path: Path | None) -> None:
        """Mark the playing song's row (a play icon and bold title); unmark the one before."""
        previous, self._playing = self._playing, path
        for marked, on in ((previous, False), (path, True)):
            item = self.track_item(marked) if marked is not None else None
            if item is not None:
                self._set_playing_look(item, on)

    def _set_playing_look(self, item: QTreeWidgetItem, on: bool) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay) if on else QIcon()
        item.setIcon(0, icon)
        font = item.font(0)
        font.setBold(on)
        item.setFont(0, font)
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, "playing" if on else "")

    def add_tracks(self, tracks: list[Track]) -> None:
        """Append rows for songs just found by a scan (the first scan of a folder fills as it goes)."""
        by_mood: dict[str, list[Track]] = {}
        for track in tracks:
            by_mood.setdefault(track.mood, []).append(track)
        for mood, found in by_mood.items():
            item = self._mood_items.get(mood)
            if item is None:
                continue
            rows = [self._track_row(track, mood) for track in found]
            item.addChildren(rows)
            self._shown[mood].extend(found)
            for row, track in zip(rows, found, strict=True):
                row.setHidden(not self._matches(track))
            self._update_mood_row(mood)
            if item.childCount() <= 20 and not self._filter_words:
                item.setExpanded(True)  # a small folder shows its songs; large ones stay folded

    def _update_mood_row(self, mood: str, rows_changed: bool = False) -> None:
        item = self._mood_items[mood]
        tracks = self._shown[mood]
        item.setText(3, format_duration(sum(t.duration_s or 0 for t in tracks)) if tracks else "")
        self._apply_filter(mood, rows_changed)  # also writes the count

    def _track_row(self, track: Track, mood: str) -> QTreeWidgetItem:
        odd_name = track.undecodable_name and not track.title
        child = QTreeWidgetItem([track.display_title + (UNDECODABLE_MARK if odd_name else ""), track.artist,
                                 track.album, format_duration(track.duration_s)])
        child.setData(0, PATH_ROLE, path_data(track.path))
        child.setData(0, MOOD_ROLE, mood)
        tip = readable(track.path)
        if track.undecodable_name:
            tip += "\nThe file name is not valid UTF-8: its odd bytes are shown as \\xNN."
        child.setToolTip(0, tip + (f"\nCannot be played: {track.error}" if track.error else ""))
        if track.error:
            child.setText(3, "unreadable")
            child.setForeground(0, Qt.GlobalColor.gray)
        child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                       | Qt.ItemFlag.ItemIsDropEnabled)
        child.setData(0, TRACK_ROLE, track)
        if track.path == self._playing:
            self._set_playing_look(child, True)
        return child

    @staticmethod
    def item_path(item: QTreeWidgetItem) -> Path | None:
        """The file behind a track row (None for a mood row)."""
        return data_path(item.data(0, PATH_ROLE))

    def selected_paths(self) -> list[Path]:
        return [path for path in map(self.item_path, self.selectedItems()) if path is not None]

    def track_item(self, path: Path) -> QTreeWidgetItem | None:
        """The row of the song at ``path`` (found in the Python list of rows: no Qt call per row)."""
        path = Path(path)
        for mood, tracks in self._shown.items():
            for row, track in enumerate(tracks):
                if track.path == path:
                    return self._mood_items[mood].child(row)
        return None

    # -- drag and drop ------------------------------------------------------------------------
    def mimeData(self, items):
        return tracks_mime([path for path in map(self.item_path, items) if path is not None])

    def mimeTypes(self):
        return [TRACKS_MIME, "text/uri-list"]

    def _target_mood(self, event) -> str | None:
        item = self.itemAt(event.position().toPoint())
        return item.data(0, MOOD_ROLE) if item is not None else None

    def _accepts(self, event) -> bool:
        data = event.mimeData()
        return (data.hasFormat(TRACKS_MIME) or data.hasUrls()) and self._target_mood(event) is not None

    def dragEnterEvent(self, event):
        data = event.mimeData()
        if data.hasFormat(TRACKS_MIME) or data.hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.MoveAction if event.mimeData().hasFormat(TRACKS_MIME)
                                else Qt.DropAction.CopyAction)
            event.accept()
            self._highlight(self._target_mood(event))
        else:
            event.ignore()
            self._highlight(None)

    def dragLeaveEvent(self, event):
        self._highlight(None)
        super().dragLeaveEvent(event)

    def _highlight(self, mood: str | None) -> None:
        """The mood the songs will land in, tinted in its colour while the drag is over it."""
        if mood == self.highlighted_mood:
            return
        self.highlighted_mood = mood
        for name, item in self._mood_items.items():
            colour = mood_colour(name)
            colour.setAlpha(90)
            brush = QBrush(colour) if name == mood else QBrush()
            for column in range(self.columnCount()):
                item.setBackground(column, brush)

    def dropEvent(self, event):
        self._highlight(None)
        mood = self._target_mood(event)
        data = event.mimeData()
        if mood is None:
            event.ignore()
            return
        if data.hasFormat(TRACKS_MIME):
            self.tracks_moved.emit(mood, read_tracks(data))
            # We move the files ourselves; IgnoreAction stops Qt from deleting the dragged rows.
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
        elif data.hasUrls():
            self.files_dropped.emit(mood, local_files(data))
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    # -- queueing -------------------------------------------------------------------------------
    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        path = self.item_path(item)
        if path is not None:
            self.enqueue_requested.emit([path])

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Delete) and self.selected_paths():
            self.remove_requested.emit(self.selected_paths())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_paths():
            self.enqueue_requested.emit(self.selected_paths())
            return
        super().keyPressEvent(event)

    def _menu(self, point) -> None:
        paths = self.selected_paths()
        if not paths:
            return
        menu = QMenu(self)
        actions = [
            ("Play now", lambda: self.play_now_requested.emit(paths[0])),
            ("Play next", lambda: self.play_next_requested.emit(list(reversed(paths)))),
            ("Add to queue", lambda: self.enqueue_requested.emit(paths)),
            ("Remove from mood folder…", lambda: self.remove_requested.emit(paths)),
        ]
        for text, slot in actions:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(point))


def _fold(text: str) -> str:
    """Lower case without accents, so "beyonce" finds "Beyoncé"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
