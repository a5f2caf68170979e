"""Listening together: with "everyone in view", each face votes and the preview labels each face."""

from mp_testkit.media import BrightnessClassifier, write_group_video


def test_everyone_in_view_reads_each_face_and_the_group(qtbot, make_app, music, tmp_path):
    video = write_group_video(tmp_path / "three.avi", dark=(False, True, False))
    app = make_app("--music", str(music), "--camera", str(video), classifier=BrightnessClassifier())
    window, panel = app.window, app.window.mood_panel
    qtbot.waitUntil(lambda: app.session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    panel.whose.setCurrentIndex(1)  # "Read everyone in view"
    assert app.session.settings.everyone_in_view
    with qtbot.waitSignal(app.session.track_changed, timeout=15000) as started:
        window.detect()
    assert started.args[0].mood == "happy", "two happy faces of three"
    assert panel.vote_label.text() == "Group vote: 2 of 3 faces"
    assert panel.faces_label.text() == "3 faces, left to right: happy, sad, happy"
    preview = window.camera_view
    qtbot.waitUntil(lambda: len(preview._boxes) == 3, timeout=10000)  # the live boxes of the preview
    live = sorted(preview._boxes)
    assert [preview._label_for(box, False) for box in live] == ["happy", "sad", "happy"], "each face labelled"


def test_group_mode_with_one_face_falls_back_and_says_so(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=BrightnessClassifier())
    panel = app.window.mood_panel
    qtbot.waitUntil(lambda: app.session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    panel.whose.setCurrentIndex(1)
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        app.window.detect()
    assert "one face found, so the closest face was used" in panel.status.text()
    assert panel.vote_label.text().startswith("Vote:")
