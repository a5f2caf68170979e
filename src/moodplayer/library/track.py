"""The Track value object: one audio file and what its tags say about it (pure stdlib)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from moodplayer.domain.paths import display_name, is_undecodable


@dataclass(frozen=True)
class Track:
    """One audio file. ``duration_s`` is in seconds (None when unknown); ``error`` is set when the
    file has an audio extension but its contents cannot be read (corrupt, empty, wrong format)."""

    path: Path
    title: str = ""
    artist: str = ""
    album: str = ""
    duration_s: float | None = None
    mood: str | None = None
    has_cover: bool = False
    error: str | None = None
    languages: tuple[str, ...] = ()  # language codes from the tags ("en", "fr", "zxx"...); () when untagged
    track_number: int | None = None  # its place on the album ("3" of "3/12"); None when untagged
    disc_number: int | None = None  # which disc of a set ("2" of "2/3"); None when untagged
    album_artist: str = ""  # a compilation's "Various Artists"; "" when untagged

    @property
    def album_key(self) -> tuple[str, str] | None:
        """Which album the song is on: its album tag and album artist (else its artist, so that two
        artists' "Greatest Hits" stay apart); None without an album tag."""
        return (self.album, self.album_artist or self.artist) if self.album else None

    @property
    def display_title(self) -> str:
        """The tagged title, or the file name (undecodable bytes shown escaped) when untagged."""
        return self.title or display_name(self.path)

    @property
    def undecodable_name(self) -> bool:
        """The file name is not valid UTF-8: shown escaped, and marked so in the window."""
        return is_undecodable(self.path.name)

    @property
    def playable(self) -> bool:
        return self.error is None


def album_position(track: Track) -> tuple:
    """Where a song comes on its album, to sort by: disc (none is the first), then track number,
    songs without one last."""
    return track.track_number is None, track.disc_number or 1, track.track_number or 0


def format_duration(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``); ``--:--`` when unknown."""
    if seconds is None or seconds < 0:
        return "--:--"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
