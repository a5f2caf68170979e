"""Light and dark palettes. "system" (the default) leaves Qt's own style, which follows the
desktop's colour scheme where the platform reports one; "light" and "dark" choose explicitly
(View > Theme), e.g. on a desktop that does not say, or for screenshots."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from moodplayer.settings import THEMES


_DARK = {
    QPalette.ColorRole.Window: "#2b2b2f", QPalette.ColorRole.WindowText: "#e8e8ea",
    QPalette.ColorRole.Base: "#1f1f23", QPalette.ColorRole.AlternateBase: "#2a2a2e",
    QPalette.ColorRole.ToolTipBase: "#3a3a40", QPalette.ColorRole.ToolTipText: "#f0f0f2",
    QPalette.ColorRole.PlaceholderText: "#9a9aa2", QPalette.ColorRole.Text: "#e8e8ea",
    QPalette.ColorRole.Button: "#36363b", QPalette.ColorRole.ButtonText: "#e8e8ea",
    QPalette.ColorRole.BrightText: "#ff6b6b", QPalette.ColorRole.Highlight: "#3d7bd9",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#8ab4f8",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a82"))
    return palette


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black .. 1 white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG 2 contrast ratio, 1 .. 21 (AA asks 4.5 for text, 3 for icons and marks)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def legible(colour: QColor | str, background: QColor, minimum: float = 4.5) -> QColor:
    """``colour`` made lighter or darker (same hue) until it reads on ``background``: a green
    "done" or a red "problem" stays green or red in the light and the dark theme alike."""
    colour = QColor(colour)
    towards_white = luminance(background) < 0.18
    hue, saturation, lightness = colour.hslHueF(), colour.hslSaturationF(), colour.lightnessF()
    while contrast(colour, background) < minimum and 0.0 < lightness < 1.0:
        lightness = min(1.0, lightness + 0.02) if towards_white else max(0.0, lightness - 0.02)
        colour = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
    return colour


def dim_colour(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """Text that steps back (a song the language filter skips, an unreadable file, a note):
    halfway between the text and its ``background``, still readable on it (4.5:1)."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(background)
    middle = QColor.fromRgbF((text.redF() + base.redF()) / 2, (text.greenF() + base.greenF()) / 2,
                             (text.blueF() + base.blueF()) / 2)
    return legible(middle, base)


_system_style: str | None = None
_system_palette: QPalette | None = None


def apply_theme(name: str, app: QApplication | None = None) -> str:
    """Apply a theme by name (unknown names mean "system"); returns the name applied."""
    global _system_style, _system_palette
    app = app or QApplication.instance()
    if app is None:
        return "system"
    if _system_style is None:
        _system_style, _system_palette = app.style().name(), QPalette(app.palette())
    name = name if name in THEMES else "system"
    if name == "system":
        app.setStyle(QStyleFactory.create(_system_style) or app.style())
        app.setPalette(_system_palette)
    else:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(readable(dark_palette() if name == "dark" else app.style().standardPalette()))
    return name


def readable(palette: QPalette) -> QPalette:
    """Our light and dark palettes, each pair WCAG AA (4.5:1): the selection's blue darkened under
    its white text (Fusion's light one measured 3.7:1), placeholder text (the queue's lengths) dim
    but readable (Fusion's light one is plain black)."""
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, role.Highlight, legible(palette.color(group, role.Highlight),
                                                        palette.color(group, role.HighlightedText)))
        palette.setColor(group, role.PlaceholderText, dim_colour(palette))
    return palette
