"""Takes docs/screenshot.png from the real app: real window, real camera thread (the demo clip when
no webcam opens), the real emotion model, libvlc. Once the model is ready it clicks "Detect mood";
once the detected mood's track has played a moment it saves the window and quits.

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/take_screenshot.py docs/screenshot.png \
        --settings /tmp/shot.ini --audio-output dummy

Arguments after the output file go to the app (moodplayer --help). Use a fresh --settings file
that exists (an empty one), so the first-run dialog does not come up.
"""

import sys
from pathlib import Path

import moodplayer.app as app_module


def main() -> int:
    out = Path(sys.argv[1])
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    original_build = app_module.build

    def build(*args, **kwargs):
        app = original_build(*args, **kwargs)
        window, session = app.window, app.session
        window.resize(1280, 760)
        state = {"clicked": False, "shot": False}

        def on_state(name, payload):
            if name == "ready" and not state["clicked"]:
                state["clicked"] = True
                QTimer.singleShot(1500, lambda: QTest.mouseClick(window.mood_panel.detect_button,
                                                                 Qt.MouseButton.LeftButton))

        def on_track(track):
            if track is None or state["shot"] or not state["clicked"]:
                return
            state["shot"] = True

            def grab():
                window.grab().save(str(out))
                print("SCREENSHOT", out, flush=True)
                window.close()

            QTimer.singleShot(2500, grab)

        session.detection_state.connect(on_state)
        session.track_changed.connect(on_track)
        QTimer.singleShot(120000, window.close)  # never hang
        return app

    app_module.build = build
    return app_module.main(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
