"""Mood > Edit lift paths…: the steps from each mood toward the target, e.g. "sad > neutral > happy".

Each field is checked when OK is pressed: a path that is not one (an unknown mood, a repeat, the
wrong start or end) keeps the dialog open with the field marked and the reason under the form,
so the other edits are not lost."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.lift import DEFAULT_PATHS, check_path, parse_path
from moodplayer.ui.theme import legible

PROBLEM_COLOUR = "#c62828"


class LiftPathDialog(QDialog):
    def __init__(self, journey, parent=None):
        super().__init__(parent)
        self.target = journey.target or "happy"
        self.setWindowTitle(f"Lift paths toward {self.target}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"From each mood, the moods to play on the way to {self.target}, separated by "
                                f"'>'. Each step lasts {journey.songs_per_step} songs."))
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self._original: dict[str, str] = {}
        for start in EMOTIONS:
            if start == self.target:
                continue
            steps = journey.paths.get(self.target, {}).get(start) or DEFAULT_PATHS[self.target][start]
            text = " > ".join(steps)
            field = QLineEdit(text)
            field.setAccessibleName(f"Path from {start}")
            field.textEdited.connect(lambda _text, f=field: self._mark(f, ""))
            form.addRow(start.title(), field)
            self.fields[start] = field
            self._original[start] = text
        layout.addLayout(form)
        self.problem = QLabel("")  # why OK did not close the dialog
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def edited(self) -> dict[str, str]:
        """start mood -> new path text, for the fields the user changed."""
        return {start: field.text() for start, field in self.fields.items() if field.text() != self._original[start]}

    def problems(self) -> dict[str, str]:
        """start mood -> why its edited path is not a path from it to the target."""
        found = {}
        for start, text in self.edited().items():
            try:
                check_path(start, parse_path(text), self.target)
            except ValueError as error:
                found[start] = str(error)
        return found

    def accept(self) -> None:
        problems = self.problems()
        for start, field in self.fields.items():
            self._mark(field, problems.get(start, ""))
        if not problems:
            super().accept()
            return
        self.problem.setText("Not a path yet: " + "; ".join(f"{start.title()}: {why}"
                                                            for start, why in problems.items()))
        self.problem.setStyleSheet(f"color:{legible(PROBLEM_COLOUR, self.palette().window().color()).name()}")
        self.problem.show()
        self.fields[next(iter(problems))].setFocus()

    def _mark(self, field: QLineEdit, why: str) -> None:
        """A field whose path is refused: a border in the problem colour, the reason in its tooltip."""
        colour = legible(PROBLEM_COLOUR, self.palette().base().color(), 3.0).name()
        field.setStyleSheet(f"QLineEdit {{ border: 2px solid {colour}; }}" if why else "")
        field.setToolTip(why)
        field.setAccessibleDescription(why)
        field.setProperty("invalid", bool(why))
        if not why and not any(f.property("invalid") for f in self.fields.values()):
            self.problem.hide()
