"""Right under every timing: the listener's last choice wins over a detection that finishes later;
the seek bar seeks where it is clicked; the mood panel and preview show only what is true now.

Time is driven by the player's end-of-track signal and the detector's result signal, not sleeps.
"""

import random

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from moodplayer.playback.base import PlayerState
from moodplayer.qt.player_adapter import QtPlayer
from moodplayer.qt.session import PlaybackSession
from moodplayer.settings import Settings
from moodplayer.vision.mood import MoodResult
from mp_testkit.media import make_library


class HeldCamera(QObject):
    """A camera whose detections finish only when the test says so."""

    detection_finished = Signal(int, object)
    detection_failed = Signal(int, str, str)
    status_changed = Signal(str, str)

    def __init__(self):
        super().__init__()
        self.requests = []

    def set_classifier(self, classifier):
        pass

    def set_calibration(self, calibration):
        pass

    def request_detection(self) -> int:
        self.requests.append(len(self.requests) + 1)
        return self.requests[-1]

    def finish(self, mood: str) -> None:
        result = MoodResult(mood=mood, votes={mood: 10}, frames=10, frames_with_face=10,
                            probabilities={mood: 0.9}, timings_ms={})
        self.detection_finished.emit(self.requests[-1], result)


@pytest.fixture
def held(qtbot, tmp_path):
    from moodplayer.playback.vlc_player import VlcPlayer

    music = make_library(tmp_path / "music", per_mood=3, seconds=30)
    camera = HeldCamera()
    session = PlaybackSession(QtPlayer(VlcPlayer(aout="dummy")), Settings(music_root=str(music)), camera=camera,
                              rng=random.Random(5))
    session.set_music_root(music, sync=True)
    session.set_model(object(), None)
    session.pick_mood("happy")
    qtbot.waitUntil(lambda: session.player.state == PlayerState.PLAYING, timeout=5000)
    yield session, camera, music
    session.shutdown()
    session.player.shutdown()


def end_song(session):
    """What libvlc reports at the end of the track: re-detection starts (auto re-detect is on)."""
    session.player.ended.emit(session.current.path)


@pytest.mark.parametrize("choice", ["play_now", "next", "pick"])
def test_a_choice_during_the_redetection_at_a_song_end_is_not_overridden(qtbot, held, choice):
    session, camera, music = held
    end_song(session)
    assert len(camera.requests) == 1, "the camera looks again at the song's end"
    chosen = music / "sad" / "sad-2.wav"
    if choice == "play_now":
        session.play_now(chosen)
    elif choice == "next":
        session.next()
    else:
        session.pick_mood("fear")
    playing = session.current.path
    camera.finish("angry")  # the detection answers after the listener chose
    assert session.current.path == playing, "the listener's choice plays on"
    assert session.player.current == playing
    qtbot.waitUntil(lambda: session.player.state == PlayerState.PLAYING, timeout=5000)
    if choice == "play_now":
        assert playing == chosen
    if choice == "pick":
        assert playing.parent == music / "fear"


def test_without_a_choice_the_detection_picks_the_next_song(held):
    session, camera, music = held
    end_song(session)
    camera.finish("angry")
    assert session.current.path.parent == music / "angry" and session.mood == "angry"


def test_stop_during_the_redetection_stays_stopped(held):
    session, camera, music = held
    end_song(session)
    session.stop()
    camera.finish("angry")
    assert session.player.state == PlayerState.STOPPED


def test_clicking_the_seek_bar_seeks_there(qtbot):
    from moodplayer.ui.widgets.player_bar import PlayerBar

    bar = PlayerBar()
    qtbot.addWidget(bar)
    bar.resize(900, bar.sizeHint().height())
    bar.show()
    bar.show_position(0.0, 100.0)  # a 100-second song at its start
    asked = []
    bar.seek_requested.connect(asked.append)
    slider = bar.seek
    y = slider.height() // 2
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() * 3 // 4, y))
    assert asked and 65 <= asked[0] <= 85, asked
    assert abs(slider.value() / 10 - asked[0]) <= 2, "the knob stays where it was clicked"
    assert all(abs(a - asked[0]) <= 2 for a in asked), "no jump elsewhere on release"
    # Hovering shows where a click would play from, as the mouse moves.
    assert slider.time_at(QPoint(0, y)) == "0:00" and slider.time_at(QPoint(slider.width() - 1, y)) == "1:40"
    qtbot.mouseMove(slider, QPoint(slider.width() // 4, y))
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    at = slider.time_at(QPoint(slider.width() // 4, y))
    assert QToolTip.text() == f"{at} (Left/Right: 5 s)" and 15 <= int(at.split(":")[1]) <= 35, QToolTip.text()
    QToolTip.hideText()
    pause = QHelpEvent(QEvent.Type.ToolTip, QPoint(slider.width() // 4, y), slider.mapToGlobal(QPoint(0, 0)))
    QApplication.sendEvent(slider, pause)  # the tooltip after a pause says the same
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert QToolTip.text() == f"{at} (Left/Right: 5 s)"


def test_a_mood_picked_by_hand_clears_the_last_detection(qtbot, make_app, music, face_video):
    from mp_testkit.media import FakeClassifier

    app = make_app("--music", str(music), "--camera", str(face_video), classifier=FakeClassifier("happy"))
    qtbot.waitUntil(lambda: app.session.model_ready and app.window.mood_panel.detect_button.isEnabled(),
                    timeout=10000)
    panel, preview = app.window.mood_panel, app.window.camera_view
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        app.window.detect()
    assert panel.vote_label.text() and panel.bars["happy"].value() == 80 and preview._label == "happy"
    app.session.pick_mood("sad")
    assert panel.mood_label.text() == "Mood: Sad (picked by hand)"
    assert panel.vote_label.text() == "" and panel.bars["happy"].value() == 0
    assert "picked by hand" in panel.status.text() and "Detected" not in panel.status.text()
    assert preview._label == "", "the face is not labelled with a mood it was not read as"


def test_at_start_up_the_face_is_not_labelled_with_last_runs_mood(qtbot, make_app, music, face_video, settings_file):
    from moodplayer.qt.settings_store import SettingsStore

    SettingsStore.from_file(settings_file).save(Settings(music_root=str(music), mood="angry"))
    app = make_app("--camera", str(face_video), start=False)
    assert app.window.mood_panel.mood_label.text() == "Mood: Angry (from last time)"
    assert app.window.camera_view._label == ""
