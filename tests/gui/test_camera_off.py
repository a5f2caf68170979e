"""Mood > Use the camera: off closes the webcam without quitting (its light goes out, a video call
may take it), on opens it again; remembered. While off, detection says so and songs play on."""

from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.camera_worker import CAMERA_OFF
from mp_testkit.media import CountingOpener


def test_the_camera_turns_off_and_on_and_the_choice_is_remembered(qtbot, make_app, music, face_video, monkeypatch):
    from moodplayer import app as app_module

    opener = CountingOpener()
    monkeypatch.setattr(app_module, "_open_camera", opener)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60))
    session, panel, action = app.session, app.window.mood_panel, app.window.actions["camera_on"]
    qtbot.waitUntil(lambda: session.model_ready and opener.open_now == 1 and panel.detect_button.isEnabled(),
                    timeout=10000)  # the model may be ready before the camera has opened
    assert action.isChecked()
    action.trigger()  # off
    qtbot.waitUntil(lambda: opener.open_now == 0, timeout=10000)
    qtbot.waitUntil(lambda: app.window.camera_view.message == "Camera off", timeout=5000)
    assert not session.settings.camera_enabled and not panel.detect_button.isEnabled()
    assert panel.status.text().startswith(CAMERA_OFF)
    states = []
    session.detection_state.connect(lambda state, payload: states.append((state, payload)))
    assert session.detect() is False and states[-1] == ("camera_unavailable", CAMERA_OFF)
    session.pick_mood("happy")  # songs play on, picked by hand
    qtbot.waitUntil(lambda: session.current is not None, timeout=5000)
    action.trigger()  # on again
    qtbot.waitUntil(lambda: opener.open_now == 1 and panel.detect_button.isEnabled(), timeout=10000)
    assert opener.opened == 2 and session.settings.camera_enabled
    with qtbot.waitSignal(session.detection_state, timeout=15000,
                          check_params_cb=lambda state, _payload: state == "result"):
        app.window.detect()
    action.trigger()  # off, for the next start
    qtbot.waitUntil(lambda: opener.open_now == 0, timeout=10000)
    app.window.close()
    app.shutdown()

    restarted = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60))
    qtbot.waitUntil(lambda: restarted.window.camera_view.message == "Camera off", timeout=10000)
    assert opener.opened == 2, "started off: the webcam was never opened"
    assert not restarted.window.actions["camera_on"].isChecked()


def test_turned_off_in_the_middle_of_a_detection_it_says_so(qtbot, make_app, music, face_video):
    from mp_testkit.media import HeldClassifier

    classifier = HeldClassifier("sad")
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   classifier=classifier)
    session = app.session
    qtbot.waitUntil(lambda: session.model_ready, timeout=10000)
    app.camera._vote_frames = 10_000  # a detection that is still taking frames when the camera goes off
    assert session.detect()
    with qtbot.waitSignal(session.detection_state, timeout=10000,
                          check_params_cb=lambda state, _payload: state == "camera_unavailable") as failed:
        app.window.actions["camera_on"].trigger()
    assert failed.args[1] == CAMERA_OFF
    assert session._detecting is None


def test_without_a_camera_the_entry_is_greyed(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    action = app.window.actions["camera_on"]
    assert not action.isEnabled() and action.toolTip() == "Started without a camera (--no-camera)"


def test_an_unavailable_camera_is_tried_again_when_turned_off_and_on(qtbot, make_app, music, face_video, tmp_path):
    import shutil

    busy = tmp_path / "camera.avi"  # not there yet: as a webcam another app holds
    app = make_app("--music", str(music), "--camera", str(busy), player=NullPlayer(duration_s=60))
    session, panel, action = app.session, app.window.mood_panel, app.window.actions["camera_on"]
    qtbot.waitUntil(lambda: app.window.camera_view.message.startswith("Camera unavailable"), timeout=10000)
    assert not panel.auto_redetect.isEnabled()
    shutil.copy(face_video, busy)  # the other app let it go
    action.trigger()  # off
    qtbot.waitUntil(lambda: app.window.camera_view.message == "Camera off", timeout=10000)
    action.trigger()  # and on: opened again
    qtbot.waitUntil(lambda: app.window.camera_view.frames_shown > 0 and app.window.camera_view.message == "",
                    timeout=10000)
    qtbot.waitUntil(lambda: session.model_ready and panel.detect_button.isEnabled(), timeout=10000)
    assert panel.auto_redetect.isEnabled()
    with qtbot.waitSignal(session.detection_state, timeout=15000,
                          check_params_cb=lambda state, _payload: state == "result"):
        app.window.detect()
