"""Lift my mood: start from the detected mood, one step toward the target every few songs."""

from moodplayer.playback.base import PlayerState
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

    def answer(dialog):
        dialog.fields["sad"].setText("sad > surprise > happy")
        dialog.fields["fear"].setText("fear > glad > happy")  # not a mood: refused, said so
        return True

    app.window.run_dialog = answer
    app.window.actions["lift_paths"].trigger()
    assert app.session.journey.paths["happy"]["sad"] == ("sad", "surprise", "happy")
    assert "Not changed: fear" in app.window.statusBar().currentMessage()
    app.window.close()
    app.shutdown()
    again = make_app(player="null", start=False)
    assert again.session.journey.paths["happy"]["sad"] == ("sad", "surprise", "happy")
    assert again.session.journey.mode == "lift-happy" and again.player.state != PlayerState.PLAYING
