"""Now playing (tags, cover) and the transport: play/pause, stop, previous, next, seek, volume, mute."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QSlider, QStyle, QStyleOptionSlider, QToolButton,
                               QToolTip, QVBoxLayout, QWidget)

from moodplayer.library.track import Track, format_duration
from moodplayer.ui.icons import glyph_icon
from moodplayer.ui.widgets.elided_label import ElidedLabel

SEEK_STEPS_PER_S = 10  # slider units per second


def _button(glyph: str, name: str, tip: str) -> QToolButton:
    """A transport button; its icon (ui/icons.py) is drawn in the palette's button text colour."""
    button = QToolButton()
    button.setProperty("glyph", glyph)
    button.setIconSize(QSize(24, 24))
    button.setToolTip(tip)
    button.setAccessibleName(name)
    return button


class SeekSlider(QSlider):
    """A slider that jumps to where it is clicked (as in every player), then drags from there.

    QSlider's own click on the groove moves one page towards the mouse, and the next position
    update put the knob back.
    """

    clicked_to = Signal(int)  # the value under the click

    def __init__(self, *args):
        super().__init__(*args)
        self.setMouseTracking(True)  # the time under the mouse follows it (mouseMoveEvent)

    def _parts(self):
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self)
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self)
        return option, handle, groove

    def value_at(self, point) -> int:
        """The value a click at ``point`` (in the slider) goes to."""
        option, handle, groove = self._parts()
        span = max(1, groove.width() - handle.width())
        offset = point.x() - groove.x() - handle.width() // 2
        return QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), offset, span, option.upsideDown)

    def time_at(self, point) -> str:
        """"1:23": where in the song a click at ``point`` plays from."""
        return format_duration(self.value_at(point) / SEEK_STEPS_PER_S)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            point = event.position().toPoint()
            if not self._parts()[1].contains(point):
                value = self.value_at(point)
                self.setValue(value)
                self.clicked_to.emit(value)
        super().mousePressEvent(event)  # the knob is under the mouse now: a drag may follow

    def _hover_text(self, point) -> str:
        """The time under the mouse (while dragging, the knob's), with the keys."""
        at = format_duration(self.value() / SEEK_STEPS_PER_S) if self.isSliderDown() else self.time_at(point)
        return f"{at} (Left/Right: 5 s)"

    def mouseMoveEvent(self, event) -> None:
        # As in most players: the time under the mouse, as it moves.
        if self.maximum() > self.minimum():
            QToolTip.showText(event.globalPosition().toPoint(), self._hover_text(event.position().toPoint()), self)
        super().mouseMoveEvent(event)

    def event(self, event) -> bool:
        # The tooltip Qt shows after a pause says the time there too, not the slider's fixed words.
        if event.type() == QEvent.Type.ToolTip and self.maximum() > self.minimum():
            QToolTip.showText(event.globalPos(), self._hover_text(event.pos()), self)
            return True
        return super().event(event)


