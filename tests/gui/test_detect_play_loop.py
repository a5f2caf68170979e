"""detect -> queue from the right folder -> song end -> re-detect -> next track."""

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.session import DetectionState
from mp_testkit.media import (FakeClassifier, HeldClassifier, end_the_song_while_the_detection_is_held,
                              write_blank_video)


def wait_ready(qtbot, app):
    qtbot.waitUntil(lambda: app.session.model_ready and app.window.mood_panel.detect_button.isEnabled(), timeout=10000)


def test_window_shows_title_preview_and_model_state(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), start=False)
    assert "MoodPlayer" in app.window.windowTitle()
    assert not app.window.mood_panel.detect_button.isEnabled()
    assert "Loading" in app.window.mood_panel.status.text()
    app.start(FakeClassifier("happy", load_delay_s=0.2))
    wait_ready(qtbot, app)
    qtbot.waitUntil(lambda: app.window.camera_view.frames_shown >= 10, timeout=10000)
    assert app.window.camera_view.message == ""


def test_detect_plays_from_the_detected_mood_then_redetects_at_song_end(qtbot, make_app, music, face_video):
    classifier = FakeClassifier("sad")
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=classifier)
    wait_ready(qtbot, app)
    with qtbot.waitSignal(app.session.track_changed, timeout=15000) as started:
        qtbot.keyClick(app.window, "d")
    track = started.args[0]
    assert track.mood == "sad" and track.path.parent == music / "sad"
    panel = app.window.mood_panel
    assert "Sad" in panel.mood_label.text()
    assert panel.vote_label.text() == "Vote: 10 of 10 frames"
    assert panel.faces_label.text() == "Face found in 10 of 10 frames"
    assert panel.bars["sad"].value() == 80
    calls = classifier.calls
    # The listener's mood changes; at the end of the song the mood is detected again.
    classifier.mood = "happy"
    with qtbot.waitSignal(app.session.track_changed, timeout=15000) as second:
        pass
    assert classifier.calls > calls
    assert second.args[0].path.parent == music / "happy"
    assert "Happy" in panel.mood_label.text()


def test_no_redetection_when_toggled_off(qtbot, make_app, music, face_video):
    classifier = FakeClassifier("fear")
    app = make_app("--music", str(music), "--camera", str(face_video), classifier=classifier)
    wait_ready(qtbot, app)
    app.window.mood_panel.auto_redetect.setChecked(False)
    assert app.session.settings.auto_redetect is False
    played = []
    app.session.track_changed.connect(played.append)
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        app.window.mood_panel.detect_button.click()
    calls = classifier.calls
    classifier.mood = "angry"
    qtbot.waitUntil(lambda: len(played) >= 4, timeout=15000)
    assert classifier.calls == calls
    assert {t.path.parent.name for t in played} == {"fear"}
    assert len({t.path for t in played[:3]}) == 3, "all three tracks of the folder before any repeat"


def test_no_face_is_its_own_state(qtbot, make_app, music, tmp_path):
    video = write_blank_video(tmp_path / "wall.avi")
    app = make_app("--music", str(music), "--camera", str(video))
    wait_ready(qtbot, app)
    with qtbot.waitSignal(app.session.detection_state, timeout=15000,
                          check_params_cb=lambda state, _: state == DetectionState.NO_FACE):
        app.window.detect()
    assert "No face found" in app.window.mood_panel.status.text()
    assert app.session.mood is None and app.session.current is None
    assert app.window.mood_panel.mood_label.text() == "Mood: —"


def test_missing_camera_is_unavailable_and_manual_pick_still_plays(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--camera", str(tmp_path / "no-such-camera.avi"))
    qtbot.waitUntil(lambda: "unavailable" in app.window.camera_view.message.lower(), timeout=10000)
    wait = qtbot.waitSignal(app.session.detection_state, timeout=5000,
                            check_params_cb=lambda state, _: state == DetectionState.CAMERA_UNAVAILABLE)
    with wait:
        app.window.detect()
    assert "unavailable" in app.window.mood_panel.status.text().lower()
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as started:
        app.window.mood_panel.picker.activated.emit(app.window.mood_panel.picker.findData("disgust"))
    assert started.args[0].path.parent == music / "disgust"


def test_no_camera_option(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    assert app.camera is None
    assert "Camera off" in app.window.camera_view.message
    app.window.detect()
    assert "Camera off" in app.window.mood_panel.status.text()
    with qtbot.waitSignal(app.session.track_changed, timeout=5000):
        app.session.pick_mood("neutral")
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)


def test_camera_that_stops_answering_times_out_with_a_message(qtbot, make_app, music):
    from moodplayer.domain.errors import CameraError

    class StuckCamera:
        description = "stuck camera"
        reads = 0

        def read(self, timeout_s=2.0):
            StuckCamera.reads += 1
            if StuckCamera.reads > 3:
                raise CameraError("stuck camera: no answer after 0.2 s while reading a frame")
            import numpy as np

            return np.zeros((48, 64, 3), np.uint8)

        def close(self):
            pass

    app = make_app("--music", str(music), "--camera", "0", start=False)
    app.camera._open_camera = lambda source: StuckCamera()
    app.start(FakeClassifier("happy"))
    qtbot.waitUntil(lambda: "no answer" in app.window.camera_view.message, timeout=10000)
    assert app.window.isVisible()


def test_model_that_fails_to_load_says_so_and_manual_pick_works(qtbot, make_app, music, face_video):
    from moodplayer.qt.session import DetectionState as State

    app = make_app("--music", str(music), "--camera", str(face_video), start=False)
    with qtbot.waitSignal(app.session.detection_state, timeout=5000,
                          check_params_cb=lambda state, _: state == State.MODEL_ERROR):
        app.start(FakeClassifier(fail="emotion model not found: models/emotion.keras"))
    panel = app.window.mood_panel
    assert "emotion model not found" in panel.status.text() and not panel.detect_button.isEnabled()
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as started:
        panel.picker.activated.emit(panel.picker.findData("surprise"))
    assert started.args[0].path.parent == music / "surprise"


def test_the_preview_keeps_showing_frames(qtbot, make_app, music, face_video):
    import time

    # A live preview, not one picture: 30 more frames come (the rate, printed, is the CPU's: no test
    # may hang on it).
    app = make_app("--music", str(music), "--camera", str(face_video))
    view = app.window.camera_view
    qtbot.waitUntil(lambda: view.frames_shown >= 5, timeout=10000)
    first, started = view.frames_shown, time.monotonic()
    qtbot.waitUntil(lambda: view.frames_shown >= first + 30, timeout=30000)
    print(f"preview: {(view.frames_shown - first) / (time.monotonic() - started):.1f} fps")


def playing_detected(qtbot, make_app, music, face_video, mood):
    """An app whose camera reads ``mood`` (a HeldClassifier: the test may hold its answers), playing
    a 60-s song (NullPlayer) of the mood its first detection read."""
    classifier = HeldClassifier(mood)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   classifier=classifier)
    wait_ready(qtbot, app)
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        app.window.detect()
    return app, classifier


