"""The first-start dialog: where the music lives (seven mood folders are created there) and what
the camera is used for. Shown once, by app.main(), when there is no settings file yet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLayout,
                               QLineEdit, QPushButton, QVBoxLayout)

PRIVACY_TEXT = ("<b>Your camera and your privacy.</b> MoodPlayer uses the camera only while it shows the "
                "preview or detects your mood. Frames are analysed in memory on this computer: no image is "
                "ever saved or sent anywhere. You can always start without the camera (--no-camera) and "
                "pick a mood by hand.")
ONLY_TO_READ_TEXT = ("Open the camera only to read my mood (no live preview: its light is on for a few "
                     "seconds at each reading)")


class FirstRunDialog(QDialog):
    """Accepted: ``folder()`` is the chosen music folder. Rejected: demo mode until one is chosen.
    Either way ``only_to_read()`` is the camera's choice (Mood > Open the camera only to read my mood)."""

    def __init__(self, default_folder: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to MoodPlayer")
        layout = QVBoxLayout(self)
        intro = QLabel("MoodPlayer plays music that fits your mood. Choose the folder for your music: "
                       "MoodPlayer creates one folder per mood in it (angry, disgust, fear, happy, sad, surprise, "
                       "neutral). Drop songs on a mood in the window, or copy them into those folders.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(default_folder))
        self.folder_edit.setAccessibleName("Music folder")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.privacy = QLabel(PRIVACY_TEXT)
        self.privacy.setWordWrap(True)
        layout.addWidget(self.privacy)
        self.only_to_read_box = QCheckBox(ONLY_TO_READ_TEXT)
        layout.addWidget(self.only_to_read_box)
        demo = QLabel("Until your folder has songs, MoodPlayer plays its generated demo songs.")
        demo.setWordWrap(True)
        layout.addWidget(demo)
        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton("Use this folder", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton("Not now (demo mode)", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.folder_edit.textChanged.connect(lambda text: self.use_button.setEnabled(bool(text.strip())))
        # Word-wrapped labels get their height from their width: let the layout size the dialog, or
        # a too-short dialog clips them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the music folder", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def only_to_read(self) -> bool:
        return self.only_to_read_box.isChecked()

    @classmethod
    def ask(cls, default_folder: Path, parent=None) -> tuple[Path | None, bool]:
        """(the music folder, or None for demo mode; the camera opened only to read the mood)."""
        dialog = cls(default_folder, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.folder() if accepted else None), dialog.only_to_read()
