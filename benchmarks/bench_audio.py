"""Mood suggestions over a large library: analysis time for N tracks of 3-4 minutes, then a cached re-run.

Generates a few distinct 3-4 minute songs (chords, bass and drums at different tempi, encoded as
MP3 and FLAC like a real library), gives each of the N tracks its own name as a hard link to one
of them (each is decoded and analysed on its own: the cache is keyed by path), then runs the
pipeline the window and ``moodplayer suggest`` use (``sorting.suggest_files``: two worker
processes, the 30 s window in the middle of each file, the shipped model) and prints:

- first run: wall-clock seconds and tracks per second, against the issue's 10 minutes per 1,000;
- second run over the same files: seconds (everything from the cache);
- the CPU, since machines differ from session to session.

    python benchmarks/bench_audio.py [--tracks 1000] [--workers 2]

Don't run it while a training runs: the figures are wall-clock times on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from bench_support import cpu_name  # noqa: E402  (benchmarks/ is the script's folder)

RATE = 44100


def make_song(path: Path, seconds: float, bpm: float, seed: int) -> None:
    """A stereo song: a chord pad, a bass line and kick/snare/hi-hat at ``bpm``."""
    import soundfile

    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    beat = 60 / bpm
    root = 110 * 2 ** (rng.integers(0, 12) / 12)
    bar = np.floor(t / (4 * beat)).astype(int) % 4
    steps = np.array([0, 5, 7, 0])[bar]
    pad = sum(np.sin(2 * np.pi * root * 2 ** ((steps + i) / 12) * 2 * t) for i in (0, 4, 7))
    bass = np.sign(np.sin(2 * np.pi * root * 2 ** (steps / 12) / 2 * t)) * 0.3
    drums = np.zeros_like(t)
    hit = np.exp(-np.arange(int(0.2 * RATE)) / (0.03 * RATE))
    for onset in np.arange(0, seconds - 0.2, beat / 2):
        i = int(onset * RATE)
        drums[i:i + hit.size] += rng.standard_normal(hit.size) * hit * (1.0 if round(onset / beat * 2) % 2 else 0.3)
    mix = 0.3 * pad / 3 + bass + 0.5 * drums
    mix = 0.5 * mix / np.abs(mix).max()
    stereo = np.stack([mix, np.roll(mix, 200)], axis=1).astype(np.float32)
    soundfile.write(path, stereo, RATE)


def make_library(folder: Path, tracks: int) -> list[Path]:
    masters = []
    for i, (bpm, ext) in enumerate(zip((72, 96, 120, 128, 140, 160, 84, 110), (".mp3", ".flac") * 4)):
        path = folder / f"master{i}{ext}"
        if not path.exists():
            make_song(path, seconds=180 + 7.5 * i, bpm=bpm, seed=i)
        masters.append(path)
    library = folder / "library"
    library.mkdir(exist_ok=True)
    paths = []
    for n in range(tracks):
        master = masters[n % len(masters)]
        path = library / f"{n:05} track{master.suffix}"
        if not path.exists():
            os.link(master, path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folder", type=Path, help="where to generate the library (default: a temporary folder)")
    args = parser.parse_args()

    from moodplayer.audio.cache import FeatureCache
    from moodplayer.audio.mood_model import AudioMoodModel
    from moodplayer.sorting import suggest_files

    with tempfile.TemporaryDirectory(prefix="moodplayer-bench-audio-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths = make_library(folder, args.tracks)
        print(f"library: {len(paths)} tracks of 3-3.9 min (8 distinct songs, MP3 and FLAC, 44.1 kHz stereo), "
              f"made in {time.perf_counter() - started:.0f} s")
        model = AudioMoodModel.load()
        with FeatureCache(Path(scratch) / "cache") as cache:
            for label in ("first run", "second run (cached)"):
                started = time.perf_counter()
                results = list(suggest_files(paths, model, cache=cache, workers=args.workers))
                seconds = time.perf_counter() - started
                errors = sum(r.error is not None for r in results)
                print(f"{label}: {seconds:.1f} s for {len(results)} tracks ({len(results) / seconds:.1f} tracks/s, "
                      f"{seconds / len(results) * 1000 / 60:.1f} min per 1,000), {errors} errors")
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores, {args.workers} worker processes")


if __name__ == "__main__":
    main()
