"""Edit tags… : the one place where MoodPlayer writes into a song, and only its title, artist, album,
languages, track and disc numbers (what the window shows, filters, sorts and plays by).

The song is never left half-written: a copy beside it (a hidden file in the same folder, so on the
same file system) gets the new tags, is read back, and replaces the song in one rename. A song that
another program changed meanwhile, a read-only song, or a format whose tags mutagen cannot write
is left exactly as it was, with a message saying why.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

import mutagen
from mutagen import MutagenError
from mutagen.id3 import TALB, TIT2, TLAN, TPE1, TPOS, TRCK
from mutagen.mp4 import MP4Tags

from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import display_name
from moodplayer.library.folders import COPY_CHUNK, open_regular
from moodplayer.library.tags import TagReadError, read_tags

EDITABLE = ("title", "artist", "album", "languages", "track_number", "disc_number")
NUMBERS = ("track_number", "disc_number")  # a number, or None to remove it; an album's total is kept
_ID3 = {"title": TIT2, "artist": TPE1, "album": TALB, "languages": TLAN, "track_number": TRCK, "disc_number": TPOS}
_MP4 = {"title": "\xa9nam", "artist": "\xa9ART", "album": "\xa9alb", "languages": "\xa9lng",
        "track_number": "trkn", "disc_number": "disk"}
_VORBIS = {"title": "title", "artist": "artist", "album": "album", "languages": "language",
           "track_number": "tracknumber", "disc_number": "discnumber"}
# Formats whose tags are ID3 (MP3, WAV, AIFF), MP4 atoms (M4A) or Vorbis comments (FLAC, Ogg, Opus):
# the ones the window reads its titles and languages from in every case.
WRITABLE_SUFFIXES = frozenset({".mp3", ".wav", ".aif", ".aiff", ".m4a", ".mp4", ".flac", ".ogg", ".oga", ".opus"})


class TagWriteError(MoodPlayerError):
    """The tags were not written; the song is as it was."""


def can_edit(path: Path) -> bool:
    return Path(path).suffix.lower() in WRITABLE_SUFFIXES


def write_tags(path: Path, values: dict[str, object]) -> None:
    """Set the song's ``title``, ``artist``, ``album`` (text; "" removes the tag), ``languages``
    (a list of codes; [] removes it), ``track_number`` and ``disc_number`` (a positive number,
    written with the total the tag had, "4/12"; None removes it); keys not given are left alone.
    TagWriteError, the song untouched, when it cannot be done."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for key in NUMBERS:
        number = values.get(key)
        if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
            raise ValueError(f"{key} must be a positive number or None, not {number!r}")
    path = Path(path)
    name = display_name(path)
    if not can_edit(path):
        raise TagWriteError(f"{name}: MoodPlayer cannot write the tags of {path.suffix or 'such'} files")
    try:
        target = path.resolve()  # a linked song: its real file is edited, the link stays a link
        before = target.stat()
    except RuntimeError as error:  # Python's resolve() on a link that leads back to itself
        raise TagWriteError(f"{name} is a link that leads back to itself; nothing was changed") from error
    except OSError as error:
        raise TagWriteError(f"{name}: {error.strerror or error}; nothing was changed") from error
    if not os.access(target, os.W_OK) or not before.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        # The mode too: for root (or a file's owner in a writable folder) the rename would go through.
        raise TagWriteError(f"{name} is read-only; nothing was changed")
    try:
        length = read_tags(target).duration_s
    except TagReadError as error:
        raise TagWriteError(f"{error}; nothing was changed") from error
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=f".tags{target.suffix}",
                                             dir=target.parent)
        os.close(handle)
    except OSError as error:
        raise TagWriteError(f"{name}: its folder is not writable ({error.strerror or error}); "
                            "nothing was changed") from error
    copy = Path(temporary)
    try:
        original = _digest(target, copy_to=copy)
        shutil.copymode(target, copy)
        _set(copy, values)
        _check(copy, values, length)
        with open(copy, "rb+") as written:
            os.fsync(written.fileno())
        now = target.stat()
        # Its content too: a file system with coarse times may not show a quick rewrite in them.
        if (now.st_mtime_ns, now.st_size, now.st_ino) != (before.st_mtime_ns, before.st_size, before.st_ino) \
                or _digest(target) != original:
            raise TagWriteError(f"{name} was changed by another program meanwhile; nothing was changed")
        os.replace(copy, target)
    except TagWriteError:
        _remove(copy)
        raise
    except (MutagenError, OSError, ValueError, TagReadError) as error:
        _remove(copy)
        why = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise TagWriteError(f"{name}: the tags could not be written ({why}); nothing was changed") from error


