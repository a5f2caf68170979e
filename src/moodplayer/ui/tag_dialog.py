"""Edit tags…: the title, artist, album, languages, track and disc numbers of one song or several
(what the window shows, filters, sorts and plays by), written into the songs by
library/tag_writer.py when the listener saves."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from moodplayer.domain.paths import display_name
from moodplayer.library.languages import normalise
from moodplayer.library.track import Track

FIELDS = (("title", "&Title"), ("artist", "&Artist"), ("album", "Al&bum"), ("track_number", "T&rack number"),
          ("disc_number", "&Disc number"), ("languages", "&Languages"))
NUMBERS = ("track_number", "disc_number")
MAX_NUMBER = 9999


def _value(track: Track, key: str) -> str:
    if key == "languages":
        return ", ".join(track.languages)
    if key in NUMBERS:
        return str(getattr(track, key) or "")
    return getattr(track, key)


class TagDialog(QDialog):
    def __init__(self, tracks: list[Track], parent=None):
        super().__init__(parent)
        self.tracks = list(tracks)
        one = len(self.tracks) == 1
        self.setWindowTitle(f"Edit tags: {display_name(self.tracks[0].path)}" if one
                            else f"Edit tags: {len(self.tracks)} songs")
        layout = QVBoxLayout(self)
        what = QLabel(f"File: {display_name(self.tracks[0].path)}" if one else
                      f"{len(self.tracks)} songs: a field you fill in is set in each of them; one left "
                      "as it shows stays as each song has it.")
        what.setWordWrap(True)
        layout.addWidget(what)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.shared: dict[str, str | None] = {}  # each field's value in every song, None where they differ
        for key, label in FIELDS:
            values = {_value(track, key) for track in self.tracks}
            self.shared[key] = values.pop() if len(values) == 1 else None
            field = QLineEdit(self.shared[key] or "")
            field.setAccessibleName(label.replace("&", ""))
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("x" * 44))  # a long title, a hint
            if key in NUMBERS:
                field.setValidator(QIntValidator(1, MAX_NUMBER, field))
            if key == "track_number" and not one:
                # One number for a whole selection is never an album's order.
                field.setEnabled(False)
                field.setPlaceholderText("(one song at a time)")
            elif self.shared[key] is None:
                field.setPlaceholderText("(different in these songs: left as they are)")
            elif key == "languages":
                field.setPlaceholderText("codes or names, e.g. en, French (zxx: no words)")
            form.addRow(label, field)
            self.fields[key] = field
        layout.addLayout(form)
        note = QLabel("Saved into the song files; an emptied field removes that tag.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.problem = QLabel()  # why Save did not close the dialog
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Save, unless a number field holds what is not a track or disc number ("0"): then the
        dialog stays open with that field in focus, and says why."""
        for key in NUMBERS:
            field = self.fields[key]
            if field.isEnabled() and field.text().strip() and not field.hasAcceptableInput():
                self.problem.setText(f"{field.accessibleName()}: a number from 1 to {MAX_NUMBER}, or empty to "
                                     "remove it.")
                self.problem.show()
                field.setFocus()
                return
        super().accept()

    def changes(self) -> dict[str, object]:
        """The fields the listener changed, as tag_writer.write_tags takes them, for every song: a
        field left as it showed is not rewritten (a WAV's title from RIFF INFO stays where it is),
        and one that differs between the songs changes only when filled in."""
        changed: dict[str, object] = {}
        for key, _label in FIELDS:
            text, shared = self.fields[key].text().strip(), self.shared[key]
            if key in NUMBERS:
                if self.fields[key].isEnabled() and (shared is None and text or shared is not None and text != shared):
                    changed[key] = int(text) if text else None
            elif key == "languages":
                languages = list(normalise([text]))
                if (shared is None and languages) or (shared is not None and languages != list(normalise([shared]))):
                    changed[key] = languages
            elif (shared is None and text) or (shared is not None and text != shared):
                changed[key] = text
        return changed
