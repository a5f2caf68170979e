"""The one boundary where mutagen reads files: tags, duration and embedded cover art."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import mutagen
from mutagen import MutagenError

from moodplayer.domain.errors import MoodPlayerError
from moodplayer.library.track import Track

logger = logging.getLogger(__name__)

# Extensions we treat as audio. Anything else dropped on a mood is skipped with a message.
AUDIO_EXTENSIONS = frozenset(
    {".mp3", ".ogg", ".oga", ".opus", ".flac", ".wav", ".m4a", ".mp4", ".aac", ".wma", ".aif", ".aiff", ".mka", ".ape",
     ".wv", ".mpc"}
)


class TagReadError(MoodPlayerError):
    """mutagen cannot read the file: corrupt, empty or not audio at all."""


def is_audio_path(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_EXTENSIONS


_ID3_FRAMES = {"title": "TIT2", "artist": "TPE1", "album": "TALB"}


def _first(tags, key: str) -> str:
    if tags is not None and hasattr(tags, "getall") and not hasattr(tags, "valid_keys"):
        # Plain ID3 (WAV and AIFF have no "easy" wrapper): read the frame itself.
        frames = tags.getall(_ID3_FRAMES[key])
        return str(frames[0].text[0]).strip() if frames and frames[0].text else ""
    try:
        values = tags.get(key) if tags is not None else None
    except (KeyError, ValueError, TypeError):
        return ""
    if not values:
        return ""
    if isinstance(values, (list, tuple)):
        values = values[0]
    return str(values).strip()


def _open(path: Path, easy: bool):
    """mutagen.File with its errors translated; TagReadError when the file is not readable audio."""
    try:
        if path.stat().st_size == 0:
            raise TagReadError(f"{path.name}: empty file")
        audio = mutagen.File(path, easy=easy)
    except MutagenError as error:
        raise TagReadError(f"{path.name}: {error}") from error
    except OSError as error:
        raise TagReadError(f"{path.name}: {error.strerror or error}") from error
    if audio is None:
        raise TagReadError(f"{path.name}: not a recognised audio file")
    return audio


def read_tags(path: Path, mood: str | None = None) -> Track:
    """The Track for ``path``; raises TagReadError when mutagen cannot read it."""
    path = Path(path)
    audio = _open(path, easy=True)
    info = getattr(audio, "info", None)
    length = getattr(info, "length", None)
    if not length or length <= 0:
        # mutagen accepted the header but found no audio (a truncated or fake file).
        raise TagReadError(f"{path.name}: no audio stream")
    tags = getattr(audio, "tags", None)
    return Track(
        path=path,
        title=_first(tags, "title"),
        artist=_first(tags, "artist"),
        album=_first(tags, "album"),
        duration_s=float(length),
        mood=mood,
        has_cover=read_cover(path) is not None,
    )


def read_cover(path: Path) -> bytes | None:
    """The embedded front cover (image bytes) or None: ID3 APIC, FLAC/Vorbis pictures, MP4 covr."""
    try:
        audio = _open(Path(path), easy=False)
    except TagReadError:
        return None
    pictures = getattr(audio, "pictures", None)  # FLAC
    if pictures:
        return bytes(pictures[0].data)
    tags = getattr(audio, "tags", None)
    if tags is None:
        return None
    try:
        if hasattr(tags, "getall"):  # ID3 (mp3, wav, aiff)
            frames = tags.getall("APIC")
            return bytes(frames[0].data) if frames else None
        if "covr" in tags:  # MP4
            return bytes(tags["covr"][0])
        blocks = tags.get("metadata_block_picture") if hasattr(tags, "get") else None
        if blocks:  # Ogg Vorbis / Opus
            from mutagen.flac import Picture

            return bytes(Picture(base64.b64decode(blocks[0])).data)
    except (KeyError, ValueError, TypeError, MutagenError) as error:
        logger.warning("Cannot read the cover of %r: %s", str(path), error)
    return None
