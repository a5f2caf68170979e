"""Volume levelling of untagged songs: how long measuring a library's loudness takes.

The same songs as bench_audio.py (3-3.9 minute generated songs, MP3 and FLAC, 44.1 kHz stereo, each
track its own hard link), measured as the window's levelling scan measures them
(``batch.analyse`` with ``loudness.measure_untagged``: one worker process, each whole song decoded
and K-weighted), then again from the cache. Prints seconds per song and songs per minute, and the CPU.

    python benchmarks/bench_loudness.py [--tracks 100] [--workers 1]

Don't run it while a training runs: the figures are wall-clock times on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from bench_audio import make_library  # noqa: E402  (benchmarks/ is the script's folder)
from bench_support import cpu_name  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (the window uses 1)")
    parser.add_argument("--folder", type=Path, help="where to generate the library (default: a temporary folder)")
    args = parser.parse_args()

    from moodplayer.audio.batch import analyse
    from moodplayer.audio.cache import FeatureCache
    from moodplayer.audio.loudness import LOUDNESS_VERSION, MEASURE_SIZE, measure_untagged

    with tempfile.TemporaryDirectory(prefix="moodplayer-bench-loudness-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = make_library(folder, args.tracks)
        print(f"library: {len(paths)} tracks of 3-3.9 min (8 distinct songs, MP3 and FLAC, 44.1 kHz stereo)")
        with FeatureCache(Path(scratch) / "cache", file_name="loudness.sqlite3", version=LOUDNESS_VERSION,
                          size=MEASURE_SIZE) as cache:
            for label in ("first run", "second run (cached)"):
                started = time.perf_counter()
                results = list(analyse(paths, cache=cache, workers=args.workers, extractor=measure_untagged,
                                       niceness=0))
                seconds = time.perf_counter() - started
                errors = sum(r.error is not None for r in results)
                rate = (f"{seconds / len(results):.2f} s a song, {len(results) / seconds * 60:.0f} songs a minute"
                        if seconds >= 1 else f"{seconds * 1000 / len(results):.2f} ms a song")
                print(f"{label}: {seconds:.1f} s for {len(results)} songs ({rate}), {errors} errors")
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores, {args.workers} worker process(es)")


if __name__ == "__main__":
    main()
