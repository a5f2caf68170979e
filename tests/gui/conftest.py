"""The real window, real libvlc (dummy audio output), real audio files and a video file as the camera;
only the emotion classifier is a fake (fixed probabilities), so no TensorFlow or trained model is needed."""


# The shared fixture makers live in tests/mp_testkit (pytest runs with --import-mode=importlib).


import os
import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from moodplayer.app import build, parse_args  # noqa: E402
from moodplayer.playback.base import PlayerError  # noqa: E402
from moodplayer.playback.null_player import NullPlayer  # noqa: E402
from moodplayer.qt.settings_store import SettingsStore  # noqa: E402
from mp_testkit.media import FakeClassifier, make_library, write_face_video  # noqa: E402


@pytest.fixture(autouse=True)
def no_modifier_left_held(qapp):
    """A QTest key click with Ctrl leaves Qt believing Ctrl is still held (measured with PySide6's
    QTest: keyboardModifiers() stays ControlModifier), and the next test's setCurrentItem() then adds
    to the selection instead of replacing it. So each test ends with the held modifiers released."""
    yield
    held = QApplication.keyboardModifiers()
    if held != Qt.KeyboardModifier.NoModifier:
        target = QWidget()
        for modifier, key in ((Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
                              (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
                              (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
                              (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta)):
            if held & modifier:
                QTest.keyRelease(target, key)
        target.deleteLater()


@pytest.fixture
def music(tmp_path):
    return make_library(tmp_path / "music", per_mood=3)


@pytest.fixture(scope="session")
def face_video(tmp_path_factory):
    return write_face_video(tmp_path_factory.mktemp("camera") / "face.avi")


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "settings" / "moodplayer.ini"


def vlc_player():
    from moodplayer.playback.vlc_player import VlcPlayer

    try:
        return VlcPlayer(aout="dummy")
    except PlayerError as error:
        pytest.skip(f"libvlc is not installed here: {error}")


@pytest.fixture
def make_app(qtbot, settings_file):
    """make_app(*cli_args, player=..., classifier=...) -> App, shown, camera started, model loading."""
    apps = []

    def factory(*cli, player="vlc", classifier=None, start=True, camera_kwargs=None):
        args = parse_args(["--settings", str(settings_file), *cli])
        engine = vlc_player() if player == "vlc" else NullPlayer(duration_s=0.5) if player == "null" else player
        app = build(args, store=SettingsStore.from_file(settings_file), player=engine, rng=random.Random(7),
                    camera_kwargs=camera_kwargs)
        qtbot.addWidget(app.window)
        # The library is scanned on its own thread: tests start from the scanned folder.
        qtbot.waitUntil(lambda: not app.session.scanning, timeout=10000)
        app.window.show()
        app.window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window, timeout=5000)  # shortcuts need it
        apps.append(app)
        if start:
            app.start(classifier if classifier is not None else FakeClassifier("happy"))
        return app

    yield factory
    for app in apps:
        app.window.close()
        app.shutdown()
