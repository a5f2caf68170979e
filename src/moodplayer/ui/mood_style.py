"""Each mood's colour and icon (a small drawn face), used the same way everywhere: the mood label,
the mood folders, the probability bars, the picker and the face box in the preview. Colour is
never the only sign: the mood's name is always written beside it."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

# Hues chosen to stay apart for the common colour-vision deficiencies, readable on light and dark.
MOOD_COLOURS = {
    "angry": "#d93025",
    "disgust": "#7cb342",
    "fear": "#8e24aa",
    "happy": "#f9a825",
    "sad": "#1e88e5",
    "surprise": "#00acc1",
    "neutral": "#78909c",
}


def mood_colour(mood: str | None) -> QColor:
    return QColor(MOOD_COLOURS.get(mood or "", "#78909c"))


def _mouth(mood: str, s: float) -> QPainterPath:
    path = QPainterPath()
    left, right, y = QPointF(0.3 * s, 0.68 * s), QPointF(0.7 * s, 0.68 * s), 0.68 * s
    if mood == "happy":
        path.moveTo(0.28 * s, 0.6 * s)
        path.quadTo(0.5 * s, 0.86 * s, 0.72 * s, 0.6 * s)
    elif mood in ("sad", "angry"):
        path.moveTo(0.3 * s, 0.76 * s)
        path.quadTo(0.5 * s, 0.56 * s, 0.7 * s, 0.76 * s)
    elif mood == "surprise":
        path.addEllipse(QPointF(0.5 * s, 0.7 * s), 0.08 * s, 0.11 * s)
    elif mood == "fear":
        path.moveTo(left)
        for i, x in enumerate((0.37, 0.44, 0.51, 0.58, 0.65, 0.7)):
            path.lineTo(x * s, y + (0.04 * s if i % 2 == 0 else -0.04 * s))
    elif mood == "disgust":
        path.moveTo(0.3 * s, 0.72 * s)
        path.lineTo(0.7 * s, 0.64 * s)
    else:  # neutral
        path.moveTo(left)
        path.lineTo(right)
    return path


@lru_cache(maxsize=64)
def mood_pixmap(mood: str, size: int = 16) -> QPixmap:
    """A round face in the mood's colour whose mouth (and brows for angry) shows the mood."""
    ratio = 2  # drawn at twice the size: sharp on high-density screens too
    s = float(size * ratio)
    pixmap = QPixmap(int(s), int(s))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(mood_colour(mood))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(0.04 * s, 0.04 * s, 0.92 * s, 0.92 * s))
    ink = QColor("#1b1b1f")
    painter.setBrush(ink)
    for x in (0.36, 0.64):
        painter.drawEllipse(QPointF(x * s, 0.4 * s), 0.065 * s, 0.065 * s)
    pen = QPen(ink, max(1.0, 0.075 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if mood == "angry":
        painter.drawLine(QPointF(0.24 * s, 0.24 * s), QPointF(0.44 * s, 0.32 * s))
        painter.drawLine(QPointF(0.76 * s, 0.24 * s), QPointF(0.56 * s, 0.32 * s))
    painter.drawPath(_mouth(mood, s))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def mood_icon(mood: str) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32):
        icon.addPixmap(mood_pixmap(mood, size))
    return icon


def bar_style(mood: str) -> str:
    """A probability bar in the mood's colour (the percentage is written on it)."""
    colour = MOOD_COLOURS.get(mood, "#78909c")
    # The whole bar is styled (not only the chunk), so that it follows the palette, light or dark.
    return ("QProgressBar { border: 1px solid palette(mid); border-radius: 3px; background: palette(base);"
            " color: palette(text); text-align: right; padding-right: 4px; }"
            f" QProgressBar::chunk {{ background: {colour}; border-radius: 2px; }}")
