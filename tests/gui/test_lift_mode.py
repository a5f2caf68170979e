"""Lift my mood: start from the detected mood, one step toward the target every few songs."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from mp_testkit.media import FakeClassifier


def test_lift_steps_toward_happy_song_by_song(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), player="null",
                   classifier=FakeClassifier("sad"))
    session, panel = app.session, app.window.mood_panel
    qtbot.waitUntil(lambda: session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    panel.auto_redetect.setChecked(False)  # the steps come from the songs, not from new detections
    session.journey.songs_per_step = 1
    panel.mode.setCurrentIndex(panel.mode.findData("lift-happy"))
    assert session.settings.mood_mode == "lift-happy"
    played = []
    session.track_changed.connect(lambda t: played.append(t.path.parent.name))
    app.window.detect()
    qtbot.waitUntil(lambda: len(played) >= 4, timeout=20000)
    assert played[:3] == ["sad", "neutral", "happy"] and played[3] == "happy"
    assert "Lifting toward happy" in panel.journey_label.text() and "(arrived)" in panel.journey_label.text()
    assert "Happy" in panel.mood_label.text()


def test_match_mode_plays_the_detected_mood(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), player="null",
                   classifier=FakeClassifier("sad"))
    session, panel = app.session, app.window.mood_panel
    qtbot.waitUntil(lambda: session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    panel.auto_redetect.setChecked(False)
    played = []
    session.track_changed.connect(lambda t: played.append(t.path.parent.name))
    app.window.detect()
    qtbot.waitUntil(lambda: len(played) >= 3, timeout=20000)
    assert played[:3] == ["sad", "sad", "sad"] and panel.journey_label.text() == "", "nothing about a journey"


def test_lift_paths_are_edited_in_a_dialog_and_remembered(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", player="null")
    app.session.set_mood_mode("lift-happy")

    seen = {}

    def answer(dialog):
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        dialog.fields["sad"].setText("sad > surprise > happy")
        dialog.fields["fear"].setText("fear > glad > happy")  # not a mood: refused in the dialog
        ok.click()
        seen["kept open"] = dialog.result() != QDialog.DialogCode.Accepted
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisibleTo(dialog) else ""
        seen["marked"] = [start for start, field in dialog.fields.items() if field.property("invalid")]
        seen["sad kept"] = dialog.fields["sad"].text()
        dialog.fields["fear"].setText("fear > neutral > surprise > happy")
        ok.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    app.window.run_dialog = answer
    app.window.actions["lift_paths"].trigger()
    assert seen["kept open"] and seen["marked"] == ["fear"] and seen["sad kept"] == "sad > surprise > happy"
    assert seen["problem"].startswith("Not a path yet: Fear: unknown mood(s): glad")
    assert app.session.journey.paths["happy"]["sad"] == ("sad", "surprise", "happy")
    assert app.session.journey.paths["happy"]["fear"] == ("fear", "neutral", "surprise", "happy")
    app.window.close()
    app.shutdown()
    again = make_app(player="null", start=False)
    assert again.session.journey.paths["happy"]["sad"] == ("sad", "surprise", "happy")
    assert again.session.journey.mode == "lift-happy" and again.player.state != PlayerState.PLAYING


def test_a_mood_picked_behind_the_path_starts_the_journey_again_from_it(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session, panel = app.session, app.window.mood_panel
    session.journey.songs_per_step = 1
    session.set_mood_mode("lift-happy")
    played = []
    session.track_changed.connect(lambda t: played.append(t.path.parent.name))
    session.pick_mood("sad")
    while len(played) < 4:
        with qtbot.waitSignal(session.track_changed, timeout=5000):
            app.player.seek(60)  # the song plays to its end
    assert played == ["sad", "neutral", "happy", "happy"] and "(arrived)" in panel.journey_label.text()
    with qtbot.waitSignal(session.track_changed, timeout=5000) as picked:
        app.window.actions["pick_sad"].trigger()  # Mood > Play Sad songs
    assert picked.args[0].mood == "sad" and panel.mood_label.text() == "Mood: Sad (picked by hand)"
    assert "[sad] → neutral → happy" in panel.journey_label.text()
    with qtbot.waitSignal(session.track_changed, timeout=5000) as after:
        app.player.seek(60)
    assert after.args[0].mood == "neutral", "and on toward happy from there"
