"""Detect mood (with progress and the vote), a bar per class, the manual picker and the re-detect toggle."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QVBoxLayout)

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.ui.mood_style import bar_style, mood_icon, mood_pixmap
from moodplayer.ui.widgets.elided_label import ElidedLabel


class MoodPanel(QGroupBox):
    detect_requested = Signal()
    mood_picked = Signal(str)
    auto_redetect_toggled = Signal(bool)
    everyone_toggled = Signal(bool)  # group mood on / off
    mode_chosen = Signal(str)  # "match" | "lift-happy" | "lift-calm"

    def __init__(self, parent=None):
        super().__init__("Mood", parent)
        layout = QVBoxLayout(self)
        self.detect_button = QPushButton("Detect mood")
        self.detect_button.setToolTip("Look at the camera and detect your mood (D)")
        self.detect_button.setAccessibleName("Detect mood")
        self.detect_button.clicked.connect(self.detect_requested)
        self.detect_button.setEnabled(False)
        layout.addWidget(self.detect_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setAccessibleName("Detection in progress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel("Loading the emotion model…")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Detection status")
        layout.addWidget(self.status)
        self.mood_label = ElidedLabel("Mood: —")  # never widens the column
        font = self.mood_label.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.mood_label.setFont(font)
        self.mood_label.setAccessibleName("Current mood")
        self.mood_icon = QLabel()  # the mood's face in its colour, beside its name
        self.mood_icon.setFixedSize(28, 28)
        mood_row = QHBoxLayout()
        mood_row.addWidget(self.mood_icon)
        mood_row.addWidget(self.mood_label, 1)
        layout.addLayout(mood_row)
        self.vote_label = QLabel("")
        self.faces_label = QLabel("")
        self.faces_label.setWordWrap(True)  # "3 faces, left to right: ..." fits a narrow column
        layout.addWidget(self.vote_label)
        layout.addWidget(self.faces_label)
        grid = QGridLayout()
        self.bars: dict[str, QProgressBar] = {}
        for row, mood in enumerate(EMOTIONS):
            icon = QLabel()
            icon.setPixmap(mood_pixmap(mood, 16))
            grid.addWidget(icon, row, 0)
            grid.addWidget(QLabel(mood.title()), row, 1)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(0)
            bar.setFormat("%p%")
            bar.setAccessibleName(f"{mood} probability")
            bar.setMaximumHeight(14)
            bar.setStyleSheet(bar_style(mood))
            self.bars[mood] = bar
            grid.addWidget(bar, row, 2)
        layout.addLayout(grid)
        self.picker = QComboBox()
        self.picker.addItem("Pick a mood…", None)
        for mood in EMOTIONS:
            self.picker.addItem(mood_icon(mood), mood.title(), mood)
        self.picker.setToolTip("Choose the mood by hand")
        self.picker.setAccessibleName("Pick a mood")
        self.picker.activated.connect(self._picked)
        layout.addWidget(self.picker)
        self.mode = QComboBox()
        for text, mode in (("Match my mood", "match"), ("Lift my mood toward happy", "lift-happy"),
                           ("Lift my mood toward calm", "lift-calm")):
            self.mode.addItem(text, mode)
        self.mode.setToolTip("Match: songs of the mood read from your face. Lift: start there, then one step "
                             "toward happy (or calm) every few songs")
        self.mode.setAccessibleName("Match or lift my mood")
        self.mode.currentIndexChanged.connect(lambda i: self.mode_chosen.emit(self.mode.itemData(i)))
        layout.addWidget(self.mode)
        self.journey_label = QLabel("")
        self.journey_label.setWordWrap(True)
        self.journey_label.setAccessibleName("Mood journey")
        layout.addWidget(self.journey_label)
        self.whose = QComboBox()
        self.whose.addItem("Read the closest face", False)
        self.whose.addItem("Read everyone in view (group mood)", True)
        self.whose.setToolTip("With several people in front of the camera: each face votes, and the group's "
                              "mood is the one most faces show")
        self.whose.setAccessibleName("Whose mood")
        self.whose.currentIndexChanged.connect(lambda i: self.everyone_toggled.emit(bool(self.whose.itemData(i))))
        layout.addWidget(self.whose)
        self.auto_redetect = QCheckBox("Detect again after each song")
        self.auto_redetect.setChecked(True)
        self.auto_redetect.setToolTip("When on, your mood is detected again at the end of every song")
        self.auto_redetect.toggled.connect(self.auto_redetect_toggled)
        layout.addWidget(self.auto_redetect)
        layout.addStretch(1)

    def restyle(self) -> None:
        """Style the bars again after the palette changed (style sheets read it when applied)."""
        for mood, bar in self.bars.items():
            bar.setStyleSheet("")
            bar.setStyleSheet(bar_style(mood))

    def _picked(self, index: int) -> None:
        mood = self.picker.itemData(index)
        if mood:
            self.mood_picked.emit(mood)

    # -- states -------------------------------------------------------------------------------
    def set_ready(self, ready: bool, text: str) -> None:
        self.detect_button.setEnabled(ready)
        self.progress.hide()
        self.status.setText(text)

    def set_running(self) -> None:
        self.detect_button.setEnabled(False)
        self.progress.show()
        self.status.setText("Detecting… look at the camera")

    def set_problem(self, text: str, can_retry: bool) -> None:
        """No face / camera unavailable / model error: a message, never a guessed mood."""
        self.progress.hide()
        self.detect_button.setEnabled(can_retry)
        self.status.setText(text)

    def show_result(self, result) -> None:
        self.progress.hide()
        self.detect_button.setEnabled(True)
        votes = result.votes.get(result.mood, 0)
        self.status.setText(f"Detected. {result.note}." if result.note else "Detected")
        if result.group:
            faces = ", ".join(face.mood for face in result.faces)
            self.vote_label.setText(f"Group vote: {votes} of {len(result.faces)} faces")
            self.faces_label.setText(f"{len(result.faces)} faces, left to right: {faces}")
        else:
            self.vote_label.setText(f"Vote: {votes} of {result.frames} frames")
            self.faces_label.setText(f"Face found in {result.frames_with_face} of {result.frames} frames")
        for mood, bar in self.bars.items():
            bar.setValue(round(100 * float(result.probabilities.get(mood, 0.0))))

    def clear_result(self, text: str) -> None:
        self.vote_label.setText("")
        self.faces_label.setText(text)
        for bar in self.bars.values():
            bar.setValue(0)

    def show_mood(self, mood: str, source: str) -> None:
        how = {"detected": "detected", "picked": "picked by hand", "restored": "from last time",
               "lift": "a step toward your target"}.get(source, source)
        self.mood_label.setText(f"Mood: {mood.title()} ({how})")
        self.mood_icon.setPixmap(mood_pixmap(mood, 28))
        self.picker.setCurrentIndex(max(0, self.picker.findData(mood)))
