"""Mood > Open the camera only to read my mood: the webcam stays closed between readings (its light
on only while a reading looks), each detection opens it, lets it settle, reads and closes it; the
song's-end reading too. Remembered: a start in this mode never opens the webcam until a reading."""

from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.camera_worker import CAMERA_CLOSED
from moodplayer.qt.settings_store import SettingsStore
from mp_testkit.media import CountingOpener

# The webcam's settling time, short for tests (a file camera needs none); a camera opened ahead of a
# reading stays open long enough that a test would see it kept open past its reading.
SETTLE = {"settle_s": 0.2, "prepared_s": 60.0}
CLOSED_VIEW = f"Camera closed\n{CAMERA_CLOSED}"


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


def only_to_read_at_start(settings_file):
    store = SettingsStore.from_file(settings_file)
    settings = store.load()
    settings.camera_only_to_read = True
    store.save(settings)


def test_the_camera_opens_before_a_songs_end_and_the_reading_at_the_end_follows(
        qtbot, make_app, music, face_video, monkeypatch, settings_file):
    from moodplayer import app as app_module

    only_to_read_at_start(settings_file)
    opener = CountingOpener()
    monkeypatch.setattr(app_module, "_open_camera", opener)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   camera_kwargs=SETTLE)
    session = app.session
    qtbot.waitUntil(lambda: session.model_ready, timeout=10000)
    session.pick_mood("sad")
    first = session.current
    session.player.position_changed.emit(40.0, 60.0)  # the player's poll, 20 s before the end
    assert opener.opened == 0
    session.player.position_changed.emit(57.5, 60.0)  # 2.5 s before the end
    qtbot.waitUntil(lambda: opener.open_now == 1, timeout=10000)
    assert session.current is first and session.can_detect, "opened ahead: no reading asked yet"
    session.player.position_changed.emit(58.0, 60.0)
    with qtbot.waitSignal(session.detection_state, timeout=20000,
                          check_params_cb=lambda state, _payload: state == "result"):
        session.player.seek(59.9)  # the song ends: the reading (the FakeClassifier reads happy)
    qtbot.waitUntil(lambda: session.current is not first and session.mood == "happy", timeout=10000)
    qtbot.waitUntil(lambda: opener.open_now == 0, timeout=20000)  # closed after its reading, not 60 s later
    assert opener.opened == 1, "once for the song's end"


def test_a_camera_opened_ahead_closes_when_no_reading_comes(qtbot, make_app, music, face_video, monkeypatch,
                                                            settings_file):
    from moodplayer import app as app_module

    only_to_read_at_start(settings_file)
    opener = CountingOpener()
    monkeypatch.setattr(app_module, "_open_camera", opener)
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   camera_kwargs={"settle_s": 0.2, "prepared_s": 0.5})
    qtbot.waitUntil(lambda: app.window.camera_view.message == CLOSED_VIEW, timeout=10000)
    app.camera.prepare_for_reading()  # a song about to end, then skipped or paused
    qtbot.waitUntil(lambda: opener.opened == 1, timeout=10000)
    qtbot.waitUntil(lambda: opener.open_now == 0 and app.window.camera_view.message == CLOSED_VIEW, timeout=10000)


def test_a_busy_webcam_fails_one_reading_and_the_next_opens_it(qtbot, make_app, music, face_video, monkeypatch,
                                                                settings_file):
    from moodplayer import app as app_module

    only_to_read_at_start(settings_file)
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
