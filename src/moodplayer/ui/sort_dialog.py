"""Mood > Sort Unsorted inbox… / Sort a folder…: suggested mood folders for new songs, to accept one
by one, all the confident ones at once, or automatically as they arrive.

The dialog is not modal: the music plays on and the window answers while the songs are analysed
(qt/mood_sorter.py). Every file operation goes through the session's folder edits (the safe
moves and copies of library/folders.py), so a name clash is renamed, nothing is overwritten, a
move can be undone (Ctrl+Z) and the mood folders shown are updated at once.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.paths import display_name, readable
from moodplayer.library.folders import is_within
from moodplayer.qt.mood_sorter import Accepted, accept
from moodplayer.sorting import INBOX, audio_files, inbox_folder
from moodplayer.suggestion import CONFIDENT, Suggestion
from moodplayer.ui.mood_style import mood_icon
from moodplayer.ui.theme import dim_colour, legible

logger = logging.getLogger(__name__)

FILE, MOOD, CONFIDENCE, REASON, ACCEPT, STATUS = range(6)
HEADERS = ("File", "Mood folder", "Confidence", "Why", "", "Status")
STAGES = {"learning": "Learning from your mood folders", "analysing": "Analysing"}
OK_COLOUR = "#2e7d32"
PROBLEM_COLOUR = "#c62828"


@dataclass
class SortRow:
    """One file in the table. ``state``: "pending" (can be accepted), "done", "error" (not
    analysed: cannot be accepted) or "gone" (the file vanished)."""

    suggestion: Suggestion
    state: str
    combo: QComboBox | None = None
    button: QPushButton | None = None
    status: str = ""
    moved_to: Path | None = None  # where accepting moved the song (None: copied, or not accepted)

    @property
    def path(self) -> Path:
        return self.suggestion.path

    @property
    def mood(self) -> str | None:
        """The mood the row would be accepted into: the one picked in its list (the suggestion at first)."""
        return self.combo.currentData() if self.combo is not None else self.suggestion.mood


class SortDialog(QDialog):
    def __init__(self, session, sorter, parent=None):
        super().__init__(parent)
        self.session = session
        self.sorter = sorter
        self.rows: list[SortRow] = []
        self.offer_copy = False  # sorting a folder outside the music folder: copy or move
        self.setWindowTitle("Sort by mood")
        self.setModal(False)
        self.resize(960, 520)
        layout = QVBoxLayout(self)
        self.source_label = QLabel("")
        self.source_label.setWordWrap(True)
        layout.addWidget(self.source_label)

        self.how = QWidget()
        how_layout = QHBoxLayout(self.how)
        how_layout.setContentsMargins(0, 0, 0, 0)
        self.copy_radio = QRadioButton("Copy into mood folders (leave originals in place)")
        self.move_radio = QRadioButton("Move")
        self.copy_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.copy_radio)
        group.addButton(self.move_radio)
        how_layout.addWidget(self.copy_radio)
        how_layout.addWidget(self.move_radio)
        how_layout.addStretch(1)
        self.how.hide()
        layout.addWidget(self.how)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(160)
        self.status = QLabel("")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop analysing (the suggestions so far stay)")
        progress_row.addWidget(self.progress)
        progress_row.addWidget(self.status, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Suggested mood folders")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (FILE, MOOD, CONFIDENCE, ACCEPT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(STATUS, 220)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.auto_box = QCheckBox("Sort automatically")
        self.auto_box.setToolTip(f"Accept each suggestion of {CONFIDENT:.0%} confidence or more as it arrives; "
                                 "the others wait here for you")
        self.accept_all_button = QPushButton("Accept all confident")
        self.accept_all_button.setToolTip(f"Accept every suggestion of {CONFIDENT:.0%} confidence or more; "
                                          "the others stay")
        close = QPushButton("Close")
        bottom.addWidget(self.auto_box)
        bottom.addStretch(1)
        bottom.addWidget(self.accept_all_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)

        self.auto_box.setChecked(session.settings.sort_automatically)  # remembered (before it is connected)
        self.cancel_button.clicked.connect(self.cancel)
        self.accept_all_button.clicked.connect(self.accept_all_confident)
        self.auto_box.toggled.connect(self._auto_toggled)
        close.clicked.connect(self.reject)
        sorter.progress.connect(self._on_progress)
        sorter.suggested.connect(self.add_suggestion)
        sorter.finished.connect(self._on_finished)
        sorter.failed.connect(self._on_failed)
        sorter.notice.connect(lambda text: self.session.message.emit("warning", text))
        session.library_changed.connect(self._rows_undone)  # Edit > Undo (Ctrl+Z) put songs back

    # -- a run ---------------------------------------------------------------------------------------
    def start(self, paths: list[Path], what: str, offer_copy: bool) -> None:
        """Analyse ``paths`` (the new rows replace the old ones); ``offer_copy``: the files are outside
        the music folder, so they may be copied instead of moved."""
        self.table.setRowCount(0)
        self.rows = []
        self.offer_copy = offer_copy
        self.how.setVisible(offer_copy)
        self.source_label.setText(f"Sorting {what}.")
        self.progress.setRange(0, 0)  # busy until the first count
        self.progress.show()
        self.status.setText("Starting…")
        self.status.setStyleSheet("")
        self.cancel_button.setEnabled(True)
        self.sorter.start(paths, self.session.user_root)

    @property
    def copying(self) -> bool:
        return self.offer_copy and self.copy_radio.isChecked()

    def cancel(self) -> None:
        self.sorter.cancel()

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"{STAGES.get(stage, stage)} {done}/{total}")

    def _on_finished(self, cancelled: bool) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        analysed = sum(row.state != "error" for row in self.rows)
        confident = sum(row.suggestion.confident for row in self.rows)
        if cancelled:
            self.status.setText(f"Cancelled: {len(self.rows)} song{_s(len(self.rows))} analysed.")
        elif not self.rows:
            self.status.setText("No audio files found there.")
        else:
            failed = len(self.rows) - analysed
            self.status.setText(f"Done: {analysed} song{_s(analysed)} analysed, {confident} confident"
                                + (f", {failed} could not be analysed." if failed else "."))

    def _on_failed(self, message: str) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        self.status.setText(message)
        self.status.setStyleSheet(f"color:{legible(PROBLEM_COLOUR, self.palette().window().color()).name()}")
        self.session.message.emit("error", message)

    # -- rows ----------------------------------------------------------------------------------------
    def add_suggestion(self, suggestion: Suggestion) -> None:
        row = SortRow(suggestion, "error" if suggestion.error or suggestion.mood is None else "pending")
        index = self.table.rowCount()
        self.table.insertRow(index)
        self.rows.append(row)
        name = QTableWidgetItem(display_name(suggestion.path))
        name.setToolTip(readable(suggestion.path))
        self.table.setItem(index, FILE, name)
        if row.state == "error":
            self.table.setItem(index, MOOD, QTableWidgetItem("—"))
            self.table.setItem(index, CONFIDENCE, QTableWidgetItem(""))
            why = QTableWidgetItem(_without_path(suggestion.error or "no suggestion", suggestion.path))
            why.setToolTip(suggestion.error or "")
            why.setForeground(QBrush(dim_colour(self.table.palette())))
            self.table.setItem(index, REASON, why)
            self._set_status(row, index, "Cannot be analysed", PROBLEM_COLOUR)
            return
        row.combo = QComboBox()
        row.combo.setAccessibleName(f"Mood folder for {display_name(suggestion.path)}")
        for mood in EMOTIONS:
            row.combo.addItem(mood_icon(mood), mood.title(), mood)
        row.combo.setCurrentIndex(EMOTIONS.index(suggestion.mood))
        self.table.setCellWidget(index, MOOD, row.combo)
        # Rounded down: a suggestion under the CONFIDENT threshold never reads as 50 %.
        confidence = QTableWidgetItem(f"{math.floor(round(suggestion.confidence * 100, 6))}%")
        confidence.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        confidence.setToolTip(", ".join(f"{mood} {p:.0%}" for mood, p in
                                        sorted(suggestion.probabilities.items(), key=lambda item: -item[1])))
        if not suggestion.confident:
            confidence.setForeground(QBrush(dim_colour(self.table.palette())))
        self.table.setItem(index, CONFIDENCE, confidence)
        reason = QTableWidgetItem(suggestion.reason)
        reason.setToolTip(suggestion.reason)
        self.table.setItem(index, REASON, reason)
        row.button = QPushButton("Accept")
        row.button.setToolTip("Put the song in the mood folder chosen on its left")
        row.button.clicked.connect(lambda checked=False, r=row: self.accept_row(self.rows.index(r)))
        self.table.setCellWidget(index, ACCEPT, row.button)
        self._set_status(row, index, "" if suggestion.confident else "Not sure: check the mood", "")
        if self.auto_box.isChecked() and suggestion.confident:
            self.accept_row(index)

    def accept_row(self, index: int, mood: str | None = None) -> Accepted | None:
        """Move (or copy) the row's song into ``mood`` (default: the one its list shows)."""
        row = self.rows[index]
        if row.state != "pending":
            return None
        mood = mood or row.mood
        result = accept(self.session, row.path, mood, copy=self.copying)
        if result.ok:
            row.state = "done"
            row.moved_to = result.path if not self.copying and result.path != row.path else None
            self._set_status(row, index, result.text, OK_COLOUR)
        elif result.gone:
            row.state = "gone"
            self._set_status(row, index, result.text, PROBLEM_COLOUR)
        else:
            self._set_status(row, index, result.text, PROBLEM_COLOUR)
        if row.state != "pending":
            for widget in (row.combo, row.button):
                widget.setEnabled(False)
        return result

    def accept_all_confident(self) -> None:
        """Accept every pending confident suggestion (each into the mood its list shows); the rest stay."""
        indexes = [i for i, row in enumerate(self.rows) if row.state == "pending" and row.suggestion.confident]
        if not indexes:
            self.session.message.emit("info", f"No suggestion of {CONFIDENT:.0%} confidence or more to accept.")
            return
        with self.session.one_undo_step():  # Ctrl+Z puts them all back at once
            results = [self.accept_row(i) for i in indexes]
        done = sum(1 for r in results if r is not None and r.ok)
        failed = len(indexes) - done
        left = sum(row.state == "pending" for row in self.rows)
        text = f"Accepted {done} confident suggestion{_s(done)}"
        if failed:
            text += f"; {failed} could not be accepted (see the Status column)"
        undo = " Undo: Ctrl+Z." if any(self.rows[i].moved_to for i in indexes) else ""
        self.session.message.emit("warning" if failed else "info", text + f"; {left} left to check.{undo}")

    def _rows_undone(self) -> None:
        """Songs an undo moved back to where they were can be accepted again."""
        for index, row in enumerate(self.rows):
            if row.state == "done" and row.moved_to is not None and row.path.is_file() and not row.moved_to.exists():
                row.state, row.moved_to = "pending", None
                for widget in (row.combo, row.button):
                    widget.setEnabled(True)
                self._set_status(row, index, "Moved back (undone)", "")

    def _auto_toggled(self, on: bool) -> None:
        self.session.settings.sort_automatically = on
        if on:
            self.accept_all_confident()

    def _set_status(self, row: SortRow, index: int, text: str, colour: str) -> None:
        row.status = text
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if colour:  # green or red, made readable on the table's background in either theme
            item.setForeground(QBrush(legible(colour, self.table.palette().base().color())))
        self.table.setItem(index, STATUS, item)

    def row_of(self, path: Path) -> SortRow:
        return next(row for row in self.rows if row.path == Path(path))

    def done(self, result: int) -> None:
        """Closed (Close, Escape or the title bar's button): nobody is looking at the suggestions any
        more, so stop using the CPU for them. (Calling close() from reject() did nothing: close()
        calls reject() and refuses to run twice.)"""
        if self.sorter.active:
            self.sorter.cancel()
        super().done(result)


