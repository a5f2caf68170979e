"""Mood > Edit lift paths…: the steps from each mood toward the target, e.g. "sad > neutral > happy"."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.lift import DEFAULT_PATHS


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
            form.addRow(start.title(), field)
            self.fields[start] = field
            self._original[start] = text
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def edited(self) -> dict[str, str]:
        """start mood -> new path text, for the fields the user changed."""
        return {start: field.text() for start, field in self.fields.items() if field.text() != self._original[start]}
