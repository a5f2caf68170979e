"""The names and order of the audio features, shared by the extractor (librosa) and the model (NumPy).

Bump ``FEATURE_VERSION`` whenever the extractor changes what a number means: cached features
of another version are analysed again, and a model trained on another version refuses to load.
"""

from __future__ import annotations

FEATURE_VERSION = 2

SAMPLE_RATE = 22050  # Hz, what every file is resampled to
# seconds analysed, from the middle of longer files: the training excerpts (Emotify) are 30 s
# cut from the middle of their songs, so the model sees at run time what it was trained on.
WINDOW_SECONDS = 30.0
MIN_SECONDS = 1.0  # shorter than this is an error, not a mood

_STATS = ("mean", "std")
N_MEL_BANDS = 16  # coarse mel bands for the timbre profile
FEATURE_NAMES: tuple[str, ...] = (
    "tempo_bpm",  # librosa.feature.tempo on the onset envelope
    "onset_rate",  # detected onsets per second
    *(f"rms_db_{s}" for s in _STATS),  # frame loudness, dB re full scale
    *(f"centroid_hz_{s}" for s in _STATS),
    *(f"contrast_{band}_{s}" for s in _STATS for band in range(7)),  # dB, 6 octave bands + rest
    *(f"flux_{s}" for s in _STATS),  # onset strength (positive log-mel flux)
    *(f"rolloff_hz_{s}" for s in _STATS),  # 85 % of the energy below
    *(f"flatness_{s}" for s in _STATS),  # 0 = tonal, 1 = noise
    *(f"zcr_{s}" for s in _STATS),
    *(f"mfcc_{i}_{s}" for s in _STATS for i in range(13)),
    # Chroma relative to the estimated tonic (index 0 = tonic), so the key itself does not matter.
    *(f"chroma_rel_{i}" for i in range(12)),
    "key_major_r",  # best correlation of the mean chroma with a rotated Krumhansl-Kessler major profile
    "key_minor_r",  # ... with the minor profile
    # Added in version 2: a coarse timbre profile, how pitch classes come and go, beat and dynamics.
    *(f"mel_{band}_{s}" for s in ("mean", "std", "change") for band in range(N_MEL_BANDS)),  # dB; change = mean |frame diff|
    *(f"chroma_std_{i}" for i in range(12)),  # how much each pitch class comes and goes
    "pulse_clarity",  # highest autocorrelation of the onset envelope at 0.46-9.3 s lags (0..1)
    "low_energy",  # share of frames under half the mean RMS
    *(f"bandwidth_hz_{s}" for s in _STATS),
    "dynamic_range_db",  # 95th minus 5th percentile of frame loudness
)
NUM_FEATURES = len(FEATURE_NAMES)
