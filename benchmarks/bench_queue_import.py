"""A 100,000-entry playlist imported into the queue: the longest UI stall, and the restart after it.

Makes a music folder (7 moods x 10 tagged songs) and a playlist of N entries (default 100,000),
each a distinct file: every tenth a library song, the rest tiny files in album folders outside
the library (the queue never plays them here, so their content does not matter). Then, through the
real window (offscreen Qt, NullPlayer), prints:

- the import (--repeats times, each in a process of its own with fresh settings): seconds from File > Import
  into the queue to the "Queued ..." message with every entry in the queue, and the longest gap of
  a 5 ms GUI-thread timer meanwhile (the longest the window did not answer);
- closing: seconds to save the settings, and the size of the settings folder;
- the restart: in this process, seconds from build() to a shown window with the queue restored;
  and ``moodplayer`` launched with those settings, seconds to its "Window shown" line, against the
  same launch with an empty queue (--runs launches of each, taken in turns).

    python benchmarks/bench_queue_import.py [--entries 100000] [--folder /tmp/moodplayer-bench-queue]
                                            [--repeats 3] [--runs 5] [--profile FILE]

--profile writes a cProfile of the GUI thread during the (first) import, for pstats. The figures
are wall-clock times: pin it to one core (taskset -c 1), and say what else the machine was doing
(a niced process on a core that a training also uses gets only that training's leftovers).
"""

from __future__ import annotations

import argparse
import json
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

from bench_support import cpu_name, rss_mb  # noqa: E402  (benchmarks/ is the script's folder)

PER_ALBUM = 12


