"""A large library: time to window, time to a complete scan, memory, re-scans, and the longest UI stall.

Generates a library of N tracks (default 10,000: a few short encoded clips copied under distinct
names, with distinct tags, in album folders across the seven moods), then prints:

- time to window: seconds from launching ``moodplayer`` to its "Window shown" log line, and to
  its "Scanned" line (the first scan complete), median of --runs launches (offscreen Qt);
- in this process, through the real window: first-scan time, RSS after it, the longest gap of
  a 5 ms GUI-thread timer during the scan (a UI stall), an unchanged re-scan (F5), and a re-scan
  after 20 files are added.

    python benchmarks/bench_library.py [--tracks 10000] [--library /tmp/moodplayer-bench-library]

Don't run it while a training runs: the figures are wall-clock times on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MOODS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
PER_ALBUM = 12


from bench_support import cpu_name, rss_mb  # noqa: E402  (benchmarks/ is the script's folder)


def make_library(root: Path, tracks: int) -> Path:
    """``tracks`` tagged files under ``root``'s mood folders (reused when a complete one is there)."""
    from mutagen.id3 import ID3, TALB, TIT2, TPE1
    from mutagen.oggvorbis import OggVorbis

    from mp_testkit.media import write_audio

    marker = root / f".complete-{tracks}"
    if marker.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        clips = [write_audio(Path(tmp) / f"clip{i}{suffix}", seconds=1.0 + i / 2, freq=300 + 90 * i)
                 for i, suffix in enumerate((".ogg", ".mp3", ".ogg", ".mp3"))]
        for n in range(tracks):
            mood = MOODS[n % len(MOODS)]
            album = n // len(MOODS) // PER_ALBUM
            clip = clips[n % len(clips)]
            target = root / mood / f"Artist {album % 97:02d} - Album {album:04d}" / f"{n:05d} Track {n}{clip.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(clip, target)
            if clip.suffix == ".ogg":
                audio = OggVorbis(target)
                audio["title"], audio["artist"], audio["album"] = f"Track {n}", f"Artist {album % 97}", f"Album {album}"
                audio.save()
            else:
                tags = ID3()
                tags.add(TIT2(encoding=3, text=f"Track {n}"))
                tags.add(TPE1(encoding=3, text=f"Artist {album % 97}"))
                tags.add(TALB(encoding=3, text=f"Album {album}"))
                tags.save(target)
    marker.touch()
    return root


def launch_times(library: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds to "Window shown" and to the first "Scanned" line, per launch."""
    window, scanned = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, "-m", "moodplayer", "--music", str(library), "--no-camera", "--player", "null",
                       "--settings", str(Path(tmp) / "s.ini")]
            started = time.monotonic()
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, start_new_session=True)
            seen: dict[str, float] = {}
            done = threading.Event()

            def read():
                for line in process.stdout:
                    for key in ("Window shown", "Scanned"):
                        if key in line and key not in seen:
                            seen[key] = time.monotonic() - started
                    if len(seen) == 2:
                        done.set()

            threading.Thread(target=read, daemon=True).start()
            done.wait(300)
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
            window.append(seen.get("Window shown", float("nan")))
            scanned.append(seen.get("Scanned", float("nan")))
    return window, scanned


def in_process(library: Path) -> dict[str, float]:
    import logging

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from moodplayer.app import build, parse_args
    from moodplayer.playback.null_player import NullPlayer
    from moodplayer.qt.settings_store import SettingsStore

    logging.basicConfig(level=logging.WARNING)
    qt_app = QApplication.instance() or QApplication([])
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = SettingsStore.from_file(Path(tmp) / "s.ini")
        gaps = []
        last = [time.monotonic()]

        def tick():
            now = time.monotonic()
            gaps.append(now - last[0])
            last[0] = now

        heartbeat = QTimer(interval=5)
        heartbeat.timeout.connect(tick)
        heartbeat.start()

        def wait_for_scan(session) -> float:
            started = time.monotonic()
            loop = QEventLoop()
            session.scan_progress.connect(lambda scanning, found: None if scanning else loop.quit())
            if session.scanning:
                loop.exec()
            return time.monotonic() - started

        started = time.monotonic()
        last[0] = started
        app = build(parse_args(["--music", str(library), "--no-camera", "--settings", str(Path(tmp) / "s.ini")]),
                    store=store, player=NullPlayer())
        app.window.show()
        figures["window_s"] = time.monotonic() - started
        gaps.clear()
        last[0] = time.monotonic()
        first = wait_for_scan(app.session)
        figures["first_scan_s"] = first + figures["window_s"]
        figures["longest_stall_ms"] = max(gaps, default=0.0) * 1000
        figures["tracks"] = sum(len(t) for t in app.session.library.values())
        figures["rss_mb"] = rss_mb()

        app.session.rescan()
        figures["rescan_unchanged_s"] = wait_for_scan(app.session)

        album = library / "happy" / "Added album"
        album.mkdir(exist_ok=True)
        source = next((library / "happy").rglob("*.ogg"))
        for i in range(20):
            shutil.copyfile(source, album / f"added {i}.ogg")
        gaps.clear()
        last[0] = time.monotonic()
        app.session.rescan()
        figures["rescan_20_added_s"] = wait_for_scan(app.session)
        figures["rescan_longest_stall_ms"] = max(gaps, default=0.0) * 1000
        figures["tracks_after"] = sum(len(t) for t in app.session.library.values())
        shutil.rmtree(album)
        heartbeat.stop()
        app.window.close()
        app.shutdown()
    del qt_app
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=10_000)
    parser.add_argument("--library", type=Path, default=Path(tempfile.gettempdir()) / "moodplayer-bench-library")
    parser.add_argument("--runs", type=int, default=3, help="launches timed to the window")
    args = parser.parse_args()
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores; {args.tracks:,} tracks in {args.library}", flush=True)
    started = time.monotonic()
    library = make_library(args.library, args.tracks)
    print(f"library ready in {time.monotonic() - started:.1f} s", flush=True)
    window, scanned = launch_times(library, args.runs)
    print(f"launch to window: median {statistics.median(window):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in window)})")
    print(f"launch to complete first scan: median {statistics.median(scanned):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in scanned)})")
    figures = in_process(library)
    print(f"in process: window {figures['window_s']:.2f} s; first scan of {figures['tracks']:,.0f} tracks complete "
          f"{figures['first_scan_s']:.2f} s after start; "
          f"longest UI stall during it {figures['longest_stall_ms']:.0f} ms")
    print(f"RSS after the scan: {figures['rss_mb']:.0f} MB")
    print(f"re-scan, nothing changed: {figures['rescan_unchanged_s']:.2f} s")
    print(f"re-scan after 20 added files: {figures['rescan_20_added_s']:.2f} s ({figures['tracks_after']:,.0f} tracks; "
          f"longest UI stall {figures['rescan_longest_stall_ms']:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
