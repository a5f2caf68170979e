"""It learns your face, in the window: "Not right?" after a detection keeps one correction and plays
the corrected mood; the picker keeps none; group readings offer none; Forget clears them; a restart
keeps them; a new model sets them aside (issue 19)."""

from PySide6.QtWidgets import QApplication

from mp_testkit.media import BrightnessClassifier, ModelClassifier, write_group_video


def detect(qtbot, app):
    panel = app.window.mood_panel
    qtbot.waitUntil(lambda: app.session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(app.session.detection_state, timeout=15000,
                          check_params_cb=lambda state, _payload: state == "result") as got:
        app.window.detect()
    return got.args[1]


def correct(panel, mood: str) -> None:
    action = next(a for a in panel.correct_menu.actions() if a.text() == mood.title())
    action.trigger()


def test_not_right_keeps_one_correction_and_plays_the_corrected_mood(qtbot, make_app, music, face_video):
    classifier = ModelClassifier("sad")
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=classifier)
    session, panel = app.session, app.window.mood_panel
    result = detect(qtbot, app)
    assert result.correctable and not result.adjusted
    assert panel.correct_button.isVisible() and "adjusted" not in panel.status.text()
    with qtbot.waitSignal(session.track_changed, timeout=15000) as started:
        correct(panel, "neutral")
    assert started.args[0].path.parent == music / "neutral", "the music follows the correction"
    assert session.personal.store.count() == 1
    assert panel.status.text() == "Thanks: MoodPlayer is now adjusted to you (1 correction)."
    assert panel.mood_label.text() == "Mood: Neutral (corrected)"
    assert not panel.correct_button.isVisible(), "one correction per reading"
    # Picking a mood means "play this": it is never taken as a correction.
    panel.picker.setCurrentIndex(panel.picker.findData("happy"))
    panel.picker.activated.emit(panel.picker.currentIndex())
    assert session.mood == "happy" and session.personal.store.count() == 1
    # The next reading is adjusted, and the network's own reading is a hover away.
    again = detect(qtbot, app)
    assert again.adjusted and panel.status.text().startswith("Detected (adjusted to you)")
    assert again.raw_probabilities["sad"] == max(again.raw_probabilities.values())
    assert "the network's own reading" in panel.bars["sad"].toolTip()


def test_a_misclicked_correction_is_taken_back_with_undo(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=ModelClassifier("sad"))
    session, panel, undo = app.session, app.window.mood_panel, app.window.actions["undo"]
    detect(qtbot, app)
    correct(panel, "neutral")
    detect(qtbot, app)
    session.enqueue([music / "happy" / "happy-1.wav"])  # a queue edit, older than the next correction
    session.move_in_queue(0, -1)
    with qtbot.waitSignal(session.track_changed, timeout=15000):
        correct(panel, "angry")  # meant "neutral" again: a misclick
    assert session.personal.store.count() == 2 and undo.isEnabled(), "Ctrl+Z works at once"
    assert undo.text() == "Undo my correction (angry for a reading of sad)"
    playing = session.current
    undo.trigger()
    assert session.personal.store.count() == 1 and session.personal.count == 1, "that one only, from the file"
    assert [c.corrected for c in session.personal.store.corrections(session.personal.model)] == ["neutral"]
    assert panel.status.text().startswith("Undone: your correction (angry for a reading of sad); 1 correction")
    assert session.current == playing and session.mood == "angry", "the music plays on"
    assert undo.text() == "Undo: reorder the queue", "then the older edits, newest first"


def test_corrections_survive_a_restart_until_forgotten_and_a_new_model_sets_them_aside(
        qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=ModelClassifier("angry"))
    detect(qtbot, app)
    correct(app.window.mood_panel, "neutral")
    assert app.session.personal.count == 1
    app.window.close()

    again = make_app("--music", str(music), "--camera", str(face_video), classifier=ModelClassifier("angry"))
    qtbot.waitUntil(lambda: again.session.model_ready, timeout=10000)
    assert again.session.personal.count == 1 and again.session.personal.active is not None
    assert detect(qtbot, again).adjusted
    again.window.confirm = lambda text: "Forget your 1 correction?" in text
    again.window.forget_corrections()
    assert again.session.personal.store.count() == 0 and again.session.personal.active is None
    assert not detect(qtbot, again).adjusted
    correct(again.window.mood_panel, "happy")
    again.window.close()

    newer = make_app("--music", str(music), "--camera", str(face_video),
                     classifier=ModelClassifier("angry", sha256="b" * 64))
    qtbot.waitUntil(lambda: newer.session.model_ready, timeout=10000)
    assert newer.session.personal.count == 0 and newer.session.personal.store.count() == 1, "kept aside"
    qtbot.waitUntil(lambda: "older model" in newer.window.statusBar().currentMessage(), timeout=5000)
    assert not detect(qtbot, newer).adjusted


def test_the_adjustment_can_be_turned_off(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=ModelClassifier("sad"))
    detect(qtbot, app)
    correct(app.window.mood_panel, "fear")
    app.window.actions["adjust_to_me"].trigger()
    assert not app.session.settings.adjust_to_me and app.session.personal.active is None
    assert not detect(qtbot, app).adjusted


def test_group_readings_offer_no_correction(qtbot, make_app, music, tmp_path):
    video = write_group_video(tmp_path / "three.avi", dark=(False, True, False))
    app = make_app("--music", str(music), "--camera", str(video), classifier=BrightnessClassifier())
    panel = app.window.mood_panel
    qtbot.waitUntil(lambda: app.session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    panel.whose.setCurrentIndex(1)
    result = detect(qtbot, app)
    assert result.group and not result.correctable and not panel.correct_button.isVisible()
    assert "not adjusted" in panel.bars["happy"].toolTip()
    app.session.correct_mood("sad")
    assert app.session.personal.store.count() == 0
    assert QApplication.instance() is not None


def test_n_opens_not_right_after_a_reading_and_does_nothing_without_one(qtbot, make_app, music, face_video):
    from PySide6.QtCore import QTimer

    app = make_app("--music", str(music), "--camera", str(face_video), classifier=ModelClassifier("sad"))
    session, panel = app.session, app.window.mood_panel
    app.window.shortcuts["N"].activated.emit()  # no reading yet: no menu (a menu would block here)
    assert QApplication.activePopupWidget() is None
    detect(qtbot, app)
    opened = []

    def choose_happy():
        opened.append(QApplication.activePopupWidget())
        correct(panel, "happy")
        panel.correct_menu.close()

    QTimer.singleShot(0, choose_happy)
    with qtbot.waitSignal(session.track_changed, timeout=15000) as started:
        app.window.shortcuts["N"].activated.emit()
    assert opened == [panel.correct_menu], "N opened the moods of Not right?"
    assert started.args[0].mood == "happy" and session.personal.store.count() == 1
