"""Soak test: many song changes in a row through the real window, libvlc and the camera thread.

Each change: a 1-second track plays to its end -> the mood is detected again from a video-file
camera (10 frames, face detection, a fake classifier with fixed probabilities unless --model is
given) -> the next track of the detected mood starts. Prints the memory growth (aim: < 50 MB).

    QT_QPA_PLATFORM=offscreen python benchmarks/soak.py --changes 300
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from bench_support import rss_mb  # noqa: E402  (benchmarks/ is the script's folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--model", help="use the real EmotionClassifier with this model instead of the fake")
    parser.add_argument("--warmup", type=int, default=10, help="changes before the memory baseline")
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from moodplayer.app import build, parse_args
    from moodplayer.playback.vlc_player import VlcPlayer
    from moodplayer.qt.settings_store import SettingsStore
    from mp_testkit.media import FakeClassifier, make_library, write_face_video

    work = Path(tempfile.mkdtemp(prefix="moodplayer-soak-"))
    music = make_library(work / "music", per_mood=4, seconds=1.0)
    camera = write_face_video(work / "face.avi")
    qt_app = QApplication([])
    cli = parse_args(["--music", str(music), "--camera", str(camera), "--settings", str(work / "s.ini")])
    app = build(cli, store=SettingsStore.from_file(work / "s.ini"), player=VlcPlayer(aout="dummy"),
                rng=random.Random(1))
    app.window.show()
    moods = ["happy", "sad", "angry", "neutral", "surprise", "fear", "disgust"]
    if args.model:
        from moodplayer.vision.emotion import EmotionClassifier

        classifier = EmotionClassifier(Path(args.model))
    else:
        classifier = FakeClassifier("happy")
    state = {"changes": 0, "baseline": None, "errors": [], "started": time.monotonic(), "wrong_folder": 0}

    def on_track(track):
        state["changes"] += 1
        if not args.model and track.path.parent.name != app.session.mood:
            state["wrong_folder"] += 1
        if not args.model:
            classifier.mood = moods[state["changes"] % len(moods)]  # the "listener" changes mood each song
        if state["changes"] == args.warmup:
            state["baseline"] = rss_mb()
        if state["changes"] % 50 == 0:
            print(f"{state['changes']:4d} changes, RSS {rss_mb():.1f} MB, "
                  f"{time.monotonic() - state['started']:.0f} s", flush=True)
        if state["changes"] >= args.changes:
            QTimer.singleShot(0, qt_app.quit)

    app.session.track_changed.connect(on_track)
    app.session.message.connect(lambda level, text: state["errors"].append(text) if level == "error" else None)
    app.session.detection_state.connect(
        lambda s, _: app.session.pick_mood("happy") if s == "ready" and app.session.current is None else None)
    QTimer.singleShot(30 * 60 * 1000, qt_app.quit)  # a hang is a failure, not an endless run
    start_rss = rss_mb()
    app.start(classifier)
    qt_app.exec()
    end_rss = rss_mb()
    elapsed = time.monotonic() - state["started"]
    app.window.close()
    app.shutdown()
    baseline = state["baseline"] or start_rss
    print(f"song changes: {state['changes']} in {elapsed:.0f} s ({elapsed / max(1, state['changes']):.2f} s each)")
    print(f"memory: start {start_rss:.1f} MB, after {args.warmup} changes {baseline:.1f} MB, end {end_rss:.1f} MB, "
          f"growth {end_rss - baseline:+.1f} MB (aim: < 50 MB)")
    print(f"tracks from the wrong mood folder: {state['wrong_folder']}; error messages: {len(state['errors'])}")
    ok = state["changes"] >= args.changes and end_rss - baseline < 50 and not state["errors"]
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
