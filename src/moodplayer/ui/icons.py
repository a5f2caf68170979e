"""The transport's and the mood folders' marks, drawn in the palette's own text colours.

The style's standard icons (QStyle.SP_MediaPlay...) are fixed, near-black pictures: on the dark
theme's grey they measured about 1.2:1 (WCAG asks 3:1 of an icon). These are drawn from simple
shapes in the colour the palette gives text on the same background, so they follow the theme,
light, dark or the desktop's, and are redrawn when the palette changes (``glyph_icon`` is cheap).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

GLYPHS = ("play", "pause", "stop", "previous", "next", "volume", "muted")
SIZES = (16, 24, 32)
RATIO = 2  # drawn at twice the size: sharp on high-density screens too


def _triangle(path: QPainterPath, left: float, right: float, top: float, bottom: float, pointing_right=True):
    middle = (top + bottom) / 2
    if pointing_right:
        path.moveTo(left, top)
        path.lineTo(right, middle)
        path.lineTo(left, bottom)
    else:
        path.moveTo(right, top)
        path.lineTo(left, middle)
        path.lineTo(right, bottom)
    path.closeSubpath()


def _shape(name: str, s: float) -> QPainterPath:
    """The glyph's filled outline in an ``s`` x ``s`` square."""
    path = QPainterPath()
    if name == "play":
        _triangle(path, 0.25 * s, 0.82 * s, 0.16 * s, 0.84 * s)
    elif name == "pause":
        path.addRect(QRectF(0.24 * s, 0.18 * s, 0.18 * s, 0.64 * s))
        path.addRect(QRectF(0.58 * s, 0.18 * s, 0.18 * s, 0.64 * s))
    elif name == "stop":
        path.addRect(QRectF(0.22 * s, 0.22 * s, 0.56 * s, 0.56 * s))
    elif name == "next":
        _triangle(path, 0.18 * s, 0.66 * s, 0.2 * s, 0.8 * s)
        path.addRect(QRectF(0.66 * s, 0.2 * s, 0.14 * s, 0.6 * s))
    elif name == "previous":
        _triangle(path, 0.34 * s, 0.82 * s, 0.2 * s, 0.8 * s, pointing_right=False)
        path.addRect(QRectF(0.2 * s, 0.2 * s, 0.14 * s, 0.6 * s))
    elif name in ("volume", "muted"):
        path.moveTo(0.12 * s, 0.38 * s)
        path.lineTo(0.3 * s, 0.38 * s)
        path.lineTo(0.52 * s, 0.18 * s)
        path.lineTo(0.52 * s, 0.82 * s)
        path.lineTo(0.3 * s, 0.62 * s)
        path.lineTo(0.12 * s, 0.62 * s)
        path.closeSubpath()
    else:
        raise ValueError(f"no glyph {name!r}; known: {', '.join(GLYPHS)}")
    return path


def glyph_pixmap(name: str, colour: QColor, size: int = 16) -> QPixmap:
    s = float(size * RATIO)
    pixmap = QPixmap(int(s), int(s))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(_shape(name, s))
    pen = QPen(colour, 0.08 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if name == "volume":  # two sound waves
        for radius in (0.14, 0.28):
            painter.drawArc(QRectF((0.52 - radius) * s, (0.5 - radius) * s, 2 * radius * s, 2 * radius * s),
                            -50 * 16, 100 * 16)
    elif name == "muted":  # a cross where the waves were
        painter.drawLine(QPointF(0.64 * s, 0.36 * s), QPointF(0.9 * s, 0.64 * s))
        painter.drawLine(QPointF(0.9 * s, 0.36 * s), QPointF(0.64 * s, 0.64 * s))
    painter.end()
    pixmap.setDevicePixelRatio(RATIO)
    return pixmap


def glyph_icon(name: str, palette: QPalette, role: QPalette.ColorRole = QPalette.ColorRole.ButtonText) -> QIcon:
    """``name`` in the palette's ``role`` colour (ButtonText on buttons, Text in lists), with the
    disabled and selected looks the palette gives text."""
    icon = QIcon()
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, role)
    for size in SIZES:
        icon.addPixmap(glyph_pixmap(name, palette.color(role), size), QIcon.Mode.Normal)
        icon.addPixmap(glyph_pixmap(name, palette.color(role), size), QIcon.Mode.Active)
        icon.addPixmap(glyph_pixmap(name, selected, size), QIcon.Mode.Selected)
        icon.addPixmap(glyph_pixmap(name, disabled, size), QIcon.Mode.Disabled)
    return icon
