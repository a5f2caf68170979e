"""Playback > Equalizer > Custom…: the listener's own equalizer, one slider per band of the engine
and a preamp, as VLC's and Strawberry's equalizers have. Every move is heard at once; Cancel puts
back what played before, OK keeps the bands (the window saves them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QSlider, QVBoxLayout)

from moodplayer.playback.base import PlayerError
from moodplayer.playback.equalizer import BAND_RANGE_DB, CUSTOM, CUSTOM_PREAMP_RANGE_DB, CustomEqualizer, band_label

STEPS_PER_DB = 10  # the sliders move by tenths of a dB (a click of the arrow keys: half a dB)


def _slider(low_db: float, high_db: float, name: str) -> QSlider:
    slider = QSlider(Qt.Orientation.Vertical)
    slider.setRange(round(low_db * STEPS_PER_DB), round(high_db * STEPS_PER_DB))
    slider.setSingleStep(STEPS_PER_DB // 2)
    slider.setPageStep(3 * STEPS_PER_DB)
    slider.setTickPosition(QSlider.TickPosition.TicksBothSides)
    slider.setTickInterval(10 * STEPS_PER_DB)
    slider.setMinimumHeight(160)
    slider.setAccessibleName(name)
    return slider


def _db_text(db: float) -> str:
    return f"{db:+.1f}" if db else "0.0"


class EqualizerDialog(QDialog):
    def __init__(self, player, parent=None):
        """``player``: the QtPlayer (its engine must have an equalizer)."""
        super().__init__(parent)
        self.player = player
        engine = player.player
        self._before = (engine.equalizer, engine.custom_equalizer)
        self.setWindowTitle("Equalizer")
        bands_hz = player.equalizer_bands_hz()
        self.start_from = QComboBox()
        self.start_from.setAccessibleName("Start from a preset")
        self.start_from.addItem("Start from a preset…")
        self.start_from.addItems(list(player.equalizer_presets()))
        self.start_from.activated.connect(self._start_from_preset)
        self.preamp = _slider(*CUSTOM_PREAMP_RANGE_DB, "Preamp")
        self.bands = [_slider(*BAND_RANGE_DB, band_label(hz)) for hz in bands_hz]
        self.values = [QLabel() for _ in range(len(self.bands) + 1)]
        grid = QGridLayout()
        for index, (slider, name) in enumerate(zip([self.preamp, *self.bands], ["Preamp", *map(band_label, bands_hz)])):
            column = index + (index > 0)  # an empty column sets the preamp apart: its scale differs
            self.values[index].setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(self.values[index], 0, column)
            grid.addWidget(slider, 1, column, Qt.AlignmentFlag.AlignHCenter)
            label = QLabel(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 2, column)
            slider.valueChanged.connect(self._changed)
        grid.setColumnMinimumWidth(0, 64)
        grid.setColumnMinimumWidth(1, 24)
        self.clipping = QLabel()
        self.clipping.setWordWrap(True)
        self.reset_button = QPushButton("Flat")
        self.reset_button.setToolTip("Every band and the preamp at 0 dB: the song as it is")
        self.reset_button.clicked.connect(lambda: self.show_bands(CustomEqualizer.flat(len(self.bands))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Each band's gain in dB; every change is heard at once."), 1)
        top.addWidget(self.start_from)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.clipping)
        layout.addWidget(buttons)
        self._showing = False
        self.show_bands(self._starting_bands())

    def _starting_bands(self) -> CustomEqualizer:
        """The custom bands playing, else the preset playing (a start to change), else the custom bands
        kept from before, else flat."""
        equalizer, custom = self._before
        if equalizer and equalizer != CUSTOM:
            return self.player.preset_equalizer(equalizer)
        if custom is not None and len(custom.bands_db) == len(self.bands):
            return custom
        return CustomEqualizer.flat(len(self.bands))

    def show_bands(self, custom: CustomEqualizer) -> None:
        """Sets the sliders to ``custom`` and plays it."""
        self._showing = True  # one change to the sound, not one per slider
        try:
            self.preamp.setValue(round(custom.preamp_db * STEPS_PER_DB))
            for slider, gain in zip(self.bands, custom.bands_db):
                slider.setValue(round(gain * STEPS_PER_DB))
        finally:
            self._showing = False
        self._changed()

    def custom(self) -> CustomEqualizer:
        """The bands as the sliders show them."""
        return CustomEqualizer(self.preamp.value() / STEPS_PER_DB,
                               tuple(slider.value() / STEPS_PER_DB for slider in self.bands))

    def _start_from_preset(self, index: int) -> None:
        if index > 0:
            self.show_bands(self.player.preset_equalizer(self.start_from.itemText(index)))
        self.start_from.setCurrentIndex(0)

    def _changed(self) -> None:
        if self._showing:
            return
        custom = self.custom()
        for label, db in zip(self.values, (custom.preamp_db, *custom.bands_db)):
            label.setText(_db_text(db))
        over = custom.headroom_db
        self.clipping.setText(
            f"Raised bands can make loud songs clip: a preamp of {custom.preamp_db - over:+.1f} dB avoids it."
            if over > 0 else "")
        self.player.set_custom_equalizer(custom)

    def reject(self) -> None:
        """Cancel."""
        self.restore()
        super().reject()

    def restore(self) -> None:
        """The equalizer as it was before the dialog opened."""
        equalizer, custom = self._before
        try:
            if custom is not None:
                self.player.set_custom_equalizer(custom)
            self.player.set_equalizer(equalizer)
        except PlayerError:  # what played before was accepted by this engine: only a bug gets here
            self.player.set_equalizer("")
        self.player.player.custom_equalizer = custom  # no trace of the bands tried
