"""A song's lyrics, from what is on this computer only (nothing is fetched): a ``.lrc`` file beside
the song (``Song.lrc`` for ``Song.mp3``), else the lyrics in its tags. LRC time tags make them
synced: the window then marks the line being sung."""

from __future__ import annotations

import bisect
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from moodplayer.library.folders import open_regular
from moodplayer.library.tags import read_embedded_lyrics

logger = logging.getLogger(__name__)

MAX_LRC_BYTES = 1 << 20  # a sidecar bigger than this is not lyrics: skipped unread
_TIME_TAG = re.compile(r"\[(\d{1,3}):(\d{1,2}(?:[.:]\d{1,3})?)\]")  # [mm:ss], [mm:ss.xx], [mm:ss:xx]
_OFFSET_TAG = re.compile(r"^\[offset:\s*([+-]?\d+)\s*\]\s*$", re.IGNORECASE)  # milliseconds, + is earlier
_ID_TAG = re.compile(r"^\[[a-z#]+:.*\]\s*$", re.IGNORECASE)  # [ar:Artist], [ti:Title], [length: 3:12] ...
_WORD_TIME = re.compile(r"<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>")  # enhanced LRC's per-word times, not shown


@dataclass(frozen=True)
class LyricLine:
    time_s: float | None  # when it is sung (synced lyrics); None for plain text
    text: str


@dataclass
class Lyrics:
    lines: list[LyricLine] = field(default_factory=list)
    source: str = ""  # where they came from, in words: "Song.lrc", "the song's tags"

    @property
    def synced(self) -> bool:
        return bool(self.lines) and self.lines[0].time_s is not None

    def line_at(self, position_s: float) -> int | None:
        """The index of the line being sung at ``position_s`` (synced lyrics), None before the first."""
        if not self.synced:
            return None
        index = bisect.bisect_right([line.time_s for line in self.lines], position_s) - 1
        return index if index >= 0 else None


def _seconds(minutes: str, seconds: str) -> float:
    whole, _, fraction = seconds.replace(":", ".").partition(".")
    return int(minutes) * 60 + int(whole) + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def parse_lyrics(text: str, source: str = "") -> Lyrics:
    """Lyrics from LRC text (time tags: synced, in time order) or from plain text (its lines)."""
    timed: list[LyricLine] = []
    offset_s = 0.0
    plain: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if match := _OFFSET_TAG.match(line):
            offset_s = int(match.group(1)) / 1000
            continue
        times = []
        while match := _TIME_TAG.match(line):  # one line may carry several times: a chorus
            times.append(_seconds(*match.groups()))
            line = line[match.end():]
        if times:
            words = _WORD_TIME.sub("", line).strip()
            timed.extend(LyricLine(time, words) for time in times)
        elif not _ID_TAG.match(line):
            plain.append(_WORD_TIME.sub("", line).rstrip())
    if timed:
        lines = sorted((LyricLine(max(0.0, line.time_s - offset_s), line.text) for line in timed),
                       key=lambda line: line.time_s)
        return Lyrics(lines, source)
    while plain and not plain[-1]:
        plain.pop()
    while plain and not plain[0]:
        plain.pop(0)
    return Lyrics([LyricLine(None, line) for line in plain], source)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM; else Windows-1252, the usual other one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _sidecar(song: Path) -> Path | None:
    """``Song.lrc`` (or ``Song.LRC``) beside ``song``, when it is a regular file."""
    for suffix in (".lrc", ".LRC"):
        candidate = song.with_suffix(suffix)
        try:
            if stat.S_ISREG(os.stat(candidate).st_mode):
                return candidate
        except OSError:
            continue
    return None


def read_lyrics(song: Path) -> Lyrics | None:
    """The song's lyrics: its ``.lrc`` file, else its tags; None when it has none. Never raises for
    a file that cannot be read (it is logged and the next source is tried)."""
    song = Path(song)
    sidecar = _sidecar(song)
    if sidecar is not None:
        try:
            # Opened without blocking and checked again once open: a pipe put in its place since
            # _sidecar() looked is refused, not waited on.
            with open_regular(sidecar) as file:
                data = file.read() if os.fstat(file.fileno()).st_size <= MAX_LRC_BYTES else None
            if data is None:
                logger.warning("Skipping %r: too large for lyrics", str(sidecar))
            else:
                lyrics = parse_lyrics(_decode(data), sidecar.name)
                if lyrics.lines:
                    return lyrics
        except OSError as error:
            logger.warning("Cannot read the lyrics in %r: %s", str(sidecar), error)
    text = read_embedded_lyrics(song)
    lyrics = parse_lyrics(text, "the song's tags") if text else None
    return lyrics if lyrics is not None and lyrics.lines else None
