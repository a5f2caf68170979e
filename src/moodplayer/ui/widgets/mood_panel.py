"""Detect mood (with progress and the vote), a bar per class, the manual picker and the re-detect toggle."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar,
                               QMenu, QPushButton, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout,
                               QWidget)

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.ui.mood_style import bar_style, mood_icon, mood_pixmap
from moodplayer.ui.widgets.elided_combo import ElidedComboBox
from moodplayer.ui.widgets.elided_label import ElidedLabel

REDETECT_TIP = "When on, your mood is detected again at the end of every song"


def _keep_place(widget: QWidget) -> None:
    """A widget that keeps its place in the layout while hidden (nothing below it moves)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


class FittingScrollArea(QScrollArea):
    """A scroll area that asks for its widget's whole height (QScrollArea caps its hint at 24 lines),
    so the layout gives the panel all it needs when the window has room, and scrolls only when not."""

    def sizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        hint = widget.sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        # As wide as the panel's narrowest, so a narrow window gives way elsewhere instead of
        # cutting the panel's right edge off (it scrolls up and down only); any height scrolls.
        widget = self.widget()
        if widget is None:
            return super().minimumSizeHint()
        width = widget.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, super().minimumSizeHint().height())


class MoodPanel(QGroupBox):
    detect_requested = Signal()
    mood_picked = Signal(str)
    auto_redetect_toggled = Signal(bool)
    everyone_toggled = Signal(bool)  # group mood on / off
    mode_chosen = Signal(str)  # "match" | "lift-happy" | "lift-calm"
    correction_chosen = Signal(str)  # "Not right? I'm actually feeling <mood>" (never the picker)

    def __init__(self, parent=None):
        super().__init__("Mood", parent)
        # Every row has a fixed place and one line (long texts are elided, in full in the tooltip),
        # so the panel keeps its height in every state and Detect never scrolls out of view.
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        self.detect_button = QPushButton("Detect mood")
        self.detect_button.setToolTip("Look at the camera and detect your mood (D)")
        self.detect_button.setAccessibleName("Detect mood")
        self.detect_button.clicked.connect(self.detect_requested)
        self.detect_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setAccessibleName("Detection in progress")
        self.progress.setTextVisible(False)
        _keep_place(self.progress)
        self.progress.hide()
        # "Not right?": after a detection of one face, the listener says what they really feel; the
        # correction adjusts later readings (qt/personal_calibration.py). Not the picker: picking a
        # mood means "play this", never "you misread me".
        self.correct_button = QToolButton()
        self.correct_button.setText("Not right?")
        self.correct_button.setToolTip("Tell MoodPlayer what you are really feeling (N): it learns your face "
                                       "(Edit > Forget my corrections… undoes it)")
        self.correct_button.setAccessibleName("Not right? Correct the detected mood")
        self.correct_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.correct_menu = QMenu(self.correct_button)
        self.correct_menu.addSection("I'm actually feeling…")
        for mood in EMOTIONS:
            action = self.correct_menu.addAction(mood_icon(mood), mood.title())
            action.triggered.connect(lambda _checked=False, m=mood: self.correction_chosen.emit(m))
        self.correct_button.setMenu(self.correct_menu)
        _keep_place(self.correct_button)
        self.correct_button.hide()
        detect_row = QHBoxLayout()
        detect_row.addWidget(self.detect_button)
        detect_row.addWidget(self.progress, 1)
        detect_row.addWidget(self.correct_button)
        layout.addLayout(detect_row)
        self.status = ElidedLabel("Loading the emotion model…", elide=Qt.TextElideMode.ElideRight)
        self.status.setAccessibleName("Detection status")
        layout.addWidget(self.status)
        self.mood_label = ElidedLabel("Mood: —", elide=Qt.TextElideMode.ElideRight)  # never widens the column
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
        self.vote_label = ElidedLabel("", elide=Qt.TextElideMode.ElideRight)
        self.faces_label = ElidedLabel("", elide=Qt.TextElideMode.ElideRight)  # "3 faces, left to right: ..."
        # The vote is short and says the most: it keeps its whole text where the column allows
        # ("Vote: 10 of 10 frames   Face found in 10 of 1…"); only the faces' line gives way.
        self.vote_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        reading_row = QHBoxLayout()
        reading_row.setSpacing(14)  # two readings side by side, not one run-on sentence
        reading_row.addWidget(self.vote_label)
        reading_row.addWidget(self.faces_label, 1)
        layout.addLayout(reading_row)
        grid = QGridLayout()
        grid.setVerticalSpacing(1)
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
        self.picker = ElidedComboBox()
        self.picker.addItem("Pick a mood…", None)
        for mood in EMOTIONS:
            self.picker.addItem(mood_icon(mood), mood.title(), mood)
        self.picker.setToolTip("Choose the mood by hand")
        self.picker.setAccessibleName("Pick a mood")
        self.picker.activated.connect(self._picked)
        self.mode = ElidedComboBox()
        for text, mode in (("Match my mood", "match"), ("Lift my mood toward happy", "lift-happy"),
                           ("Lift my mood toward calm", "lift-calm")):
            self.mode.addItem(text, mode)
        self.mode.setToolTip("Match: songs of the mood read from your face. Lift: start there, then one step "
                             "toward happy (or calm) every few songs")
        self.mode.setAccessibleName("Match or lift my mood")
        self.mode.currentIndexChanged.connect(lambda i: self.mode_chosen.emit(self.mode.itemData(i)))
        choices = QGridLayout()  # two columns: the four choices take two rows, not four
        for widget in (self.picker, self.mode):
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(8)  # elided in a narrow column instead of widening it
        choices.addWidget(self.picker, 0, 0)
        choices.addWidget(self.mode, 0, 1)
        self.journey_label = ElidedLabel("", elide=Qt.TextElideMode.ElideRight)  # its own line, empty in match mode
        self.journey_label.setAccessibleName("Mood journey")
        self.whose = ElidedComboBox()
        self.whose.addItem("Read the closest face", False)
        self.whose.addItem("Read everyone in view (group mood)", True)
        self.whose.setToolTip("With several people in front of the camera: each face votes, and the group's "
                              "mood is the one most faces show")
        self.whose.setAccessibleName("Whose mood")
        self.whose.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.whose.setMinimumContentsLength(8)
        self.whose.currentIndexChanged.connect(lambda i: self.everyone_toggled.emit(bool(self.whose.itemData(i))))
        self.auto_redetect = QCheckBox("Detect after each song")
        self.auto_redetect.setChecked(True)
        self.auto_redetect.setToolTip(REDETECT_TIP)
        self.auto_redetect.toggled.connect(self.auto_redetect_toggled)
        choices.addWidget(self.whose, 1, 0)
        choices.addWidget(self.auto_redetect, 1, 1)
        layout.addLayout(choices)
        layout.addWidget(self.journey_label)
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
        self.correct_button.hide()
        self.progress.show()
        self.status.setText("Detecting… look at the camera")

    def set_problem(self, text: str, can_retry: bool) -> None:
        """No face / camera unavailable / model error: a message, never a guessed mood."""
        self.progress.hide()
        self.correct_button.hide()
        self.detect_button.setEnabled(can_retry)
        self.status.setText(text)

    def show_result(self, result) -> None:
        self.progress.hide()
        self.detect_button.setEnabled(True)
        votes = result.votes.get(result.mood, 0)
        adjusted = getattr(result, "adjusted", False)
        status = "Detected (adjusted to you)" if adjusted else "Detected"
        if getattr(result, "unsure", False):
            status += f", unsure ({result.confidence:.0%})"
        self.status.setText(f"{status}. {result.note}." if result.note else status)
        # Only one listener's reading can be corrected: a group's is never adjusted.
        self.correct_button.setVisible(bool(getattr(result, "correctable", False)))
        if result.group:
            faces = ", ".join(face.mood for face in result.faces)
            self.vote_label.setText(f"Group vote: {votes} of {len(result.faces)} faces")
            self.faces_label.setText(f"{len(result.faces)} faces, left to right: {faces}")
        else:
            self.vote_label.setText(f"Vote: {votes} of {result.frames} frames")
            self.faces_label.setText(f"Face found in {result.frames_with_face} of {result.frames} frames")
        raw = getattr(result, "raw_probabilities", None) or result.probabilities
        for mood, bar in self.bars.items():
            shown = float(result.probabilities.get(mood, 0.0))
            bar.setValue(round(100 * shown))
            if adjusted:  # the unadjusted reading, a hover away
                bar.setToolTip(f"{mood.title()}: {shown:.0%} adjusted to you; the network's own reading "
                               f"{float(raw.get(mood, 0.0)):.0%}")
            elif result.group:
                bar.setToolTip(f"{mood.title()}: {shown:.0%}. Group readings are not adjusted: the "
                               "adjustment belongs to one listener")
            else:
                bar.setToolTip(f"{mood.title()}: {shown:.0%}")

    def clear_result(self, text: str) -> None:
        self.correct_button.hide()
        self.vote_label.setText("")
        self.faces_label.setText(text)
        for bar in self.bars.values():
            bar.setValue(0)

    def show_mood(self, mood: str, source: str) -> None:
        how = {"detected": "detected", "picked": "picked by hand", "restored": "from last time",
               "lift": "a step toward your target", "corrected": "corrected"}.get(source, source)
        self.mood_label.setText(f"Mood: {mood.title()} ({how})")
        self.mood_icon.setPixmap(mood_pixmap(mood, 28))
        self.picker.setCurrentIndex(max(0, self.picker.findData(mood)))