def _without_path(message: str, path: Path) -> str:
    """An analysis error without the file's path in front (the row names the file already)."""
    prefix = f"{readable(path)}: "
    return message.removeprefix(prefix)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


class SortLauncher:
    """The menu's two entries: what they need, and the dialog they open (one, reused)."""

    def __init__(self, window, sorter):
        self.window = window
        self.session = window.session
        self.sorter = sorter
        self.dialog: SortDialog | None = None
        self.ask_folder = self._ask_folder  # tests answer it without a file dialog

    def unavailable(self) -> str:
        """Why sorting cannot run now ("" when it can)."""
        session = self.session
        if self.sorter is None:
            return "Sorting by mood is not available in this window."
        if session.demo_root is not None:
            return "Demo mode: choose your own music folder first (File > Choose music folder…)."
        root = session.user_root
        if root is None:
            return "Choose your music folder first (File > Choose music folder…)."
        if not root.is_dir():
            return f"The music folder {readable(root)} is not there (unplugged or moved?)."
        return ""

    def update_actions(self, *actions) -> None:
        """Enabled, or disabled with the reason in the entry itself (and its status tip)."""
        why = self.unavailable()
        for action in actions:
            base = action.data() or action.text()
            action.setData(base)
            action.setEnabled(not why)
            action.setText(base if not why else f"{base} (needs your music folder)")
            action.setStatusTip(why)
            action.setToolTip(why or base)

    def sort_inbox(self) -> None:
        """Sort ``<music folder>/Unsorted`` (made when missing): the songs are moved."""
        if self._refused():
            return
        inbox = inbox_folder(self.session.user_root)
        try:
            inbox.mkdir(exist_ok=True)
        except OSError as error:
            self.window.show_message("error", f"Cannot create the inbox {readable(inbox)}: "
                                              f"{error.strerror or error}")
            return
        if next(audio_files([inbox]), None) is None:
            self.window.show_message("info", f"The {INBOX} inbox is empty. Drop new songs into {readable(inbox)}, "
                                             f"then choose Mood > Sort {INBOX} inbox… again.")
            return
        self._open([inbox], f"the {INBOX} inbox ({readable(inbox)}): songs are moved into their mood folders",
                   offer_copy=False)

    def sort_folder(self, folder: Path | None = None) -> None:
        """Sort a folder the user picks; one outside the music folder may be copied instead of moved."""
        if self._refused():
            return
        folder = folder or self.ask_folder()
        if not folder:
            return
        folder = Path(folder)
        if not folder.is_dir():
            self.window.show_message("warning", f"{readable(folder)} is not a folder.")
            return
        root = self.session.user_root
        inside = folder.resolve() == root.resolve() or is_within(folder, root)
        what = readable(folder) + (": songs are moved into their mood folders" if inside else "")
        self._open([folder], what, offer_copy=not inside)

    def _refused(self) -> bool:
        why = self.unavailable()
        if why:
            self.window.show_message("warning", why)
        return bool(why)

    def _open(self, paths: list[Path], what: str, offer_copy: bool) -> None:
        if self.dialog is None:
            self.dialog = SortDialog(self.session, self.sorter, self.window)
            # Edit > Undo (Ctrl+Z) works in the dialog too: it undoes the moves the dialog made.
            undo = getattr(self.window, "actions", {}).get("undo")
            if undo is not None:
                self.dialog.addAction(undo)
        self.dialog.start(paths, what, offer_copy)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _ask_folder(self) -> Path | None:
        start = str(self.session.user_root or Path.home())
        chosen = QFileDialog.getExistingDirectory(self.window, "Sort a folder by mood", start)
        return Path(chosen) if chosen else None