class PlayerBar(QWidget):
    play_pause_clicked = Signal()
    stop_clicked = Signal()
    previous_clicked = Signal()
    next_clicked = Signal()
    seek_requested = Signal(float)  # seconds
    volume_requested = Signal(int)  # 0-100
    mute_toggled = Signal(bool)
    like_clicked = Signal()
    dislike_clicked = Signal()
    remaining_toggled = Signal(bool)  # the time right of the seek bar: time left (True) or length

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QHBoxLayout(self)
        self.cover = QLabel()
        self.cover.setFixedSize(72, 72)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet("background:#303134;color:#9aa0a6;")
        self.cover.setText("♪")
        self.cover.setAccessibleName("Cover art")
        outer.addWidget(self.cover)
        info = QVBoxLayout()
        # Elided, not wrapped or widened: a long title must not move the transport or grow the window.
        self.title = ElidedLabel("Nothing playing")
        font = self.title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.title.setAccessibleName("Title")
        self.details = ElidedLabel("")
        self.details.setAccessibleName("Artist and album")
        info.addWidget(self.title)
        info.addWidget(self.details)
        seek_row = QHBoxLayout()
        self.elapsed = QLabel("0:00")
        self.seek = SeekSlider(Qt.Orientation.Horizontal)
        self.seek.setAccessibleName("Seek")
        self.seek.setToolTip("Position in the song (Left/Right: 5 s)")
        self.seek.setRange(0, 0)
        self.seek.sliderReleased.connect(lambda: self.seek_requested.emit(self.seek.value() / SEEK_STEPS_PER_S))
        self.seek.clicked_to.connect(lambda value: self.seek_requested.emit(value / SEEK_STEPS_PER_S))
        self.total = QLabel("--:--")
        self.total.setToolTip("Click: time left / length of the song")
        self.total.setCursor(Qt.CursorShape.PointingHandCursor)
        self.total.installEventFilter(self)
        self.show_remaining = False  # the time right of the seek bar counts down
        self._position, self._duration = 0.0, 0.0
        for label in (self.elapsed, self.total):  # "--:--", "0:01", "12:34", "-12:34": the seek bar does not move
            label.setMinimumWidth(max(label.fontMetrics().horizontalAdvance(t) for t in ("--:--", "-00:00")))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        seek_row.addWidget(self.elapsed)
        seek_row.addWidget(self.seek, 1)
        seek_row.addWidget(self.total)
        info.addLayout(seek_row)
        outer.addLayout(info, 1)
        controls = QGridLayout()
        self.previous = _button("previous", "Previous", "Previous track (Ctrl+Left)")
        self.play = _button("play", "Play", "Play / pause (Space)")
        self.stop = _button("stop", "Stop", "Stop")
        self.next = _button("next", "Next", "Next track (Ctrl+Right)")
        self.mute = _button("volume", "Mute", "Mute (M)")
        self.mute.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(110)
        self.volume.setAccessibleName("Volume")
        self.volume.setToolTip("Volume (Ctrl+Up / Ctrl+Down)")
        self.volume_label = QLabel("80%")
        # As wide as its widest text, so "100%" or "muted" never shifts the controls.
        metrics = self.volume_label.fontMetrics()
        self.volume_label.setFixedWidth(max(metrics.horizontalAdvance(t) for t in ("100%", "muted")) + 4)
        # Thumbs up / down on the playing song, for its mood (library/taste.py): drawn glyphs, no emoji font needed.
        self.like = QToolButton()
        self.like.setText("\u25b2 Like")
        self.like.setToolTip("I like this song for this mood: it comes up more often")
        self.like.setAccessibleName("Like")
        self.dislike = QToolButton()
        self.dislike.setText("\u25bc Play less often")
        self.dislike.setToolTip("Not this song for this mood, for now: it comes up less often")
        self.dislike.setAccessibleName("Play less often")
        for column, widget in enumerate((self.like, self.dislike, self.previous, self.play, self.stop, self.next,
                                         self.mute, self.volume, self.volume_label)):
            controls.addWidget(widget, 0, column)
        outer.addLayout(controls)
        self.previous.clicked.connect(self.previous_clicked)
        self.play.clicked.connect(self.play_pause_clicked)
        self.stop.clicked.connect(self.stop_clicked)
        self.next.clicked.connect(self.next_clicked)
        self.mute.toggled.connect(self.mute_toggled)
        self.like.clicked.connect(self.like_clicked)
        self.dislike.clicked.connect(self.dislike_clicked)
        self.volume.valueChanged.connect(self.volume_requested)
        self._draw_icons()

    def _draw_icons(self) -> None:
        for button in (self.previous, self.play, self.stop, self.next, self.mute):
            button.setIcon(glyph_icon(button.property("glyph"), self.palette()))

    def changeEvent(self, event) -> None:
        # View > Theme, or the desktop's colour scheme: the icons follow the new palette.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._draw_icons()
        super().changeEvent(event)

    def show_track(self, track: Track | None, cover: bytes | None = None) -> None:
        if track is None:
            self.title.setText("Nothing playing")
            self.details.setText("")
            self._position, self._duration = 0.0, 0.0
            self._show_total()
        else:
            self.title.setText(track.display_title)
            # Without tags the title line shows the file name already: it is not repeated here.
            parts = [p for p in (track.artist, track.album) if p]
            mood = f"mood: {track.mood}" if track.mood else ""
            self.details.setText("  ·  ".join(part for part in (" — ".join(parts), mood) if part))
            self._position, self._duration = 0.0, track.duration_s or 0.0
            self._show_total()
        pixmap = QPixmap()
        if cover and pixmap.loadFromData(cover):
            self.cover.setPixmap(pixmap.scaled(self.cover.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
        else:
            self.cover.setPixmap(QPixmap())
            self.cover.setText("♪")

    def show_position(self, position: float, duration: float) -> None:
        self._position = position
        if duration > 0:
            self.seek.setMaximum(int(duration * SEEK_STEPS_PER_S))
            self._duration = duration
        if duration > 0 or self.show_remaining:
            self._show_total()
        if not self.seek.isSliderDown():
            self.seek.setValue(int(position * SEEK_STEPS_PER_S))
        self.elapsed.setText(format_duration(position))

    def set_show_remaining(self, on: bool) -> None:
        """The time right of the seek bar: time left ("-1:23") or the song's length."""
        self.show_remaining = on
        self._show_total()

    def _show_total(self) -> None:
        if self._duration <= 0:
            self.total.setText("--:--")
        elif self.show_remaining:
            self.total.setText("-" + format_duration(max(0.0, self._duration - self._position)))
        else:
            self.total.setText(format_duration(self._duration))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.total and event.type() == QEvent.Type.MouseButtonRelease:
            self.set_show_remaining(not self.show_remaining)
            self.remaining_toggled.emit(self.show_remaining)
            return True
        return super().eventFilter(watched, event)

    def show_playing(self, playing: bool) -> None:
        self.play.setProperty("glyph", "pause" if playing else "play")
        self.play.setIcon(glyph_icon(self.play.property("glyph"), self.palette()))
        self.play.setAccessibleName("Pause" if playing else "Play")

    def show_level(self, db: float, mode: str, source: str = "tags",
                   measuring: tuple[int, int] | None = None) -> None:
        """The song's levelling, a hover away on the volume slider: ``source`` "tags" (ReplayGain),
        "measured" (its loudness, measured here), "measured album" (its album's) or "" (neither);
        ``measuring`` (done, total) while songs without tags are being measured."""
        tip = "Volume (Ctrl+Up / Ctrl+Down)"
        if mode != "off":
            how = "by song" if mode == "track" else "by album"
            if source.startswith("measured"):
                whose = "its album's loudness" if source == "measured album" else "its loudness"
                how = "by album" if source == "measured album" else "by song"
                tip += f". This song is levelled {db:+.1f} dB ({how}, {whose} measured: no ReplayGain tags)"
            elif source:
                tip += f". This song is levelled {db:+.1f} dB ({how})" if db else ". This song needs no levelling"
            else:
                tip += f". This song plays as it is (no ReplayGain tags to level it {how}, not measured yet)"
            if measuring is not None:
                tip += f". Measuring the loudness of songs without tags: {measuring[0]:,} of {measuring[1]:,}"
        self.volume.setToolTip(tip)

    def show_volume(self, volume: int, muted: bool) -> None:
        self.volume.blockSignals(True)
        self.volume.setValue(volume)
        self.volume.blockSignals(False)
        self.mute.blockSignals(True)
        self.mute.setChecked(muted)
        self.mute.blockSignals(False)
        self.mute.setProperty("glyph", "muted" if muted else "volume")
        self.mute.setIcon(glyph_icon(self.mute.property("glyph"), self.palette()))
        self.mute.setAccessibleName("Unmute" if muted else "Mute")
        self.volume_label.setText("muted" if muted else f"{volume}%")
