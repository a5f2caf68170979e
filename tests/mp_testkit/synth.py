"""Generated songs whose mood is clear by construction: tempo, loudness, drums and mode are chosen."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

RATE = 22050
MAJOR = (0, 4, 7)  # semitones above the root
MINOR = (0, 3, 7)


def _chords(t: np.ndarray, beat: float, mode: tuple[int, ...], root_hz: float, harmonics: int) -> np.ndarray:
    """I-IV-V-I (or i-iv-V-i, the dominant major as in harmonic minor, else the chords are the
    relative major's), a bar of four beats each, with ``harmonics`` partials per note."""
    signal = np.zeros_like(t)
    bar = (np.floor(t / (4 * beat)).astype(int)) % 4
    for index, step in enumerate((0, 5, 7, 0)):
        span = bar == index
        for interval in (MAJOR if step == 7 else mode):
            f = root_hz * 2 ** ((step + interval) / 12)
            for h in range(1, harmonics + 1):
                signal[span] += np.sin(2 * np.pi * f * h * t[span]) / h
    return signal


def _hits(t: np.ndarray, every: float, decay_s: float, rng, tone_hz: float | None = None) -> np.ndarray:
    """A percussive hit every ``every`` seconds: noise (or a falling tone, for a kick) with an exponential decay."""
    out = np.zeros_like(t)
    n = int(4 * decay_s * RATE)
    envelope = np.exp(-np.arange(n) / (decay_s * RATE))
    for onset in np.arange(0, t[-1], every):
        i = int(onset * RATE)
        if tone_hz is None:
            hit = rng.standard_normal(n) * envelope
        else:
            hit = np.sin(2 * np.pi * tone_hz * np.arange(n) / RATE * (1 + envelope)) * envelope
        out[i:i + n] += hit[: out.size - i]
    return out


def song(path: Path, *, bpm: float, rms_db: float, mode: tuple[int, ...], drums: bool, seconds: float = 15.0,
         root_hz: float = 220.0, harmonics: int = 2, seed: int = 0) -> Path:
    """Chords in ``mode`` at ``bpm``, with kick/snare/hi-hat when ``drums``, scaled to ``rms_db`` dBFS RMS."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    beat = 60.0 / bpm
    signal = _chords(t, beat, mode, root_hz, harmonics)
    signal /= np.abs(signal).max()
    if drums:
        signal = np.tanh(3 * signal)  # a driven, distorted pad
        signal += _hits(t, beat, 0.06, rng, tone_hz=60) + 0.5 * _hits(t + beat, 2 * beat, 0.04, rng)
        signal += 0.2 * _hits(t, beat / 2, 0.01, rng)
    signal *= 10 ** (rms_db / 20) / np.sqrt((signal**2).mean())
    soundfile.write(path, np.clip(signal, -1, 1).astype(np.float32), RATE)
    return path


def energetic(path: Path, seed: int = 0) -> Path:
    """Fast, loud, bright, driven by drums, major: pleasant and energetic."""
    return song(path, bpm=150, rms_db=-10, mode=MAJOR, drums=True, harmonics=6, seed=seed)


def calm_sad(path: Path, seed: int = 0) -> Path:
    """Slow, soft, dark, no drums, minor: unpleasant and calm."""
    return song(path, bpm=50, rms_db=-32, mode=MINOR, drums=False, root_hz=220.0, harmonics=1, seed=seed)