def make_files(folder: Path, entries: int) -> tuple[Path, Path]:
    """(music folder, playlist): reused when a complete set for ``entries`` is there."""
    from mp_testkit.media import make_library

    music, playlist = folder / "music", folder / f"queue {entries}.m3u8"
    marker = folder / f".complete-{entries}"
    if marker.exists():
        return music, playlist
    shutil.rmtree(folder, ignore_errors=True)
    make_library(music, per_mood=10)
    library = sorted(music.rglob("*.wav"))
    lines = ["#EXTM3U"]
    for n in range(entries):
        if n % 10 == 0:
            lines.append(str(library[(n // 10) % len(library)]))
            continue
        album = n // PER_ALBUM
        song = folder / "downloads" / f"Artist {album % 97:02d} - Album {album:05d}" / f"{n:06d} Track {n}.wav"
        if n % PER_ALBUM in (0, 1):  # an album's first song (the first may be a library song's turn)
            song.parent.mkdir(parents=True, exist_ok=True)
        song.write_bytes(b"RIFF")
        lines.append(str(song))
    playlist.write_text("\n".join(lines) + "\n", encoding="utf-8")
    marker.touch()
    return music, playlist


class Heartbeat:
    """A 5 ms timer on the GUI thread: the longest gap between its ticks is the longest stall."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last = time.monotonic()
        self._timer = QTimer(interval=5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest, self._last = 0.0, time.monotonic()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return self.longest


def _build(music: Path, settings: Path):
    from moodplayer.app import build, parse_args
    from moodplayer.playback.null_player import NullPlayer
    from moodplayer.qt.settings_store import SettingsStore

    return build(parse_args(["--music", str(music), "--no-camera", "--no-demo", "--settings", str(settings)]),
                 store=SettingsStore.from_file(settings), player=NullPlayer())


def _wait(condition, timeout: float = 600.0) -> None:
    """Run the event loop until ``condition()`` holds (checked every 20 ms: no busy loop on the core)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, check = QEventLoop(), QTimer(interval=20)
    deadline = time.monotonic() + timeout

    def look():
        if condition() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(look)
    check.start()
    if not condition():
        loop.exec()
    check.stop()
    if not condition():
        raise TimeoutError("the window did not get there in time")


def import_and_restart(music: Path, playlist: Path, entries: int, settings: Path, profile: Path | None) -> dict:
    import logging

    from PySide6.QtWidgets import QApplication

    logging.basicConfig(level=logging.WARNING)
    QApplication.instance() or QApplication([])
    figures: dict = {}
    app = _build(music, settings)
    app.window.show()
    _wait(lambda: not app.session.scanning)
    messages = []
    app.session.message.connect(lambda level, text: messages.append(text))
    heartbeat = Heartbeat()
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    heartbeat.start()
    started = time.monotonic()
    app.window.playlists.import_into_queue(playlist)
    _wait(lambda: any("Queued" in m for m in messages) and len(app.session.queue.hand) == entries)
    figures["import_s"] = time.monotonic() - started
    figures["import_stall_ms"] = heartbeat.stop() * 1000
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    figures["message"] = next(m for m in messages if "Queued" in m)
    figures["rss_mb"] = rss_mb()
    started = time.monotonic()
    app.window.close()  # saves the settings
    figures["close_s"] = time.monotonic() - started
    app.shutdown()
    figures["settings_bytes"] = sum(p.stat().st_size for p in settings.parent.iterdir() if p.is_file())

    started = time.monotonic()
    again = _build(music, settings)
    again.window.show()
    QApplication.processEvents()
    figures["rebuild_s"] = time.monotonic() - started
    figures["restored"] = len(again.session.queue.hand)
    again.window.close()
    again.shutdown()
    return figures


def launch_time(music: Path, settings: Path) -> float:
    """Seconds from launching ``moodplayer`` to its "Window shown" line (NaN if it never came)."""
    command = [sys.executable, "-m", "moodplayer", "--music", str(music), "--no-camera", "--no-demo",
               "--player", "null", "--settings", str(settings)]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, start_new_session=True)
    shown = threading.Event()
    seen = []

    def read():
        for line in process.stdout:
            if "Window shown" in line and not shown.is_set():
                seen.append(time.monotonic() - started)
                shown.set()

    threading.Thread(target=read, daemon=True).start()
    shown.wait(300)
    process.terminate()  # no close event: the settings file is left as it was
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    return seen[0] if seen else float("nan")


def _runs(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
    return (f"median {statistics.median(values) * scale:.{digits}f} {unit} "
            f"(runs: {', '.join(f'{v * scale:.{digits}f}' for v in values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "moodplayer-bench-queue")
    parser.add_argument("--repeats", type=int, default=3, help="imports, each into a fresh window")
    parser.add_argument("--runs", type=int, default=5, help="launches timed to the window, of each kind")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the GUI thread during the import")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # one import, figures as JSON
    args = parser.parse_args()
    if args.child is not None:
        music, playlist = make_files(args.folder, args.entries)
        print(json.dumps(import_and_restart(music, playlist, args.entries, args.child, args.profile)))
        return 0
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores (this process on {len(os.sched_getaffinity(0))}); "
          f"{args.entries:,} entries in {args.folder}", flush=True)
    started = time.monotonic()
    music, playlist = make_files(args.folder, args.entries)
    print(f"files ready in {time.monotonic() - started:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for repeat in range(args.repeats):  # a process each: a repeat never sees the heap of the last
            settings = Path(tmp) / f"run{repeat}" / "moodplayer.ini"
            child = [sys.executable, __file__, "--child", str(settings), "--entries", str(args.entries),
                     "--folder", str(args.folder)]
            if args.profile is not None and repeat == 0:
                child += ["--profile", str(args.profile)]
            done = subprocess.run(child, capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout.splitlines()[-1]))
        print(f"message: {runs[0]['message']}")
        print(f"import: {_runs([r['import_s'] for r in runs])}; "
              f"longest UI stall {_runs([r['import_stall_ms'] for r in runs], 'ms', digits=0)}; "
              f"RSS {runs[-1]['rss_mb']:.0f} MB")
        print(f"close (saving the settings): {_runs([r['close_s'] for r in runs])}; settings folder "
              f"{runs[0]['settings_bytes'] / 1e6:.2f} MB")
        print(f"rebuilt in this process to a shown window with {runs[0]['restored']:,} songs queued: "
              f"{_runs([r['rebuild_s'] for r in runs])}")
        empty = Path(tmp) / "empty" / "moodplayer.ini"
        empty.parent.mkdir()
        shutil.copyfile(settings, empty)
        from moodplayer.qt.settings_store import SettingsStore

        store = SettingsStore.from_file(empty)
        plain = store.load()
        plain.queue = []
        store.save(plain)
        del store
        full, bare = [], []
        for _ in range(args.runs):  # in turns: both see the same load on the machine
            full.append(launch_time(music, settings))
            bare.append(launch_time(music, empty))
        print(f"launch to window with that queue: {_runs(full)}")
        print(f"launch to window with an empty queue: {_runs(bare)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
