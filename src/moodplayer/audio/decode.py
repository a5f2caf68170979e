"""Decode a window of a file to mono float32 at ``SAMPLE_RATE``.

libsndfile (through soundfile) reads WAV, FLAC, Ogg Vorbis/Opus, AIFF and MP3 and seeks straight
to the middle of the file; everything else (AAC/M4A, WMA, APE, ...) goes through audioread, which
runs ffmpeg and decodes from the start up to the end of the window.
"""

from __future__ import annotations

import logging
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import audioread
import numpy as np
import soundfile

from moodplayer.audio.access import check_file
from moodplayer.audio.errors import AudioAccessError, AudioDecodeError
from moodplayer.audio.featureset import MIN_SECONDS, SAMPLE_RATE, WINDOW_SECONDS
from moodplayer.domain.paths import readable

logger = logging.getLogger(__name__)

SILENCE = 1e-4  # peak amplitude (full scale 1.0) under which a window counts as silent (-80 dBFS)


def load_window(path: Path, seconds: float = WINDOW_SECONDS, sr: int = SAMPLE_RATE) -> np.ndarray:
    """The middle ``seconds`` of the file (all of it if shorter), mono, float32 in [-1, 1], at ``sr`` Hz.

    Raises AudioDecodeError for an empty, corrupt, silent or too short file, and its AudioAccessError
    for one that cannot be read at all (missing, permission denied, a pipe or a device: never read).
    """
    path = Path(path)
    if check_file(path) == 0:
        raise AudioDecodeError(f"{readable(path)}: empty file")
    try:
        samples, native_sr = _read_soundfile(path, seconds)
    except (soundfile.LibsndfileError, RuntimeError, ValueError) as error:
        logger.debug("libsndfile cannot read %r (%s); trying audioread", path, error)
        samples, native_sr = _read_audioread(path, seconds)
    if samples.size < MIN_SECONDS * native_sr:
        raise AudioDecodeError(f"{readable(path)}: no audio, or shorter than {MIN_SECONDS:g} s")
    if not np.all(np.isfinite(samples)):
        raise AudioDecodeError(f"{readable(path)}: corrupt audio (not-a-number samples)")
    if np.abs(samples).max() < SILENCE:
        raise AudioDecodeError(f"{readable(path)}: silent")
    if native_sr != sr:
        import librosa

        samples = librosa.resample(samples, orig_sr=native_sr, target_sr=sr, res_type="soxr_hq")
    return np.ascontiguousarray(samples, dtype=np.float32)


def _window(total: int, rate: int, seconds: float) -> tuple[int, int]:
    """(first sample, sample count) of the middle ``seconds`` of ``total`` samples."""
    length = min(total, round(seconds * rate))
    return (total - length) // 2, length


def _read_soundfile(path: Path, seconds: float) -> tuple[np.ndarray, int]:
    with soundfile.SoundFile(path) as f:
        rate = f.samplerate
        start, length = _window(f.frames, rate, seconds)
        if start and f.seekable():
            f.seek(start)
        data = f.read(length, dtype="float32", always_2d=True)
    return data.mean(axis=1), rate


@contextmanager
def _audioread_errors(path: Path) -> Iterator[None]:
    """audioread's many failures as our two errors."""
    try:
        yield
    except PermissionError as error:  # changed since check_file: not the content's fault
        raise AudioAccessError(f"{readable(path)}: cannot read (permission denied)") from error
    except (audioread.DecodeError, EOFError, OSError, ValueError, RuntimeError, wave.Error) as error:
        # NoBackendError is a DecodeError: ffmpeg (and every other backend) refused the file. Python's
        # wave module (audioread's fallback for a RIFF header) raises RuntimeError or wave.Error on junk.
        raise AudioDecodeError(f"{readable(path)}: cannot decode (not audio, corrupt or unsupported)") from error


def _read_audioread(path: Path, seconds: float) -> tuple[np.ndarray, int]:
    with _audioread_errors(path):
        with audioread.audio_open(str(path)) as f:
            rate, channels = f.samplerate, max(1, f.channels)
            total = int(f.duration * rate) if f.duration else 0
            start, length = _window(total, rate, seconds) if total else (0, int(seconds * rate))
            skip, want = start * channels, length * channels  # interleaved int16 samples
            chunks, have = [], 0
            for buffer in f:
                block = np.frombuffer(buffer, dtype="<i2")
                if skip >= block.size:
                    skip -= block.size
                    continue
                block, skip = block[skip:], 0
                chunks.append(block[: want - have])
                have += chunks[-1].size
                if have >= want:
                    break
    if not chunks:
        raise AudioDecodeError(f"{readable(path)}: no audio")
    data = np.concatenate(chunks).astype(np.float32) / 32768.0
    data = data[: data.size - data.size % channels].reshape(-1, channels)
    return data.mean(axis=1), rate


def whole_file_blocks(path: Path, frames: int = 1 << 16) -> tuple[int, Iterator[np.ndarray]]:
    """(sample rate, blocks) for all of the file, every channel kept: each block a float32 array of
    shape (frames, channels) in [-1, 1]. For measures of the whole song (loudness.py), where
    ``load_window`` reads only its middle. Raises AudioDecodeError (AudioAccessError) as it does,
    from here or while the blocks are read."""
    path = Path(path)
    if check_file(path) == 0:
        raise AudioDecodeError(f"{readable(path)}: empty file")
    try:
        sound = soundfile.SoundFile(path)
    except (soundfile.LibsndfileError, RuntimeError, ValueError) as error:
        logger.debug("libsndfile cannot read %r (%s); trying audioread", path, error)
        return _audioread_blocks(path)

    def blocks() -> Iterator[np.ndarray]:
        with sound:
            try:
                yield from sound.blocks(frames, dtype="float32", always_2d=True)
            except (soundfile.LibsndfileError, RuntimeError, ValueError) as error:
                raise AudioDecodeError(f"{readable(path)}: cannot decode (corrupt)") from error

    return sound.samplerate, blocks()


def _audioread_blocks(path: Path) -> tuple[int, Iterator[np.ndarray]]:
    with _audioread_errors(path):
        source = audioread.audio_open(str(path))
    rate, channels = source.samplerate, max(1, source.channels)

    def blocks() -> Iterator[np.ndarray]:
        with _audioread_errors(path), source:
            leftover = np.zeros(0, dtype="<i2")
            for buffer in source:
                samples = np.concatenate([leftover, np.frombuffer(buffer, dtype="<i2")])
                whole = samples.size - samples.size % channels
                leftover = samples[whole:]
                yield samples[:whole].reshape(-1, channels).astype(np.float32) / 32768.0

    return rate, blocks()
