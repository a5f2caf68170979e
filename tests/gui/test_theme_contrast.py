"""Both themes read: every text colour of the palette has WCAG AA contrast on its background (4.5:1),
and the icons and marks drawn from it (the transport, the playing song's mark) 3:1 — computed from
the colours and the icons' own pixels, not looked at."""

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from moodplayer.playback.base import PlayerState
from moodplayer.ui.theme import contrast, dim_colour, legible

Role = QPalette.ColorRole
TEXT_PAIRS = [(Role.Text, Role.Base), (Role.Text, Role.AlternateBase), (Role.WindowText, Role.Window),
              (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
              (Role.PlaceholderText, Role.Base), (Role.ToolTipText, Role.ToolTipBase), (Role.Link, Role.Base)]


def drawn_colours(icon: QIcon, mode=QIcon.Mode.Normal) -> set[str]:
    """The colours of an icon's opaque pixels (its edges are blended: left out)."""
    image = icon.pixmap(QSize(24, 24), 1.0, mode).toImage()
    colours = {QColor(image.pixelColor(x, y)).name() for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).alpha() >= 250}
    assert colours, "the icon draws something"
    return colours


@pytest.fixture
def themed(qtbot, make_app, music):
    apps = []

    def open_in(theme: str):
        app = make_app("--music", str(music), "--no-camera", player="null")
        apps.append(app)
        app.window.set_theme(theme)  # after the widgets exist: they follow the new palette
        bar = app.window.player_bar  # Qt hands the new palette to the widgets through the event loop
        qtbot.waitUntil(lambda: bar.palette().color(Role.ButtonText) == QApplication.palette().color(Role.ButtonText),
                        timeout=5000)
        return app

    yield open_in
    for app in apps:
        app.window.set_theme("system")  # the palette is the whole test run's


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_colours_read_on_their_backgrounds(qtbot, themed, theme):
    app = themed(theme)
    palette = QApplication.palette()
    for text, background in TEXT_PAIRS:
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, f"{theme}: {text.name} on {background.name} is {ratio:.2f}:1"
    assert contrast(dim_colour(palette), palette.color(Role.Base)) >= 4.5, "greyed songs still read"
    note = app.window.root_label.palette().color(Role.WindowText)
    assert contrast(note, palette.color(Role.Window)) >= 4.5 and note != palette.color(Role.WindowText)
    for colour in ("#2e7d32", "#c62828", "#78909c"):  # the Sort dialog's done / problem / unsure
        assert contrast(legible(colour, palette.color(Role.Base)), palette.color(Role.Base)) >= 4.5


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_icons_and_the_playing_mark_follow_the_palette(qtbot, themed, music, theme):
    app = themed(theme)
    palette = QApplication.palette()
    song = music / "sad" / "sad-1.wav"
    app.session.play_now(song)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    bar = app.window.player_bar
    for button in (bar.previous, bar.play, bar.stop, bar.next, bar.mute):
        for colour in drawn_colours(button.icon()):
            for background in (Role.Button, Role.Window):
                ratio = contrast(QColor(colour), palette.color(background))
                assert ratio >= 3.0, f"{theme}: {button.accessibleName()} icon {colour} is {ratio:.2f}:1"
    mark = app.window.library.track_item(song).icon(0)
    for colour in drawn_colours(mark):
        assert contrast(QColor(colour), palette.color(Role.Base)) >= 3.0, f"{theme}: the \u25b6 mark {colour}"
    for colour in drawn_colours(mark, QIcon.Mode.Selected):
        assert contrast(QColor(colour), palette.color(Role.Highlight)) >= 3.0, f"{theme}: selected \u25b6 {colour}"
