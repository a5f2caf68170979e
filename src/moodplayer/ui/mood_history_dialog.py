"""Mood > Mood history…: the moods the camera detected, by hour of day, as a stacked bar chart.

Drawn with matplotlib's object API (a ``Figure`` on a ``FigureCanvasQTAgg``, never pyplot and its
global state). matplotlib is imported only when the dialog first opens: it costs about half a
second, which start-up does not pay.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QStackedWidget, QVBoxLayout

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.ui.mood_style import MOOD_COLOURS
from moodplayer.ui.theme import dim_colour

logger = logging.getLogger(__name__)

EMPTY_TEXT = ("No moods recorded yet. Turn on Mood > Keep mood history, and each mood the camera detects "
              "is kept here with its time of day.")
PRIVACY_NOTE = "Kept only on this computer; only moods detected by the camera, never those picked by hand."


def _day(when: datetime) -> str:
    return f"{when.day} {when:%b %Y}"  # "3 Mar 2025" (no %-d: not on every platform)


def chart_title(entries) -> str:
    """The count and the date range, e.g. "12 detections, 3 Mar 2025 – 9 Mar 2025"."""
    count = f"{len(entries)} detection{'s' if len(entries) != 1 else ''}"
    first, last = _day(entries[0].when), _day(entries[-1].when)
    return f"{count}, {first}" if first == last else f"{count}, {first} – {last}"


def draw_chart(figure, by_hour: dict, title: str, text_colour: str, background: str) -> None:
    """Stacked bars: detections per hour of day (0-23), one bar series per mood, in the mood colours."""
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    colours = {"text.color": text_colour, "axes.labelcolor": text_colour, "axes.edgecolor": text_colour,
               "xtick.color": text_colour, "ytick.color": text_colour, "figure.facecolor": background,
               "axes.facecolor": background, "legend.frameon": False}
    figure.clear()
    with matplotlib.rc_context(colours):  # applied as the artists are made; the global settings are restored
        figure.set_facecolor(background)
        axes = figure.add_subplot()
        hours = list(range(24))
        bottom = [0] * 24
        for mood in EMOTIONS:  # the same order everywhere, so a mood keeps its place in the stack
            counts = [by_hour[hour][mood] for hour in hours]
            if not any(counts):
                continue
            axes.bar(hours, counts, bottom=bottom, color=MOOD_COLOURS[mood], edgecolor=background, linewidth=0.5,
                     label=mood.title(), width=0.8)
            bottom = [b + c for b, c in zip(bottom, counts)]
        axes.set_xlim(-0.6, 23.6)
        axes.set_xticks(range(0, 24, 3))
        axes.set_xticks(hours, minor=True)
        axes.set_xlabel("Hour of day")
        axes.set_ylabel("Detections")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(title)
        handles, labels = axes.get_legend_handles_labels()  # listed top-down, as the bars are stacked
        axes.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)


class MoodHistoryDialog(QDialog):
    """Non-modal; redraws whenever the recorder records or the history is deleted."""

    def __init__(self, recorder, delete, parent=None):
        super().__init__(parent)
        self.recorder = recorder
        self.setWindowTitle("Mood history")
        self.resize(760, 420)
        self.canvas = None  # FigureCanvasQTAgg, made when there is something to draw
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color:{dim_colour(self.palette(), QPalette.ColorRole.Window).name()}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.delete_button = QPushButton("Delete mood history…")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.clicked.connect(delete)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        recorder.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        entries = self.recorder.entries()
        state = "Recording is on." if self.recorder.enabled else "Recording is off (Mood > Keep mood history)."
        self.note.setText(f"{PRIVACY_NOTE} {state}")
        self.delete_button.setEnabled(bool(entries))
        if not entries:
            self.stack.setCurrentWidget(self.empty)
            return
        if self.canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            self.canvas = FigureCanvasQTAgg(Figure(figsize=(7.0, 3.6), layout="constrained"))
            self.canvas.setAccessibleName("Mood history chart")
            self.stack.addWidget(self.canvas)
        palette = self.palette()
        draw_chart(self.canvas.figure, self.recorder.by_hour(), chart_title(entries),
                   palette.color(QPalette.ColorRole.WindowText).name(), palette.color(QPalette.ColorRole.Window).name())
        self.canvas.draw_idle()
        self.stack.setCurrentWidget(self.canvas)

    def bar_series(self) -> int:
        """How many moods the chart shows (tests, and an accessible summary)."""
        return len(self.canvas.figure.axes[0].containers) if self.canvas is not None and self.canvas.figure.axes \
            else 0


class MoodHistoryLauncher:
    """The Mood menu's three entries (keep, show, delete) and the one dialog they share."""

    def __init__(self, window, recorder):
        self.window = window
        self.recorder = recorder  # qt.mood_history_recorder.MoodHistoryRecorder, or None (entries disabled)
        self.dialog: MoodHistoryDialog | None = None

    @property
    def available(self) -> bool:
        return self.recorder is not None

    @property
    def keeping(self) -> bool:
        return self.recorder is not None and self.recorder.enabled

    def set_keep(self, on: bool) -> None:
        if self.recorder is not None:
            self.recorder.set_enabled(on)
            if self.dialog is not None:
                self.dialog.refresh()

    def show(self) -> None:
        if self.recorder is None:
            return
        if self.dialog is None:
            self.dialog = MoodHistoryDialog(self.recorder, self.delete, self.window)
        else:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def delete(self) -> None:
        """Asks first (Cancel is the default), then deletes every entry; a chart shown updates."""
        if self.recorder is None:
            return
        count = len(self.recorder.entries())
        if not count:
            self.window.show_message("info", "The mood history is empty: nothing to delete.")
            return
        if self.window.confirm(f"Delete the mood history ({count} detected mood{'s' if count != 1 else ''})? "
                               "This cannot be undone."):
            self.recorder.clear()
            self.window.show_message("info", "Mood history deleted.")