def write_all_tags(paths: list[Path], values: dict[str, object]) -> tuple[list[Path], list[str]]:
    """write_tags() for each song: (the songs written, a message for each one left as it was)."""
    saved, failures = [], []
    for path in paths:
        try:
            write_tags(path, values)
        except TagWriteError as error:
            failures.append(str(error))
        else:
            saved.append(path)
    return saved, failures


def _set(path: Path, values: dict[str, object]) -> None:
    audio = mutagen.File(path)
    if audio is None:
        raise TagWriteError(f"{display_name(path)}: not a recognised audio file")
    if audio.tags is None:
        audio.add_tags()
    tags = audio.tags
    for key, value in values.items():
        if key in NUMBERS:
            _set_number(tags, key, value)
            continue
        texts = [str(text).strip() for text in (value if key == "languages" else [value]) if str(text).strip()]
        if hasattr(tags, "getall"):  # ID3
            frame = _ID3[key]
            tags.delall(frame.__name__)
            if texts:
                tags.add(frame(encoding=3, text=texts))
        elif isinstance(tags, MP4Tags):
            tags.pop(_MP4[key], None)
            if texts:
                tags[_MP4[key]] = texts
        else:  # Vorbis comments: keys are case-blind, so "TITLE" written by another tagger is replaced too
            with contextlib.suppress(KeyError):
                del tags[_VORBIS[key]]
            if texts:
                tags[_VORBIS[key]] = texts
    audio.save()


def _set_number(tags, key: str, number: int | None) -> None:
    """A track or disc number, keeping the total of the tag it replaces ("3/12" -> "4/12") unless
    the number is past it ("13", not "13/12")."""
    if hasattr(tags, "getall"):  # ID3
        frame = _ID3[key]
        total = _total(str(tags[frame.__name__]) if frame.__name__ in tags else "", number)
        tags.delall(frame.__name__)
        if number is not None:
            tags.add(frame(encoding=3, text=[f"{number}/{total}" if total else str(number)]))
    elif isinstance(tags, MP4Tags):  # (number, total) pairs; 0 is "no total"
        old = tags.pop(_MP4[key], None)
        total = old[0][1] if old and isinstance(old[0], tuple) and len(old[0]) > 1 else 0
        total = total if number is not None and total >= number else 0
        if number is not None:
            tags[_MP4[key]] = [(number, total)]
    else:  # Vorbis comments: most write the total in TRACKTOTAL (left alone), some as "4/12"
        old = tags.get(_VORBIS[key]) or [""]
        total = _total(old[0], number)
        with contextlib.suppress(KeyError):
            del tags[_VORBIS[key]]
        if number is not None:
            tags[_VORBIS[key]] = [f"{number}/{total}" if total else str(number)]


def _total(text: str, number: int | None) -> str:
    """The total of "3/12" ("12"), or "" when the tag names none or ``number`` is past it."""
    _number, slash, total = str(text).partition("/")
    total = total.strip()
    return total if slash and total.isdigit() and number is not None and int(total) >= number else ""


def _check(path: Path, values: dict[str, object], length: float) -> None:
    """The copy reads back as asked, and as long as the song: nothing but the tags changed."""
    track = read_tags(path)
    if abs(track.duration_s - length) > 0.5:
        raise TagWriteError(f"{display_name(path)}: writing the tags changed the song's length; nothing was changed")
    for key in ("title", "artist", "album"):
        # A removed tag is not checked: a WAV's RIFF INFO may still name it (the window shows that).
        if str(values.get(key, "")).strip() and getattr(track, key) != str(values[key]).strip():
            raise TagWriteError(f"{display_name(path)}: the {key} did not read back as written; nothing was changed")
    for key in NUMBERS:
        if values.get(key) is not None and getattr(track, key) != values[key]:
            raise TagWriteError(f"{display_name(path)}: the {key.replace('_', ' ')} did not read back as written; "
                                "nothing was changed")


def _digest(path: Path, copy_to: Path | None = None) -> str:
    """The sha256 of ``path``'s content (a regular file only: a FIFO put in its place is not waited
    on), copied to ``copy_to`` on the way when given."""
    digest = hashlib.sha256()
    with open_regular(path) as reading, open(copy_to, "wb") if copy_to else contextlib.nullcontext() as writing:
        while chunk := reading.read(COPY_CHUNK):
            digest.update(chunk)
            if writing is not None:
                writing.write(chunk)
    return digest.hexdigest()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
