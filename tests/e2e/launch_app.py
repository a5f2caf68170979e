"""Start the real MoodPlayer (moodplayer.app.main) with a fake emotion classifier.

Used by the Xvfb end-to-end test and to take docs/screenshot.png. Everything is real (window on
the X server, camera thread on a video file, libvlc) except the classifier, which returns fixed
probabilities for $E2E_MOOD so the check needs neither TensorFlow nor the trained model.

Environment:
  E2E_MOOD          mood the fake classifier reports (default "happy")
  E2E_DETECT=1      click "Detect mood" once the model is ready
  E2E_SCREENSHOT    save a screenshot of the screen there once a track plays, then quit
  E2E_QUIT_AFTER_S  quit after this many seconds of playback (default 3)
  E2E_LOAD_DELAY_S  seconds the fake model takes to load (default 0.5)
  E2E_QUIT_AT_S     close the window this many seconds after it is shown, whatever is happening
  E2E_CORRECT       after the detection, click "Not right?" and choose this mood in its menu
"""

import time

LAUNCHED = time.perf_counter()  # before any import of Qt or the app

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for mp_testkit

from mp_testkit.media import ModelClassifier  # noqa: E402

import moodplayer.app as app_module  # noqa: E402


def main() -> int:
    mood = os.environ.get("E2E_MOOD", "happy")
    delay = float(os.environ.get("E2E_LOAD_DELAY_S", "0.5"))
    app_module._default_classifier = lambda model: ModelClassifier(mood, load_delay_s=delay)
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    original_build = app_module.build

    def build(*args, **kwargs):
        app = original_build(*args, **kwargs)
        window, session = app.window, app.session
        quit_after_ms = int(float(os.environ.get("E2E_QUIT_AFTER_S", "3")) * 1000)

        def on_ready(state, payload):
            if state == "ready" and os.environ.get("E2E_DETECT") == "1":
                # A real mouse click on "Detect mood", after the preview has run a moment.
                QTimer.singleShot(800, lambda: QTest.mouseClick(window.mood_panel.detect_button, Qt.MouseButton.LeftButton))

        correction = os.environ.get("E2E_CORRECT")

        def on_result(state, payload):
            if state != "result" or not correction:
                return
            panel = window.mood_panel

            def choose():  # the menu is open (a nested event loop): pick the mood with the keyboard
                menu = panel.correct_menu
                menu.setActiveAction(next(a for a in menu.actions() if a.text() == correction.title()))
                QTest.keyClick(menu, Qt.Key.Key_Return)

            QTimer.singleShot(600, choose)
            QTimer.singleShot(300, lambda: QTest.mouseClick(panel.correct_button, Qt.MouseButton.LeftButton))

        session.corrected.connect(lambda text: print("CORRECTED", text, flush=True))

        def on_track(track):
            if correction and track is not None and track.mood != correction:
                return  # the detected mood's song: wait for the corrected mood's
            shot = os.environ.get("E2E_SCREENSHOT")
            if shot:
                def grab():
                    QApplication.primaryScreen().grabWindow(0).save(shot)
                    print("SCREENSHOT", shot, flush=True)
                QTimer.singleShot(1200, grab)
            QTimer.singleShot(quit_after_ms, window.close)

        session.detection_state.connect(on_ready)
        session.detection_state.connect(on_result)
        session.track_changed.connect(on_track)
        QTimer.singleShot(60000, window.close)  # never hang a test run
        if os.environ.get("E2E_QUIT_AT_S"):
            QTimer.singleShot(int(float(os.environ["E2E_QUIT_AT_S"]) * 1000), window.close)
        # Fires on the first pass of the event loop, i.e. once the window has been shown.
        QTimer.singleShot(0, lambda: print(f"STARTUP {time.perf_counter() - LAUNCHED:.2f} s", flush=True))
        return app

    app_module.build = build
    return app_module.main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
