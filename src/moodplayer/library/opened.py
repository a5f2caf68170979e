"""Songs opened from outside the window: ``moodplayer song.mp3 album/ mix.m3u``, or a file
manager's "Open With MoodPlayer" (which runs the same command, or hands the paths to the running
window). Each path is a song, a folder (its songs, albums inside included, in path order) or a
playlist; anything else is named in one message, and nothing is read that could block (a pipe or
a device named like a song)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from moodplayer.domain.paths import display_name
from moodplayer.library.playlists import PlaylistError, is_playlist_path, read_playlist
from moodplayer.library.scanner import Walk, list_audio_files
from moodplayer.library.tags import is_audio_path
from moodplayer.library.track import Track

SHOWN_PROBLEMS = 3  # problems named in the one-line message; the rest are counted
# What MoodPlayer opens, as MIME types: the menu entry's MimeType (assets/moodplayer.desktop, held
# to this list by a test) and MPRIS's SupportedMimeTypes. Songs (library/tags.AUDIO_EXTENSIONS) and
# playlists (library/playlists.PLAYLIST_SUFFIXES, but CSV: a file manager would offer us every table).
OPENED_MIME_TYPES = (
    "audio/mpeg", "audio/ogg", "audio/x-vorbis+ogg", "audio/x-opus+ogg", "audio/opus", "audio/flac", "audio/x-flac",
    "audio/wav", "audio/x-wav", "audio/mp4", "audio/x-m4a", "audio/aac", "audio/x-ms-wma", "audio/x-aiff",
    "audio/x-matroska", "audio/x-ape", "audio/x-wavpack", "audio/x-musepack",
    "audio/x-mpegurl", "audio/mpegurl", "application/vnd.apple.mpegurl", "audio/x-scpls", "application/xspf+xml",
)


@dataclass
class Opened:
    songs: list[Path] = field(default_factory=list)  # in the order given, folders expanded
    problems: list[str] = field(default_factory=list)  # "name: why", one per path that gave nothing usable

    def summary(self) -> str:
        """One line for the status bar: "Opened 12 songs; not found: x.mp3." """
        count = len(self.songs)
        parts = [f"Opened {count} song{'s' if count != 1 else ''}" if count else "Nothing to play"]
        if self.problems:
            more = len(self.problems) - SHOWN_PROBLEMS
            parts.append("; ".join(self.problems[:SHOWN_PROBLEMS]) + (f"; and {more} more" if more > 0 else ""))
        return "; ".join(parts) + "."


def resolve_opened(paths: Iterable[Path], library: Iterable[Track] = ()) -> Opened:
    """The songs ``paths`` name. One Walk is shared, so a song reached twice (a folder and a link
    to it, or a link loop) is listed once; a song named twice on its own is played twice."""
    opened = Opened()
    walk = Walk()
    library = list(library)
    for path in map(Path, paths):
        name = display_name(path)
        try:
            status = os.stat(path)
        except OSError as error:
            opened.problems.append(f"{name}: {'not found' if isinstance(error, FileNotFoundError) else error.strerror}")
            continue
        mode = status.st_mode
        if stat.S_ISDIR(mode) and (status.st_dev, status.st_ino) in walk.folders_seen:
            opened.problems.append(f"{name}: opened already")
        elif stat.S_ISDIR(mode):
            songs = [found.path for found in list_audio_files(path, walk=walk)]
            opened.songs.extend(songs)
            if not songs:
                opened.problems.append(f"{name}: no songs in this folder")
        elif not stat.S_ISREG(mode):
            opened.problems.append(f"{name}: not a regular file (a device or a pipe is never read)")
        elif is_playlist_path(path):
            try:
                found = read_playlist(path, library)
            except PlaylistError as error:  # its message starts with the playlist's name
                opened.problems.append(str(error))
                continue
            opened.songs.extend(found.resolved)
            opened.problems.extend(f"{name}: {problem}" for problem in found.problems())
        elif is_audio_path(path):
            opened.songs.append(path)
        else:
            opened.problems.append(f"{name}: not a song, a folder or a playlist")
    return opened
