"""Mood > Languages…: limit the mood folders' songs to some languages (read from the tags)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from moodplayer.library.languages import UNTAGGED, LanguageFilter, language_name


class LanguageDialog(QDialog):
    def __init__(self, counts: dict[str, int], current: LanguageFilter, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Languages")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Play songs in these languages (from the songs' tags).\n"
                                "Remembered for this music folder."))
        self.list = QListWidget()
        self.list.setAccessibleName("Languages")
        codes = list(counts) + ([UNTAGGED] if UNTAGGED not in counts else [])
        for code in codes:
            item = QListWidgetItem(f"{language_name(code)} ({counts.get(code, 0)} songs)")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = not current.active or code in current.languages
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        every = QPushButton("Every language")
        every.clicked.connect(lambda: self._check_all(True))
        layout.addWidget(every)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check_all(self, on: bool) -> None:
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> LanguageFilter:
        """The filter the boxes say; every box ticked means no filter."""
        items = [self.list.item(row) for row in range(self.list.count())]
        ticked = {i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked}
        if len(ticked) == len(items):
            return LanguageFilter()
        return LanguageFilter(frozenset(ticked))
