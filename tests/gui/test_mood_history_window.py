"""The optional mood history in the real window: off by default, camera detections only, kept with
the hour of day (a fixed clock), a matplotlib chart by hour, deletable after asking."""

import sqlite3
import subprocess
import sys
from datetime import datetime
from types import SimpleNamespace

from mp_testkit.media import FakeClassifier
from PySide6.QtWidgets import QMessageBox

from moodplayer.library import local_db
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.session import DetectionState


def long_songs():
    return NullPlayer(duration_s=600)  # no song ends (and re-detects) during a test


def detect(qtbot, app):
    qtbot.waitUntil(lambda: app.session.model_ready and app.session.can_detect, timeout=10000)
    with qtbot.waitSignal(app.session.detection_state, timeout=15000,
                          check_params_cb=lambda state, _: state == DetectionState.RESULT) as done:
        app.window.detect()
    return done.args[1]


def test_off_by_default_a_detection_keeps_nothing(qtbot, make_app, music, face_video, settings_file):
    app = make_app("--music", str(music), "--camera", str(face_video), player=long_songs(),
                   classifier=FakeClassifier("sad"))
    assert not app.session.settings.keep_mood_history
    assert not app.window.actions["keep_history"].isChecked()
    assert detect(qtbot, app).mood == "sad"
    assert app.history.entries() == []
    assert not settings_file.with_name("mood_history.sqlite3").exists(), "no file until something is kept"


def test_turned_on_detections_are_kept_with_their_hour_not_moods_picked_by_hand(qtbot, make_app, music, face_video,
                                                                              settings_file):
    app = make_app("--music", str(music), "--camera", str(face_video), player=long_songs(),
                   classifier=FakeClassifier("sad"))
    app.history.now = lambda: datetime(2025, 3, 1, 21, 15)
    app.window.actions["keep_history"].trigger()
    assert app.session.settings.keep_mood_history and app.window.actions["keep_history"].isChecked()
    assert "Mood history on" in app.window.statusBar().currentMessage()
    app.window.actions["show_history"].trigger()
    dialog = app.window.mood_history.dialog
    assert dialog.stack.currentWidget() is dialog.empty
    detect(qtbot, app)
    assert [(e.mood, e.hour, e.source) for e in app.history.entries()] == [("sad", 21, "camera")]
    assert dialog.stack.currentWidget() is dialog.canvas and dialog.bar_series() == 1, "the open chart updates"
    app.session.pick_mood("happy")
    app.window.actions["pick_angry"].trigger()
    assert len(app.history.entries()) == 1, "moods picked by hand are not kept"
    app.history._on_detection_state(DetectionState.RESULT, SimpleNamespace(mood="happy", group=True))
    assert app.history.entries()[-1].source == "group"
    app.history._on_detection_state(DetectionState.UNSURE, SimpleNamespace(mood="fear", group=False))
    assert len(app.history.entries()) == 2, "an unsure reading that left the music as it was is not kept"
    assert settings_file.with_name("mood_history.sqlite3").is_file()
    app.window.actions["keep_history"].trigger()  # off again: nothing more is kept
    detect(qtbot, app)
    assert len(app.history.entries()) == 2


def test_the_setting_and_the_history_survive_a_restart(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), player=long_songs(),
                   classifier=FakeClassifier("fear"))
    app.history.now = lambda: datetime(2025, 3, 1, 7, 45)
    app.window.actions["keep_history"].trigger()
    detect(qtbot, app)
    app.window.close()
    app.shutdown()
    again = make_app("--no-camera", player="null", start=False)
    assert again.session.settings.keep_mood_history
    assert again.window.actions["keep_history"].isChecked()
    assert [(e.mood, e.hour) for e in again.history.entries()] == [("fear", 7)]


