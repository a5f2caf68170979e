"""Mood > Open the camera only to read my mood: the webcam stays closed between readings (its light
on only while a reading looks), each detection opens it, lets it settle, reads and closes it; the
song's-end reading too. Remembered: a start in this mode never opens the webcam until a reading."""

from moodplayer.domain.errors import CameraError
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.camera_worker import CAMERA_CLOSED
from moodplayer.vision.camera import open_camera

SETTLE = {"settle_s": 0.2}  # the webcam's settling time, short for tests (a file camera needs none)
CLOSED_VIEW = f"Camera closed\n{CAMERA_CLOSED}"


class CountingOpener:
    """Opens the real file camera, counting opens and the cameras open now; the first ``failures``
    opens fail as a busy webcam's does."""

    def __init__(self, failures: int = 0):
        self.open_now = 0
        self.opened = 0
        self.failures = failures

    def __call__(self, source):
        if self.failures:
            self.failures -= 1
            raise CameraError("the webcam is busy (another app has it)")
        camera = open_camera(source)
        self.open_now += 1
        self.opened += 1
        close = camera.close

        def closing():
            self.open_now -= 1
            close()

        camera.close = closing
        return camera


def detect_and_wait(qtbot, app, state="result"):
    with qtbot.waitSignal(app.session.detection_state, timeout=15000,
                          check_params_cb=lambda got, _payload: got == state) as done:
        app.window.detect()
    return done.args[1]


def test_each_reading_opens_the_camera_and_closes_it_and_the_choice_is_remembered(
        qtbot, make_app, music, face_video, monkeypatch):
    from moodplayer import app as app_module

    opener = CountingOpener()
    monkeypatch.setattr(app_module, "_open_camera", opener)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   camera_kwargs=SETTLE)
    session, panel, view = app.session, app.window.mood_panel, app.window.camera_view
    qtbot.waitUntil(lambda: session.model_ready and opener.open_now == 1 and panel.detect_button.isEnabled(),
                    timeout=10000)
    action = app.window.actions["camera_only_to_read"]
    assert not action.isChecked()
    action.trigger()
    qtbot.waitUntil(lambda: opener.open_now == 0 and view.message == CLOSED_VIEW, timeout=10000)
    assert session.settings.camera_only_to_read and session.camera_only_to_read
    assert panel.detect_button.isEnabled(), "a closed camera still reads the mood"
    result = detect_and_wait(qtbot, app)
    assert result.mood == "happy" and opener.opened == 2
    qtbot.waitUntil(lambda: opener.open_now == 0 and view.message == CLOSED_VIEW, timeout=10000)
    assert panel.status.text() == "Detected", "the reading's result stays shown once the camera closed"
    detect_and_wait(qtbot, app)
    assert opener.opened == 3
    qtbot.waitUntil(lambda: opener.open_now == 0, timeout=10000)
    app.window.close()
    app.shutdown()

    restarted = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                         camera_kwargs=SETTLE)
    qtbot.waitUntil(lambda: restarted.window.camera_view.message == CLOSED_VIEW, timeout=10000)
    qtbot.waitUntil(lambda: restarted.window.mood_panel.detect_button.isEnabled(), timeout=10000)
    assert opener.opened == 3, "started in this mode: the webcam was not opened"
    assert restarted.window.actions["camera_only_to_read"].isChecked()
    restarted.window.actions["camera_only_to_read"].trigger()  # back to the live preview
    qtbot.waitUntil(lambda: opener.open_now == 1 and restarted.window.camera_view.message == "", timeout=10000)
    assert not restarted.session.settings.camera_only_to_read


def test_the_songs_end_reading_opens_the_camera_and_the_next_song_plays(
        qtbot, make_app, music, face_video, monkeypatch, settings_file):
    from moodplayer import app as app_module
    from moodplayer.qt.settings_store import SettingsStore

    store = SettingsStore.from_file(settings_file)
    settings = store.load()
    settings.camera_only_to_read = True
    store.save(settings)
    opener = CountingOpener()
    monkeypatch.setattr(app_module, "_open_camera", opener)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=1.5),
                   camera_kwargs=SETTLE)
    session = app.session
    qtbot.waitUntil(lambda: session.model_ready, timeout=10000)
    assert opener.opened == 0
    session.pick_mood("sad")
    first = session.current
    with qtbot.waitSignal(session.detection_state, timeout=20000,
                          check_params_cb=lambda state, _payload: state == "result"):
        pass  # the song ends: the camera opens for the reading (the FakeClassifier reads happy)
    qtbot.waitUntil(lambda: session.current is not first and session.mood == "happy", timeout=10000)
    qtbot.waitUntil(lambda: opener.open_now == 0, timeout=10000)
    assert opener.opened >= 1


def test_a_busy_webcam_fails_one_reading_and_the_next_opens_it(qtbot, make_app, music, face_video, monkeypatch,
                                                                settings_file):
    from moodplayer import app as app_module
    from moodplayer.qt.settings_store import SettingsStore

    store = SettingsStore.from_file(settings_file)
    settings = store.load()
    settings.camera_only_to_read = True
    store.save(settings)
    opener = CountingOpener(failures=1)
    monkeypatch.setattr(app_module, "_open_camera", opener)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   camera_kwargs=SETTLE)
    qtbot.waitUntil(lambda: app.session.model_ready and app.window.mood_panel.detect_button.isEnabled(),
                    timeout=10000)
    message = detect_and_wait(qtbot, app, "camera_unavailable")
    assert message == "Camera unavailable: the webcam is busy (another app has it)"
    qtbot.waitUntil(lambda: app.window.mood_panel.detect_button.isEnabled(), timeout=10000)
    assert detect_and_wait(qtbot, app).mood == "happy" and opener.opened == 1
    qtbot.waitUntil(lambda: opener.open_now == 0, timeout=10000)
