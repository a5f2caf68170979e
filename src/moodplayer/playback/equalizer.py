"""The listener's own equalizer (Playback > Equalizer > Custom…): a preamp and one gain per band,
kept in the settings as text. No Qt and no libvlc here; the engine applies it (vlc_player.py).

Gains are in dB against the song as it is: all zero is the song unchanged. Raised bands can clip
a loud song unless the preamp is lowered by as much (``headroom_db`` says by how much).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CUSTOM = "Custom"  # the equalizer setting for the listener's bands (none of libvlc's presets has this name)
BAND_RANGE_DB = (-20.0, 20.0)  # libvlc's range for a band's gain
# libvlc's preamp spans -20..+20 dB and +12 dB of it is the song as it is (its headroom), so the
# listener's preamp can lower a song by 20 dB and raise it by 8.
CUSTOM_PREAMP_RANGE_DB = (-20.0, 8.0)


@dataclass(frozen=True)
class CustomEqualizer:
    preamp_db: float
    bands_db: tuple[float, ...]

    @classmethod
    def flat(cls, band_count: int) -> CustomEqualizer:
        return cls(0.0, (0.0,) * band_count)

    @classmethod
    def parse(cls, text: str, band_count: int) -> CustomEqualizer:
        """From ``text()``'s form ("preamp band1 band2 …", dB); ValueError saying what is wrong."""
        words = text.split()
        if len(words) != band_count + 1:
            raise ValueError(f"a preamp and {band_count} band gains expected, got {len(words)} numbers")
        try:
            numbers = [float(word) for word in words]
        except ValueError:
            raise ValueError(f"not numbers: {text!r}") from None
        if not all(math.isfinite(n) for n in numbers):
            raise ValueError(f"not finite: {text!r}")
        return cls(numbers[0], tuple(numbers[1:])).clamped()

    def text(self) -> str:
        return " ".join(f"{value:g}" for value in (self.preamp_db, *self.bands_db))

    def clamped(self) -> CustomEqualizer:
        """Each gain within what libvlc can apply."""
        low, high = BAND_RANGE_DB
        return CustomEqualizer(float(min(CUSTOM_PREAMP_RANGE_DB[1], max(CUSTOM_PREAMP_RANGE_DB[0], self.preamp_db))),
                               tuple(float(min(high, max(low, band))) for band in self.bands_db))

    @property
    def headroom_db(self) -> float:
        """How far the loudest raised band stands over full scale after the preamp (0: no band can
        push a full-scale song over): lowering the preamp by this keeps a loud song from clipping."""
        return max(0.0, self.preamp_db + max(self.bands_db, default=0.0))


def band_label(hz: float) -> str:
    """A band's centre as an equalizer shows it: "60 Hz", "1 kHz", "12 kHz"."""
    if hz >= 1000:
        return f"{hz / 1000:g} kHz"
    return f"{hz:g} Hz"