def test_the_chart_by_hour_and_the_empty_state(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    launcher = app.window.mood_history
    app.window.actions["show_history"].trigger()
    dialog = launcher.dialog
    qtbot.waitExposed(dialog)
    assert dialog.stack.currentWidget() is dialog.empty and dialog.canvas is None
    assert dialog.empty.text().startswith("No moods recorded yet. Turn on Mood > Keep mood history")
    assert not dialog.delete_button.isEnabled()
    store = app.history.store(create=True)
    for mood, when in (("happy", datetime(2025, 3, 1, 8, 10)), ("sad", datetime(2025, 3, 1, 22, 0)),
                       ("happy", datetime(2025, 3, 2, 22, 30))):
        store.record(mood, when)
    app.window.actions["show_history"].trigger()
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    assert isinstance(dialog.canvas, FigureCanvasQTAgg) and dialog.stack.currentWidget() is dialog.canvas
    axes = dialog.canvas.figure.axes[0]
    assert dialog.bar_series() == 2, "one bar series per recorded mood"
    happy, sad = axes.containers
    assert [bar.get_height() for bar in happy][8] == 1 and [bar.get_height() for bar in happy][22] == 1
    assert [bar.get_y() for bar in sad][22] == 1, "stacked on the happy bar of the same hour"
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["Sad", "Happy"], "top-down, as stacked"
    assert axes.get_title() == "3 detections, 1 Mar 2025 – 2 Mar 2025"
    assert axes.get_xlabel() == "Hour of day" and axes.get_xlim() == (-0.6, 23.6)
    assert happy.patches[0].get_facecolor()[:3] == tuple(int("f9a825"[i:i + 2], 16) / 255 for i in (0, 2, 4))


def test_delete_asks_with_cancel_as_default_then_clears(qtbot, make_app, music, monkeypatch):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.history.store(create=True).record("surprise", datetime(2025, 3, 1, 12, 0))
    app.window.actions["show_history"].trigger()
    dialog = app.window.mood_history.dialog
    assert dialog.bar_series() == 1
    asked = []
    answer = QMessageBox.StandardButton.Cancel

    def question(parent, title, text, buttons, default):
        asked.append((text, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    app.window.actions["delete_history"].trigger()
    assert asked == [("Delete the mood history (1 detected mood)? This cannot be undone.",
                      QMessageBox.StandardButton.Cancel)]
    assert len(app.history.entries()) == 1, "Cancel keeps it"
    answer = QMessageBox.StandardButton.Yes
    dialog.delete_button.click()
    assert app.history.entries() == []
    assert dialog.stack.currentWidget() is dialog.empty, "the chart updates"
    assert app.window.statusBar().currentMessage() == "Mood history deleted."


def test_matplotlib_is_not_imported_at_start_up():
    code = ("import sys; import moodplayer.app, moodplayer.ui.main_window, moodplayer.qt.mood_history_recorder; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported at start-up'")
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]


def test_detections_that_cannot_be_saved_are_kept_for_the_run_and_the_status_bar_says_so_once(
        qtbot, make_app, music, settings_file, monkeypatch):
    monkeypatch.setattr(local_db, "BUSY_TIMEOUT", 0.2)  # seconds another program may hold the file
    app = make_app("--music", str(music), "--no-camera", player=long_songs())
    app.history.now = lambda: datetime(2025, 3, 1, 21, 15)
    app.window.actions["keep_history"].trigger()
    warnings = []
    app.session.message.connect(lambda level, text: warnings.append(text) if level == "warning" else None)

    def detected(mood):
        app.history._on_detection_state(DetectionState.RESULT, SimpleNamespace(mood=mood, group=False))

    detected("sad")  # makes the file
    other = sqlite3.connect(settings_file.with_name("mood_history.sqlite3"))
    other.execute("BEGIN IMMEDIATE")  # another program writing to it: the app cannot
    try:
        detected("happy")
        qtbot.waitUntil(lambda: "mood history cannot be saved" in app.window.statusBar().currentMessage())
        detected("angry")
        qtbot.wait(0)
    finally:
        other.rollback()
        other.close()
    assert [entry.mood for entry in app.history.entries()] == ["sad", "happy", "angry"]
    assert len(warnings) == 1 and "detected moods are not kept after MoodPlayer closes" in warnings[0]
