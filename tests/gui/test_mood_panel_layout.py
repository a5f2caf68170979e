"""The mood panel keeps its height in every state, so nothing in it jumps and Detect never scrolls
out of view (issue 17, bug 11)."""

from mp_testkit.media import FakeClassifier

LONG = "A status long enough to wrap over three lines in the narrow mood column of the window, " * 3


def test_the_panel_keeps_its_height_in_every_state(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=FakeClassifier("sad"))
    window, panel = app.window, app.window.mood_panel
    qtbot.waitUntil(lambda: app.session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    heights = {"ready": panel.sizeHint().height()}
    panel.set_running()
    heights["running"] = panel.sizeHint().height()
    panel.set_problem(LONG, can_retry=True)
    heights["long problem"] = panel.sizeHint().height()
    assert panel.status.text() == LONG and panel.status.toolTip() == LONG, "the whole text in the tooltip"
    panel.journey_label.setText("Lifting toward happy: sad → neutral → happy, one step every 3 songs " * 2)
    heights["lifting"] = panel.sizeHint().height()
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        window.detect()
    heights["result"] = panel.sizeHint().height()
    assert len(set(heights.values())) == 1, heights
    assert window.mood_scroll.verticalScrollBar().value() == 0, "the panel did not scroll"
    assert not panel.detect_button.visibleRegion().isEmpty(), "Detect is in view after a detection"
    assert "Mood: Sad (detected)" == panel.mood_label.text()


def test_in_a_narrow_column_the_vote_keeps_its_whole_text_and_the_faces_line_gives_way(qtbot):
    from moodplayer.ui.widgets.mood_panel import MoodPanel
    from moodplayer.vision.mood import MoodResult

    panel = MoodPanel()
    qtbot.addWidget(panel)
    panel.show_result(MoodResult(mood="happy", votes={"happy": 10}, frames=10, frames_with_face=10,
                                 probabilities={"happy": 0.9, "neutral": 0.1}, timings_ms={}))
    vote, faces = panel.vote_label, panel.faces_label
    # Room for the whole vote and half the faces' line, whatever the font: measured, not assumed.
    outer, inner = panel.contentsMargins(), panel.layout().contentsMargins()
    margins = outer.left() + outer.right() + inner.left() + inner.right()
    # A fixed width: resize() would stop at the panel's minimum, which the choices' boxes set.
    panel.setFixedWidth(margins + vote.sizeHint().width() + 14 + faces.sizeHint().width() // 2)
    panel.show()
    qtbot.waitExposed(panel)
    assert vote.shown_text() == "Vote: 10 of 10 frames"
    assert faces.shown_text() != faces.text() and faces.shown_text().endswith("…")
    assert faces.toolTip() == "Face found in 10 of 10 frames", "the whole line a hover away"


def test_a_choice_too_long_for_its_box_ends_in_an_ellipsis_and_fits_whole_when_there_is_room(qtbot):
    from moodplayer.ui.widgets.elided_combo import ElidedComboBox
    from moodplayer.ui.widgets.mood_panel import MoodPanel

    panel = MoodPanel()
    qtbot.addWidget(panel)
    whose = panel.whose
    assert isinstance(whose, ElidedComboBox) and isinstance(panel.mode, ElidedComboBox)
    text = whose.currentText()
    # Half the text's own width, whatever the font: it cannot fit.
    whose.setFixedWidth(whose.fontMetrics().horizontalAdvance(text) // 2)
    shown = whose.shown_text()
    assert shown != text and shown.endswith("…") and text.startswith(shown[:-1])
    assert not whose.grab().isNull(), "the elided choice paints"
    assert whose.currentText() == text, "the choice itself is unchanged"
    whose.setFixedWidth(whose.fontMetrics().horizontalAdvance(text) * 2 + 80)
    assert whose.shown_text() == text


def test_an_icon_takes_exactly_its_room_from_the_text(qtbot):
    from moodplayer.ui.mood_style import mood_icon
    from moodplayer.ui.widgets.elided_combo import ICON_GAP, ElidedComboBox

    combo = ElidedComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Surprise")
    combo.addItem(mood_icon("surprise"), "Surprise")

    def narrowest_whole(index: int) -> int:
        combo.setCurrentIndex(index)
        for width in range(1, 1000):
            combo.setFixedWidth(width)
            if combo.shown_text() == "Surprise":
                return width
        raise AssertionError("never whole")

    assert narrowest_whole(1) - narrowest_whole(0) == combo.iconSize().width() + ICON_GAP


def test_a_narrow_window_gives_way_elsewhere_and_never_cuts_the_mood_panel_off(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    window, panel, scroll = app.window, app.window.mood_panel, app.window.mood_scroll
    window.show()
    qtbot.waitExposed(window)
    window.resize(1, 600)  # Qt stops at the window's minimum width, whatever the fonts make it
    qtbot.waitUntil(lambda: window.width() < 1200)
    # The panel only scrolls up and down: it must fit the column's width.
    qtbot.waitUntil(lambda: scroll.viewport().width() >= panel.minimumSizeHint().width(), timeout=3000)
    assert panel.width() <= scroll.viewport().width()