def test_a_mood_picked_during_the_end_of_song_detection_wins(qtbot, make_app, music, face_video):
    app, classifier = playing_detected(qtbot, make_app, music, face_video, "angry")
    session, panel = app.session, app.window.mood_panel
    assert session.mood == "angry"
    end_the_song_while_the_detection_is_held(qtbot, app, classifier)
    with qtbot.waitSignal(session.track_changed, timeout=5000) as picked:
        app.window.actions["pick_sad"].trigger()  # Mood > Play Sad songs, while "Detecting…"
    assert picked.args[0].mood == "sad"
    with qtbot.waitSignal(app.camera.detection_finished, timeout=20000):
        classifier.release.set()  # the camera answers "angry" now
    assert session.mood == "sad" and panel.mood_label.text() == "Mood: Sad (picked by hand)"
    assert session.current.path == picked.args[0].path and app.player.state == PlayerState.PLAYING
    assert panel.detect_button.isEnabled(), "the detection is over: Detect can run again"
    session.next()
    assert session.current.mood == "sad", "the songs after it are sad too"


def test_space_during_the_end_of_song_detection_plays_the_next_song(qtbot, make_app, music, face_video):
    app, classifier = playing_detected(qtbot, make_app, music, face_video, "happy")
    session = app.session
    ended = session.current.path
    end_the_song_while_the_detection_is_held(qtbot, app, classifier)
    detections = classifier.calls
    with qtbot.waitSignal(session.track_changed, timeout=5000) as started:
        app.window.shortcuts["Space"].activated.emit()
    assert started.args[0].path != ended, "not the song that just ended again"
    assert app.player.state == PlayerState.PLAYING and started.args[0].mood == "happy"
    with qtbot.waitSignal(app.camera.detection_finished, timeout=20000):
        classifier.release.set()
    assert session.current.path == started.args[0].path and app.player.state == PlayerState.PLAYING
    assert session._detecting is None and classifier.calls == detections + 1, "no second detection"


def test_an_unsure_reading_at_a_songs_end_keeps_the_music_in_its_mood(qtbot, make_app, music, face_video):
    app, classifier = playing_detected(qtbot, make_app, music, face_video, "sad")
    session, panel = app.session, app.window.mood_panel
    messages = []
    session.message.connect(lambda level, text: messages.append(text))
    # The camera reads happy at the song's end, but at 30%: more often wrong than right.
    classifier.mood, classifier.confidence = "happy", 0.3
    end_the_song_while_the_detection_is_held(qtbot, app, classifier)
    with qtbot.waitSignal(session.track_changed, timeout=20000) as next_song:
        classifier.release.set()
    assert next_song.args[0].mood == "sad" and session.mood == "sad" and panel.mood_label.text() == "Mood: Sad (detected)"
    assert panel.status.text() == "Not sure (happy, 30%): the music stays sad."
    assert "Not sure of your mood (happy, 30%): playing on with sad." in messages
    assert panel.correct_button.isVisible(), "the listener can still say it is happy"
    # Asked for, the same reading applies: Detect mood pressed...
    with qtbot.waitSignal(session.mood_changed, timeout=15000):
        app.window.detect()
    assert session.mood == "happy" and panel.status.text() == "Detected, unsure (30%)"
    # ...even while the song's-end detection runs: pressing it makes that reading asked for.
    classifier.mood = "fear"
    end_the_song_while_the_detection_is_held(qtbot, app, classifier)
    app.window.detect()
    with qtbot.waitSignal(session.track_changed, timeout=20000) as asked:
        classifier.release.set()
    assert session.mood == "fear" and asked.args[0].mood == "fear"
