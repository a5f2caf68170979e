"""The mood folders: each mood with its tracks. Drop files from the file manager on a mood to copy
them in; drag a track onto another mood to move it; double-click or the menu to queue it.

The moods keep their order; the songs in each are sorted by title (a click on a column's header
sorts by that column, a second click reverses it). The sorting is done here in Python, not by
QTreeWidget, so the moods never move and a large folder's rows are placed once, in order."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QDrag, QFontMetrics, QIcon, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QStyledItemDelegate, QTreeWidget, QTreeWidgetItem

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.tag_writer import can_edit
from moodplayer.library.track import Track, album_position, format_duration
from moodplayer.domain.paths import readable
from moodplayer.ui.icons import glyph_icon
from moodplayer.ui.mood_style import mood_colour, mood_icon
from moodplayer.ui.theme import dim_colour
from moodplayer.ui.widgets.mime import TRACKS_MIME, data_path, local_files, path_data, read_tracks, tracks_mime

PATH_ROLE = Qt.ItemDataRole.UserRole  # the file's path as bytes (mime.path_data), never as display text
UNDECODABLE_MARK = " \u26a0"  # after a file name that is not valid UTF-8 (shown with \xNN escapes)
MOOD_ROLE = Qt.ItemDataRole.UserRole + 1
TRACK_ROLE = Qt.ItemDataRole.UserRole + 2  # the Track itself (a Python object, not converted by Qt)
DIM_ROLE = Qt.ItemDataRole.UserRole + 3  # why the row is greyed ("" when it is not)
TITLE, ARTIST, ALBUM, TIME = range(4)
COLUMN_NAMES = ("title", "artist", "album", "time")  # as the settings name them
ROW_PADDING = 4  # pixels above and below the font's line spacing
DRAG_OFFSET = 16  # pixels between the cursor and the drag image, which sits below the row under the cursor


def sort_key(track: Track, column: int) -> tuple:
    """How a song sorts in ``column``: blanks last, ties by title then file. By album (and by
    artist, then album), an album's songs keep their order on it: disc (none is the first), then
    track number, songs without one last."""
    title = (_fold(track.display_title), str(track.path))
    album = (not track.album, _fold(track.album), *album_position(track), *title)
    if column == ARTIST:
        return (not track.artist, _fold(track.artist), *album)
    if column == ALBUM:
        return album
    if column == TIME:
        return (track.duration_s is None, track.duration_s or 0.0, *title)
    return title


class _Reversed:
    """A list seen back to front, for bisect (a descending sort keeps its keys descending)."""

    def __init__(self, items: list):
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int):
        return self.items[len(self.items) - 1 - index]


class RowDelegate(QStyledItemDelegate):
    """Rows as high as the font's line spacing (accents over capitals and descenders fit, whatever
    the font), and greyed rows in the palette's dim colour (theme.dim_colour)."""

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), row_height(option.font)))
        return size

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.siblingAtColumn(TITLE).data(DIM_ROLE):  # the whole row, kept on its first column
            option.palette.setColor(QPalette.ColorRole.Text, dim_colour(option.palette))


def row_height(font) -> int:
    """A row's height for ``font``: its line spacing (bold or not) and some air."""
    bold = type(font)(font)
    bold.setBold(True)
    return max(QFontMetrics(font).lineSpacing(), QFontMetrics(bold).lineSpacing(), 16) + 2 * ROW_PADDING


