"""A song's loudness as ITU-R BS.1770-4 measures it (EBU R128's integrated loudness), and the
ReplayGain 2.0 gain that brings it to the common level: for volume levelling of untagged songs.

The whole file is decoded a block at a time (decode.py), every channel K-weighted (a high shelf,
then a high pass) and its power kept per 100 ms; the 400 ms blocks overlapping by 75% are then
gated at -70 LUFS and 10 LU under their mean, as the standard says. The filters' coefficients are
derived for any sample rate as libebur128 derives them. Peak is the sample peak. NumPy and SciPy
only (SciPy comes with librosa).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import sosfilt

from moodplayer.audio.decode import whole_file_blocks
from moodplayer.audio.errors import AudioDecodeError
from moodplayer.domain.paths import readable

LOUDNESS_VERSION = 1  # bump when the measure changes: cached measures are taken again
REFERENCE_LUFS = -18.0  # ReplayGain 2.0's target loudness
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
SUB_BLOCK_S = 0.1  # 400 ms blocks step by 100 ms (75% overlap)
SUB_BLOCKS_PER_BLOCK = 4
# BS.1770's channel weights in the 5.1 order libsndfile and ffmpeg give (L, R, C, LFE, Ls, Rs):
# the LFE is left out, the surrounds count 1.41 (+1.5 dB).
_SURROUND_WEIGHTS = (1.0, 1.0, 1.0, 0.0, 1.41, 1.41)


# An album's loudness gates all of its songs' blocks together, so each song keeps how many of its
# blocks fell in each 1 LU band from the absolute gate up: 80 numbers, not the blocks themselves.
# Taking a band's blocks at its centre moves a loudness by under 0.15 LU (tests/audio/test_loudness.py).
HISTOGRAM_EDGES = np.arange(ABSOLUTE_GATE_LUFS, 10.0 + 0.5, 1.0)
HISTOGRAM_BINS = len(HISTOGRAM_EDGES) - 1
MEASURE_SIZE = 2 + HISTOGRAM_BINS  # what a cached measure holds: LUFS, peak, the histogram


@dataclass(frozen=True)
class Loudness:
    lufs: float  # integrated loudness
    peak: float  # sample peak, linear (1.0 = full scale)
    histogram: np.ndarray | None = None  # blocks per 1 LU band of HISTOGRAM_EDGES (for album_loudness)

    @property
    def gain_db(self) -> float:
        """The ReplayGain 2.0 track gain: what brings the song to -18 LUFS."""
        return REFERENCE_LUFS - self.lufs


def k_weighting(rate: int) -> np.ndarray:
    """The K-weighting filter at ``rate`` Hz as second-order sections (BS.1770-4's two stages)."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh ** 0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf = [(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
             1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1.0 + k / q + k * k
    high_pass = [1.0, -2.0, 1.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    return np.array([shelf, high_pass])


def channel_weights(channels: int) -> np.ndarray:
    if channels == len(_SURROUND_WEIGHTS):
        return np.array(_SURROUND_WEIGHTS)
    return np.ones(channels)


class _PowerMeter:
    """K-weighted, channel-weighted power summed per 100 ms sub-block, fed a block at a time."""

    def __init__(self, rate: int, channels: int):
        self.sos = k_weighting(rate)
        self.weights = channel_weights(channels)
        self.state = np.zeros((len(self.sos), 2, channels))  # silence before the song
        self.sub_block = max(1, round(rate * SUB_BLOCK_S))
        self.sums: list[np.ndarray] = []  # each sub-block's weighted sum of squares
        self._carry = np.zeros(0)  # weighted squares of samples not yet in a whole sub-block
        self.peak = 0.0

    def feed(self, block: np.ndarray) -> None:
        if block.size == 0:
            return
        self.peak = max(self.peak, float(np.abs(block).max()))
        filtered, self.state = sosfilt(self.sos, block.astype(np.float64), axis=0, zi=self.state)
        squares = np.concatenate([self._carry, (filtered * filtered) @ self.weights])
        whole = squares.size - squares.size % self.sub_block
        self.sums.append(squares[:whole].reshape(-1, self.sub_block).sum(axis=1))
        self._carry = squares[whole:]

    def block_powers(self) -> np.ndarray:
        """Mean weighted power of each 400 ms block (a partial last sub-block is left out, as
        libebur128 leaves it)."""
        sums = np.concatenate(self.sums) if self.sums else np.zeros(0)
        if sums.size < SUB_BLOCKS_PER_BLOCK:
            return np.zeros(0)
        windows = np.lib.stride_tricks.sliding_window_view(sums, SUB_BLOCKS_PER_BLOCK).sum(axis=1)
        return windows / (SUB_BLOCKS_PER_BLOCK * self.sub_block)


def _lufs(power: np.ndarray | float) -> np.ndarray | float:
    with np.errstate(divide="ignore"):
        return -0.691 + 10.0 * np.log10(power)


def gated_loudness(block_powers: np.ndarray) -> float | None:
    """BS.1770-4's integrated loudness of the 400 ms blocks' powers; None when every block is
    under the absolute gate (silence)."""
    audible = block_powers[_lufs(block_powers) > ABSOLUTE_GATE_LUFS]
    if audible.size == 0:
        return None
    relative_gate = _lufs(audible.mean()) + RELATIVE_GATE_LU
    kept = audible[_lufs(audible) > relative_gate]
    return float(_lufs(kept.mean()))


def block_histogram(block_powers: np.ndarray) -> np.ndarray:
    """How many 400 ms blocks fall in each 1 LU band above the absolute gate (louder ones in the top band)."""
    levels = _lufs(block_powers[block_powers > 0])
    levels = np.minimum(levels[levels > ABSOLUTE_GATE_LUFS], HISTOGRAM_EDGES[-1] - 1e-9)
    return np.histogram(levels, bins=HISTOGRAM_EDGES)[0].astype(np.float64)


def album_loudness(histograms: list[np.ndarray]) -> float | None:
    """The integrated loudness of songs played as one, from their block histograms: BS.1770's two
    gates over all their blocks together (the band holding the relative gate counts in part)."""
    counts = np.sum(histograms, axis=0)
    if counts.sum() <= 0:
        return None
    centres = (HISTOGRAM_EDGES[:-1] + HISTOGRAM_EDGES[1:]) / 2
    powers = 10.0 ** ((centres + 0.691) / 10.0)
    gate = float(_lufs((counts * powers).sum() / counts.sum())) + RELATIVE_GATE_LU
    kept = counts * np.clip(HISTOGRAM_EDGES[1:] - gate, 0.0, 1.0)  # the share of each band above the gate
    return float(_lufs((kept * powers).sum() / kept.sum()))


def measure_loudness(path: Path) -> Loudness:
    """The song's integrated loudness and sample peak, from all of it.

    Raises AudioDecodeError (not audio, corrupt, silent, under 0.4 s) or its AudioAccessError.
    """
    rate, blocks = whole_file_blocks(path)
    meter: _PowerMeter | None = None
    for block in blocks:
        if meter is None:
            meter = _PowerMeter(rate, block.shape[1])
        meter.feed(block)
    powers = meter.block_powers() if meter is not None else np.zeros(0)
    if powers.size == 0:
        raise AudioDecodeError(f"{readable(path)}: no audio, or too short to measure its loudness")
    if not np.all(np.isfinite(powers)):
        raise AudioDecodeError(f"{readable(path)}: corrupt audio (not-a-number samples)")
    lufs = gated_loudness(powers)
    if lufs is None:
        raise AudioDecodeError(f"{readable(path)}: silent")
    return Loudness(lufs, meter.peak, block_histogram(powers))


def extract_loudness(path: str) -> list[float]:
    """The analysis workers' job (batch.analyse's ``extractor``): [integrated LUFS, sample peak,
    *the block histogram] (MEASURE_SIZE numbers)."""
    loudness = measure_loudness(Path(path))
    return [loudness.lufs, loudness.peak, *loudness.histogram]


def from_measure(measure) -> Loudness | None:
    """A cached measure (``extract_loudness``'s numbers) as Loudness; None for NOT_MEASURED."""
    if measure is None or len(measure) != MEASURE_SIZE or math.isnan(measure[0]):
        return None
    return Loudness(float(measure[0]), float(measure[1]), np.asarray(measure[2:], dtype=np.float64))


NOT_MEASURED = [math.nan] * MEASURE_SIZE  # the job's answer for a song whose ReplayGain tags level it


def measure_untagged(path: str) -> list[float]:
    """The levelling scan's job: ``extract_loudness`` for a song without ReplayGain gains, NOT_MEASURED
    for one whose tags have them (they win, and decoding the song would be wasted)."""
    from moodplayer.library.tags import read_replay_gain

    tags = read_replay_gain(Path(path))
    if tags is not None and tags.has_gain:
        return list(NOT_MEASURED)
    return extract_loudness(path)
