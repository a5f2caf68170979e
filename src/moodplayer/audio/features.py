"""Audio features of one file (``FEATURE_NAMES``), computed with librosa from a window of the file.

librosa's pitch-tracking code (``estimate_tuning``, ``yin``/``pyin``, ``piptrack``, and so the
chroma functions with their default ``tuning=None``) has been seen to kill the process with a
segmentation fault inside a numba gufunc on the team's AMD EPYC machines. So: chroma is computed
with ``tuning=0.0`` (no tuning estimate: a quarter-tone-off recording smears its chroma a little,
which the key fit tolerates), numba is told to compile for a generic CPU when this module is the
first to load it, and the app runs this code in worker processes only (``batch.py``).
"""

from __future__ import annotations

import os

# Must be set before numba is imported (librosa imports it). Generic code is a little slower and
# gives the same numbers; setdefault leaves a deliberate choice of the user alone.
os.environ.setdefault("NUMBA_CPU_NAME", "generic")

import logging
import warnings
from pathlib import Path

import librosa
import numpy as np

from moodplayer.audio.decode import load_window
from moodplayer.audio.featureset import (
    FEATURE_NAMES,
    N_MEL_BANDS,
    NUM_FEATURES,
    SAMPLE_RATE,
    WINDOW_SECONDS,
)

logger = logging.getLogger(__name__)

N_FFT = 2048  # samples (93 ms at 22.05 kHz)
HOP = 512  # samples (23 ms)
N_MELS = 64

# Krumhansl-Kessler key profiles (probe-tone ratings, Krumhansl 1990), tonic first.
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def extract_features(path: Path, seconds: float = WINDOW_SECONDS) -> np.ndarray:
    """The ``NUM_FEATURES`` features of the middle ``seconds`` of the file, float64, in ``FEATURE_NAMES`` order.

    Raises AudioDecodeError when the file cannot be decoded (or is silent or too short).
    """
    return features_of_signal(load_window(Path(path), seconds), SAMPLE_RATE)


def features_of_signal(y: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """The features of a mono signal ``y`` (float32, shape ``(n,)``) sampled at ``sr`` Hz."""
    with warnings.catch_warnings():
        # librosa warns about n_fft > length for very short signals; the numbers are still defined.
        warnings.simplefilter("ignore", UserWarning)
        return _features(y, sr)


def _features(y: np.ndarray, sr: int) -> np.ndarray:
    duration = len(y) / sr  # seconds
    stft = np.abs(librosa.stft(y, n_fft=N_FFT, hop_length=HOP))
    power = stft**2
    mel_db = librosa.power_to_db(librosa.feature.melspectrogram(S=power, sr=sr, n_mels=N_MELS), ref=1.0)

    onset_env = librosa.onset.onset_strength(S=mel_db, sr=sr, hop_length=HOP)
    tempo = float(librosa.feature.tempo(onset_envelope=onset_env, sr=sr, hop_length=HOP)[0])
    onsets = librosa.onset.onset_detect(onset_envelope=onset_env, sr=sr, hop_length=HOP)

    rms = librosa.feature.rms(S=stft, frame_length=N_FFT)[0]
    rms_db = 20 * np.log10(rms + 1e-5)
    centroid = librosa.feature.spectral_centroid(S=stft, sr=sr)[0]
    contrast = librosa.feature.spectral_contrast(S=stft, sr=sr)
    rolloff = librosa.feature.spectral_rolloff(S=stft, sr=sr, roll_percent=0.85)[0]
    flatness = librosa.feature.spectral_flatness(S=stft)[0]
    zcr = librosa.feature.zero_crossing_rate(y, frame_length=N_FFT, hop_length=HOP)[0]
    mfcc = librosa.feature.mfcc(S=mel_db, n_mfcc=13)
    # tuning=0.0: no tuning estimate (the call that crashes, see the module docstring).
    chroma_frames = librosa.feature.chroma_stft(S=power, sr=sr, tuning=0.0)
    relative_chroma, major_r, minor_r = key_fit(chroma_frames.mean(axis=1))
    bands = librosa.power_to_db(librosa.feature.melspectrogram(S=power, sr=sr, n_mels=N_MEL_BANDS), ref=1.0)
    bandwidth = librosa.feature.spectral_bandwidth(S=stft, sr=sr)[0]

    values = [
        tempo, len(onsets) / duration,
        rms_db.mean(), rms_db.std(),
        centroid.mean(), centroid.std(),
        *contrast.mean(axis=1), *contrast.std(axis=1),
        onset_env.mean(), onset_env.std(),
        rolloff.mean(), rolloff.std(),
        flatness.mean(), flatness.std(),
        zcr.mean(), zcr.std(),
        *mfcc.mean(axis=1), *mfcc.std(axis=1),
        *relative_chroma, major_r, minor_r,
        *bands.mean(axis=1), *bands.std(axis=1), *_mean_change(bands),
        *chroma_frames.std(axis=1),
        pulse_clarity(onset_env), float((rms < 0.5 * rms.mean()).mean()),
        bandwidth.mean(), bandwidth.std(),
        float(np.percentile(rms_db, 95) - np.percentile(rms_db, 5)),
    ]
    features = np.asarray(values, dtype=np.float64)
    assert features.shape == (NUM_FEATURES,), (features.shape, len(FEATURE_NAMES))
    return np.nan_to_num(features, nan=0.0, posinf=0.0, neginf=0.0)


def _mean_change(frames: np.ndarray) -> np.ndarray:
    """Mean absolute frame-to-frame change of each row of ``frames`` (rows, n); zeros for one frame."""
    if frames.shape[1] < 2:
        return np.zeros(frames.shape[0])
    return np.abs(np.diff(frames, axis=1)).mean(axis=1)


def pulse_clarity(onset_env: np.ndarray) -> float:
    """How regular the beat is (0..1): the onset envelope's highest normalised autocorrelation
    at lags of 20-400 frames (0.46-9.3 s at HOP 512, 22.05 kHz), where a steady beat repeats."""
    if onset_env.size < 40:
        return 0.0
    centred = onset_env - onset_env.mean()
    correlation = librosa.autocorrelate(centred, max_size=min(400, centred.size))
    if correlation[0] <= 0:
        return 0.0
    return float(np.clip(correlation[20:].max() / correlation[0], 0.0, 1.0))


def key_fit(chroma: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Fit the 24 major and minor keys to a mean chroma vector (12,) by correlation with the
    Krumhansl-Kessler profiles.

    Returns the chroma rotated so that the best key's tonic is index 0 and normalised to sum 1,
    and the best major and best minor correlation (each in [-1, 1]; major minus minor says the mode).
    """
    chroma = np.asarray(chroma, dtype=np.float64)
    if not np.any(chroma > 0) or np.ptp(chroma) == 0:
        return np.full(12, 1 / 12), 0.0, 0.0
    major = np.array([np.corrcoef(chroma, np.roll(MAJOR_PROFILE, k))[0, 1] for k in range(12)])
    minor = np.array([np.corrcoef(chroma, np.roll(MINOR_PROFILE, k))[0, 1] for k in range(12)])
    tonic = int(major.argmax()) if major.max() >= minor.max() else int(minor.argmax())
    rotated = np.roll(chroma, -tonic)
    return rotated / rotated.sum(), float(major.max()), float(minor.max())