class LibraryTree(QTreeWidget):
    files_dropped = Signal(str, list)  # mood, paths from outside (copy)
    tracks_moved = Signal(str, list)  # mood, paths of tracks already in a mood folder (move)
    enqueue_requested = Signal(list)  # paths
    play_next_requested = Signal(list)
    play_now_requested = Signal(list)  # the songs selected: the first plays now, the others next
    remove_requested = Signal(list)
    show_requested = Signal(list)  # paths to show in the file manager
    info_requested = Signal(object)  # a path to show "Song info…" for
    edit_tags_requested = Signal(object)  # the paths to edit the tags of ("Edit tags…")
    album_requested = Signal(object)  # a path whose album to play ("Play its album")
    mood_requested = Signal(str)  # a mood row's "Play … songs"
    mood_folder_requested = Signal(str)  # a mood row's "Show in folder"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Mood folders")
        self.setHeaderLabels(["Title", "Artist", "Album", "Time"])
        header = self.header()
        header.setStretchLastSection(False)
        for column in (TITLE, ARTIST):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ALBUM, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ALBUM, self.fontMetrics().averageCharWidth() * 16)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(TITLE, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.setItemDelegate(RowDelegate(self))
        self.setUniformRowHeights(True)  # one height for all rows: a large library lays out fast
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
        self._expanded_before: dict[str, bool] | None = None  # which moods were open before the filter
        self._shown: dict[str, list[Track]] = {mood: [] for mood in EMOTIONS}  # each mood's rows, in order
        self._keys: dict[str, list[tuple]] = {mood: [] for mood in EMOTIONS}  # their sort keys, in that order
        self._given: dict[str, list[Track]] = {mood: [] for mood in EMOTIONS}  # the library's list, as given
        self._seconds: dict[str, float] = {mood: 0.0 for mood in EMOTIONS}  # each mood's total length
        self._skipped: Callable[[Track], str] | None = None  # why a song is skipped (greyed), e.g. its language
        self.trash_action: QAction | None = None  # the window's Move to Trash… (also in the context menu)
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
            given = library.get(mood, [])
            current = self._shown[mood]
            if self._given[mood] != given:  # compared in Python: no Qt call per row for an unchanged library
                self._given[mood] = list(given)
                self._place(mood, given)
            if given and not item.isExpanded() and len(given) <= 20 and not current:
                item.setExpanded(True)

    # -- sorting ----------------------------------------------------------------------------------
    @property
    def sort_column(self) -> int:
        return self.header().sortIndicatorSection()

    @property
    def descending(self) -> bool:
        return self.header().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def _place(self, mood: str, tracks: list[Track]) -> None:
        """Show ``tracks`` as ``mood``'s rows in the sort order, reusing the rows already made."""
        item = self._mood_items[mood]
        column, descending = self.sort_column, self.descending
        keyed = sorted(((sort_key(track, column), track) for track in tracks), key=lambda pair: pair[0],
                       reverse=descending)
        ordered = [track for _key, track in keyed]
        self._keys[mood] = [key for key, _track in keyed]
        if ordered == self._shown[mood]:
            return
        reusable = {item.child(row).data(0, TRACK_ROLE): item.child(row) for row in range(item.childCount())}
        children = [reusable.pop(track, None) or self._track_row(track, mood) for track in ordered]
        item.takeChildren()
        item.addChildren(children)
        self._shown[mood] = ordered
        self._seconds[mood] = sum(t.duration_s or 0 for t in ordered)
        self._update_mood_row(mood, rows_changed=True)

    @property
    def sort_text(self) -> str:
        """The sort as the settings keep it: "album", "-time" (descending)."""
        return ("-" if self.descending else "") + COLUMN_NAMES[self.sort_column]

    def sort_by(self, text: str) -> None:
        """Sort as ``sort_text`` said ("" or a name not known: by title)."""
        name = text.removeprefix("-")
        column = COLUMN_NAMES.index(name) if name in COLUMN_NAMES else TITLE
        order = Qt.SortOrder.DescendingOrder if text.startswith("-") and name in COLUMN_NAMES \
            else Qt.SortOrder.AscendingOrder
        self.header().setSortIndicator(column, order)

    def _sort_changed(self, column: int, order) -> None:
        for mood in self._mood_items:
            self._place(mood, self._shown[mood])
        if self._playing is not None:
            self.mark_playing(self._playing)

    # -- filter -----------------------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Show only songs whose title, artist, album or file name contain every word of ``text``.
        Each mood folder opens while it has matches; clearing the filter opens and closes them as
        they were before it (the playing song's folder does not stay folded away)."""
        words = _fold(text).split()
        if words and self._expanded_before is None:
            self._expanded_before = {mood: item.isExpanded() for mood, item in self._mood_items.items()}
        self._filter_words = words
        for mood in self._mood_items:
            self._apply_filter(mood, rows_changed=True)
        if not words and self._expanded_before is not None:
            for mood, expanded in self._expanded_before.items():
                self._mood_items[mood].setExpanded(expanded)
            self._expanded_before = None
            playing = self.track_item(self._playing) if self._playing is not None else None
            if playing is not None:
                self.scrollToItem(playing)

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
        # Drawn in the palette's text colour (ui/icons.py): the style's own icon is near-black on dark.
        icon = glyph_icon("play", self.palette(), QPalette.ColorRole.Text) if on else QIcon()
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
        column, descending = self.sort_column, self.descending
        for mood, found in by_mood.items():
            item = self._mood_items.get(mood)
            if item is None:
                continue
            self._given[mood].extend(found)
            shown, keys = self._shown[mood], self._keys[mood]
            self._seconds[mood] += sum(t.duration_s or 0 for t in found)
            for track in found:  # each in its place in the sort order
                key = sort_key(track, column)
                index = len(keys) - bisect.bisect_right(_Reversed(keys), key) if descending \
                    else bisect.bisect_right(keys, key)
                row = self._track_row(track, mood)
                item.insertChild(index, row)
                shown.insert(index, track)
                keys.insert(index, key)
                row.setHidden(not self._matches(track))
            self._update_mood_row(mood)
            if item.childCount() <= 20 and not self._filter_words:
                item.setExpanded(True)  # a small folder shows its songs; large ones stay folded

    def _update_mood_row(self, mood: str, rows_changed: bool = False) -> None:
        item = self._mood_items[mood]
        item.setText(3, format_duration(self._seconds[mood]) if self._shown[mood] else "")
        self._apply_filter(mood, rows_changed)  # also writes the count

    def _track_row(self, track: Track, mood: str) -> QTreeWidgetItem:
        odd_name = track.undecodable_name and not track.title
        child = QTreeWidgetItem([track.display_title + (UNDECODABLE_MARK if odd_name else ""), track.artist,
                                 track.album, format_duration(track.duration_s)])
        child.setData(0, PATH_ROLE, path_data(track.path))
        child.setData(0, MOOD_ROLE, mood)
        if track.error:
            child.setText(3, "unreadable")
        self._set_skipped_look(child, track)
        child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                       | Qt.ItemFlag.ItemIsDropEnabled)
        child.setData(0, TRACK_ROLE, track)
        if track.path == self._playing:
            self._set_playing_look(child, True)
        return child

    def _set_skipped_look(self, child: QTreeWidgetItem, track: Track) -> None:
        """Greyed, with the reason in the tooltip: an unreadable file, or a song the filter skips."""
        tip = readable(track.path)
        if track.undecodable_name:
            tip += "\nThe file name is not valid UTF-8: its odd bytes are shown as \\xNN."
        why = f"Cannot be played: {track.error}" if track.error else self._skipped(track) if self._skipped else ""
        child.setToolTip(0, tip + (f"\n{why}" if why else ""))
        if why or child.data(0, DIM_ROLE):  # a new row that is not greyed needs no call
            child.setData(0, DIM_ROLE, why)

    def set_skipped(self, skipped: Callable[[Track], str] | None) -> None:
        """Grey the songs ``skipped`` gives a reason for (e.g. not in the languages chosen); None: none."""
        self._skipped = skipped
        for mood, tracks in self._shown.items():
            item = self._mood_items[mood]
            for row, track in enumerate(tracks):
                self._set_skipped_look(item.child(row), track)

    @staticmethod
    def item_path(item: QTreeWidgetItem) -> Path | None:
        """The file behind a track row (None for a mood row)."""
        return data_path(item.data(0, PATH_ROLE))

    def selected_paths(self) -> list[Path]:
        """The selected songs in the order shown (an album sorted by album queues in its order),
        whatever order they were clicked in."""
        # The selection's model indexes know their rows; an item's row is a search of its mood's
        # rows (20,000 songs selected took 0.39 s that way, at each change of the selection).
        rows = sorted(self.selectionModel().selectedRows(0), key=_shown_order)
        return [path for path in (data_path(index.data(PATH_ROLE)) for index in rows) if path is not None]

    def has_selected_songs(self) -> bool:
        """Any song selected (not only moods): asked at each change of the selection, so it stops at
        the first one."""
        return any(item.parent() is not None for item in self.selectedItems())

    def changeEvent(self, event) -> None:
        # View > Theme, or the desktop's colour scheme: the playing mark follows the new palette.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and self._playing:
            item = self.track_item(self._playing)
            if item is not None:
                self._set_playing_look(item, True)
        super().changeEvent(event)

    def _track_of(self, path: Path) -> Track | None:
        item = self.track_item(path)
        return item.data(0, TRACK_ROLE) if item is not None else None

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

    def drag_data(self):
        """What a drag of the selected songs carries: their paths in the order shown (an album
        dragged into the queue keeps its order)."""
        return tracks_mime(self.selected_paths())

    def mimeTypes(self):
        return [TRACKS_MIME, "text/uri-list"]

    def startDrag(self, supported_actions) -> None:
        """Drag the selected songs with a small label beside the cursor (Qt's picture of the rows
        sat on the row under the cursor and hid where they would land)."""
        items = [item for item in self.selectedItems() if self.item_path(item) is not None]
        if not items:
            return
        drag = QDrag(self)
        drag.setMimeData(self.drag_data())
        pixmap, hot_spot = self.drag_image(items)
        drag.setPixmap(pixmap)
        drag.setHotSpot(hot_spot)
        # The drop moves the files itself (tracks_moved): Qt never removes the dragged rows.
        drag.exec(supported_actions, Qt.DropAction.MoveAction)

    def drag_image(self, items: list[QTreeWidgetItem]) -> tuple[QPixmap, QPoint]:
        """The drag's picture (the song's title, or how many songs) and its hot spot: the picture
        sits below and right of the cursor, clear of the row the cursor is over."""
        title = items[0].data(0, TRACK_ROLE).display_title if len(items) == 1 else f"{len(items)} songs"
        metrics = self.fontMetrics()
        text = metrics.elidedText(f"\u266a {title}", Qt.TextElideMode.ElideRight, 40 * metrics.averageCharWidth())
        size = QSize(metrics.horizontalAdvance(text) + 16, metrics.lineSpacing() + 8)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setBrush(palette.color(QPalette.ColorRole.ToolTipBase))
        painter.setPen(palette.color(QPalette.ColorRole.ToolTipText))
        painter.drawRoundedRect(QRect(QPoint(0, 0), size).adjusted(0, 0, -1, -1), 4, 4)
        painter.drawText(QRect(QPoint(0, 0), size), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        row = max(self.visualItemRect(items[0]).height(), row_height(self.font()))
        return pixmap, QPoint(-DRAG_OFFSET, -(row + DRAG_OFFSET // 4))

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

    def menu_at(self, point) -> QMenu | None:
        """The right-click menu at ``point``: a mood row's own, else the selected songs'."""
        item = self.itemAt(point)
        mood = item.data(0, MOOD_ROLE) if item is not None and item.parent() is None else None
        return self.mood_menu(mood) if mood else self.context_menu()

    def _menu(self, point) -> None:
        menu = self.menu_at(point)
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(point))
            menu.deleteLater()  # its actions have run: one menu per right-click is not kept

    def mood_menu(self, mood: str) -> QMenu:
        """The right-click menu of a mood's row: play the mood, queue its songs (those shown, in the
        order shown), show its folder."""
        shown = [self.item_path(child) for child in map(self._mood_items[mood].child,
                                                         range(self._mood_items[mood].childCount()))
                 if not child.isHidden()]
        menu = QMenu(self)
        play = menu.addAction(mood_icon(mood), f"Play {mood.title()} songs")
        play.triggered.connect(lambda: self.mood_requested.emit(mood))
        queue = menu.addAction(f"Add its {len(shown):,} song{'s' if len(shown) != 1 else ''} to the queue")
        queue.triggered.connect(lambda: self.enqueue_requested.emit(shown))
        queue.setEnabled(bool(shown))
        menu.addAction("Show in folder").triggered.connect(lambda: self.mood_folder_requested.emit(mood))
        return menu

    def fill_move_menu(self, moves: QMenu) -> None:
        """"Move to mood" > the seven moods, for the songs selected now: what dragging them onto a
        mood does, from the keyboard too. A mood every selected song is in already is greyed."""
        moves.clear()
        paths = self.selected_paths()
        here = {item.data(0, MOOD_ROLE) for item in self.selectedItems() if self.item_path(item) is not None}
        moves.menuAction().setEnabled(bool(paths))
        for mood in EMOTIONS:
            action = moves.addAction(mood_icon(mood), mood.title())
            action.setEnabled(here != {mood})
            action.triggered.connect(lambda _checked=False, mood=mood: self.tracks_moved.emit(mood, paths))

    def context_menu(self) -> QMenu | None:
        """The right-click menu for the selected songs; None when none is selected."""
        paths = self.selected_paths()
        if not paths:
            return None
        menu = QMenu(self)
        actions = [
            ("Play now", lambda: self.play_now_requested.emit(paths)),  # the first; the others next
            ("Play next", lambda: self.play_next_requested.emit(list(reversed(paths)))),
            ("Play its album", lambda: self.album_requested.emit(paths[0])),
            ("Add to queue", lambda: self.enqueue_requested.emit(paths)),
            ("Show in folder", lambda: self.show_requested.emit(paths)),
            ("Song info…", lambda: self.info_requested.emit(paths[0])),
            ("Edit tags…", lambda: self.edit_tags_requested.emit(paths)),
        ]
        for text, slot in actions:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
            if text == "Edit tags…" and not any(map(can_edit, paths)):
                action.setEnabled(False)  # formats whose tags MoodPlayer does not write (WMA, APE…)
            if text == "Play its album" and not getattr(self._track_of(paths[0]), "album", ""):
                action.setEnabled(False)  # no album tag: no album to play
        self.fill_move_menu(menu.addMenu("Move to mood"))
        menu.addSeparator()
        if self.trash_action is not None:  # the same action as the button and Edit > Move to Trash…
            menu.addAction(self.trash_action)
        else:
            menu.addAction("Move to Trash…", lambda: self.remove_requested.emit(paths))
        return menu


def _shown_order(index) -> tuple[int, int]:
    """Where a row is shown: its mood's place, then its own (a mood row before its songs)."""
    parent = index.parent()
    return (parent.row(), index.row()) if parent.isValid() else (index.row(), -1)


def _fold(text: str) -> str:
    """Lower case without accents, so "beyonce" finds "Beyoncé"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
