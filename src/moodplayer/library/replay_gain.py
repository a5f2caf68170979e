"""Volume levelling from ReplayGain tags: the gain a song plays at (pure; tags.py reads the tags).

A ReplayGain tag says how many dB to move a song (or its whole album) to a common loudness, and
its peak how far it can go up before clipping. Shuffling across albums is where levelling matters,
so "track" uses each song's own gain; "album" keeps an album's quiet and loud songs apart. Either
falls back to the other gain when only one is tagged; a song without tags plays as it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MODES = ("off", "track", "album")
MAX_GAIN_DB = 60.0  # beyond this a tag is damaged, not a real gain (real ones lie within about -20..+15)
_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*(?:db)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ReplayGain:
    track_db: float | None = None
    track_peak: float | None = None  # linear, 1.0 = full scale
    album_db: float | None = None
    album_peak: float | None = None

    @property
    def has_gain(self) -> bool:
        """A song or album gain is there to level by (peaks alone level nothing)."""
        return self.track_db is not None or self.album_db is not None


def parse_gain(text: str) -> float | None:
    """ "-7.23 dB" -> -7.23; None for anything that is not a plausible gain."""
    match = _NUMBER.match(text or "")
    if not match:
        return None
    value = float(match.group(1))
    return value if abs(value) <= MAX_GAIN_DB else None


def parse_peak(text: str) -> float | None:
    match = _NUMBER.match(text or "")
    if not match:
        return None
    value = float(match.group(1))
    return value if 0.0 < value < 100.0 and math.isfinite(value) else None


def level_db(gain: ReplayGain | None, mode: str) -> float:
    """The dB to play a song at in ``mode`` (one of MODES); 0.0 when off or untagged. Never so high
    that the song's tagged peak would clip."""
    if mode not in MODES:
        raise ValueError(f"volume levelling {mode!r} is not one of {', '.join(MODES)}")
    if mode == "off" or gain is None:
        return 0.0
    for kind in (("track", "album") if mode == "track" else ("album", "track")):
        db, peak = getattr(gain, f"{kind}_db"), getattr(gain, f"{kind}_peak")
        if db is not None:
            return min(db, -20.0 * math.log10(peak)) if peak else db
    return 0.0
