"""Edit tags…: a song's title, artist, album and languages (what the window shows, filters by and
plays by), written into the song by library/tag_writer.py when the listener saves."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from moodplayer.domain.paths import display_name
from moodplayer.library.languages import normalise
from moodplayer.library.track import Track


class TagDialog(QDialog):
    def __init__(self, track: Track, parent=None):
        super().__init__(parent)
        self.track = track
        self.setWindowTitle(f"Edit tags: {display_name(track.path)}")
        layout = QVBoxLayout(self)
        name = QLabel(f"File: {display_name(track.path)}")
        name.setWordWrap(True)
        layout.addWidget(name)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label, value in (("title", "&Title", track.title), ("artist", "&Artist", track.artist),
                                  ("album", "Al&bum", track.album),
                                  ("languages", "&Languages", ", ".join(track.languages))):
            field = QLineEdit(value)
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(label, field)
            self.fields[key] = field
        self.fields["languages"].setPlaceholderText("codes, e.g. en, fr (zxx: no words)")
        layout.addLayout(form)
        note = QLabel("Saved into the song file; an emptied field removes that tag.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, object]:
        """The fields the listener changed, as tag_writer.write_tags takes them (untouched ones are
        not rewritten: a WAV's title from RIFF INFO stays where it is)."""
        changed: dict[str, object] = {}
        for key in ("title", "artist", "album"):
            text = self.fields[key].text().strip()
            if text != getattr(self.track, key):
                changed[key] = text
        languages = list(normalise([self.fields["languages"].text()]))
        if tuple(languages) != self.track.languages:
            changed["languages"] = languages
        return changed
