"""The one boundary where mutagen reads files: tags, duration and embedded cover art."""

from __future__ import annotations

import base64
import logging
import re
import stat
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import mutagen
from mutagen import MutagenError
from mutagen.mp4 import MP4Tags
from mutagen.wave import WAVE

from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import display_name
from moodplayer.library.languages import normalise
from moodplayer.library.replay_gain import MAX_GAIN_DB, ReplayGain, parse_gain, parse_peak
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


def is_audio_content(fileobj) -> bool:
    """True when an open binary file holds audio that mutagen recognises, with a stream of some
    length: the content decides, not the name (a text file called ``fake.mp3`` is not audio).
    Reads from the current position; the caller rewinds."""
    try:
        audio = mutagen.File(fileobj)
    except (MutagenError, OSError):
        return False
    length = getattr(getattr(audio, "info", None), "length", None)
    return audio is not None and bool(length) and length > 0


# Where each format keeps title, artist, album and the other tags read, from mutagen's own (not
# "easy") tags, so that one open of the file gives the tags, the length and whether there is a cover.
_ID3_FRAMES = {"title": "TIT2", "artist": "TPE1", "album": "TALB", "language": "TLAN",
               "tracknumber": "TRCK", "discnumber": "TPOS",
               "albumartist": "TPE2", "date": "TDRC", "genre": "TCON", "composer": "TCOM"}
_MP4_ATOMS = {"title": "\xa9nam", "artist": "\xa9ART", "album": "\xa9alb", "language": "\xa9lng",
              "tracknumber": "trkn", "discnumber": "disk",  # the numbers as (number, total) pairs
              "albumartist": "aART", "date": "\xa9day", "genre": "\xa9gen", "composer": "\xa9wrt"}
_OTHER_KEYS = {"title": ("title", "Title"), "artist": ("artist", "Artist", "Author"),
               "album": ("album", "Album", "WM/AlbumTitle"),
               "language": ("language", "Language", "WM/Language"),
               "tracknumber": ("tracknumber", "Track", "WM/TrackNumber"),
               "discnumber": ("discnumber", "Disc", "WM/PartOfSet"),
               "albumartist": ("albumartist", "Album Artist", "WM/AlbumArtist"),
               "date": ("date", "Year", "WM/Year"), "genre": ("genre", "Genre", "WM/Genre"),
               "composer": ("composer", "Composer", "WM/Composer")}  # Vorbis comments, APEv2, ASF
# Tags Song info shows beyond what the window uses, in its words.
_MORE_TAGS = (("albumartist", "Album artist"), ("date", "Year"), ("genre", "Genre"), ("composer", "Composer"))
_LEADING_NUMBER = re.compile(r"\s*0*(\d{1,6})(?!\d)")


def parse_number(text: str) -> int | None:
    """A track or disc number as taggers write it ("3", "03", "3/12"): 3. None for none, 0 (what
    "0/12" means: only the total is known) or what is not a number (a vinyl side's "A1")."""
    match = _LEADING_NUMBER.match(str(text))
    return int(match.group(1)) or None if match else None


def _text(value) -> str:
    """The first value of a tag in any of mutagen's shapes (list, frame, APE value, ASF attribute)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    value = getattr(value, "text", value)  # ID3 frames keep a list in .text
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    value = getattr(value, "value", value)  # ASF attributes
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip()


def _all(tags, key: str) -> list[str]:
    """Every value of a tag (a song can be in several languages)."""
    if tags is None:
        return []
    try:
        if hasattr(tags, "getall"):
            return [str(text) for frame in tags.getall(_ID3_FRAMES[key]) for text in frame.text]
        if isinstance(tags, MP4Tags):
            return [_text(v) for v in tags.get(_MP4_ATOMS[key], [])]
        for name in _OTHER_KEYS[key]:
            if name in tags:
                values = tags[name]
                return [_text(v) for v in (values if isinstance(values, list) else [values])]
    except (KeyError, ValueError, TypeError, IndexError):
        return []
    return []


def _first(tags, key: str) -> str:
    if tags is None:
        return ""
    try:
        if hasattr(tags, "getall"):  # ID3 (mp3, wav, aiff)
            frames = tags.getall(_ID3_FRAMES[key])
            return _text(frames[0]) if frames else ""
        if isinstance(tags, MP4Tags):  # MP4 / M4A (Vorbis comments refuse such keys)
            return _text(tags[_MP4_ATOMS[key]]) if _MP4_ATOMS[key] in tags else ""
        for name in _OTHER_KEYS[key]:
            if name in tags:
                return _text(tags[name])
    except (KeyError, ValueError, TypeError, IndexError):
        return ""
    return ""


def _open(path: Path):
    """mutagen.File with its errors translated; TagReadError when the file is not readable audio."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A pipe or a device put where a song was (its name unchanged): mutagen would wait on a
            # FIFO for a writer forever, on the GUI thread that asks for a cover or a gain.
            raise TagReadError(f"{display_name(path)}: not a regular file")
        if info.st_size == 0:
            raise TagReadError(f"{display_name(path)}: empty file")
        audio = mutagen.File(path)
    except MutagenError as error:
        raise TagReadError(f"{display_name(path)}: {error}") from error
    except OSError as error:
        raise TagReadError(f"{display_name(path)}: {error.strerror or error}") from error
    if audio is None:
        raise TagReadError(f"{display_name(path)}: not a recognised audio file")
    return audio


def read_tags(path: Path, mood: str | None = None) -> Track:
    """The Track for ``path`` from one read of the file; raises TagReadError when mutagen cannot read it."""
    path = Path(path)
    audio = _open(path)
    info = getattr(audio, "info", None)
    length = getattr(info, "length", None)
    if not length or length <= 0:
        # mutagen accepted the header but found no audio (a truncated or fake file).
        raise TagReadError(f"{display_name(path)}: no audio stream")
    tags = getattr(audio, "tags", None)
    title, artist, album = _first(tags, "title"), _first(tags, "artist"), _first(tags, "album")
    track_number, disc_number = parse_number(_first(tags, "tracknumber")), parse_number(_first(tags, "discnumber"))
    if isinstance(audio, WAVE) and not (title and artist and album and track_number):
        # Most WAV writers (Audacity, Windows, recorders) keep the tags in RIFF INFO, not ID3.
        info = read_riff_info(path)
        title, artist, album = title or info.get("INAM", ""), artist or info.get("IART", ""), \
            album or info.get("IPRD", "")
        track_number = track_number or parse_number(info.get("ITRK", ""))
    return Track(
        path=path,
        title=title,
        artist=artist,
        album=album,
        duration_s=float(length),
        mood=mood,
        has_cover=_cover(audio, path) is not None,
        languages=normalise(_all(tags, "language")),
        track_number=track_number,
        disc_number=disc_number,
        album_artist=_first(tags, "albumartist"),
    )


@dataclass(frozen=True)
class StreamInfo:
    """What the audio stream is, as a player's song information shows it."""

    format: str  # "MP3", "FLAC", "Ogg Vorbis", ...
    length_s: float
    bitrate_kbps: int | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bits_per_sample: int | None = None


def read_stream_info(path: Path) -> StreamInfo:
    """The file's audio stream; raises TagReadError when mutagen cannot read it."""
    audio = _open(Path(path))
    info = getattr(audio, "info", None)

    def number(name: str) -> int | None:
        value = getattr(info, name, None)
        return int(value) if isinstance(value, (int, float)) and value > 0 else None

    bitrate = number("bitrate")
    kind = type(audio).__name__
    return StreamInfo(format=_FORMAT_NAMES.get(kind, kind), length_s=float(getattr(info, "length", 0) or 0),
                      bitrate_kbps=round(bitrate / 1000) if bitrate else None, sample_rate=number("sample_rate"),
                      channels=number("channels"), bits_per_sample=number("bits_per_sample"))


def read_more_tags(path: Path) -> list[tuple[str, str]]:
    """The album artist, year, genre and composer the song's tags give, as (label, text), for Song
    info; TagReadError when mutagen cannot read the file."""
    tags = getattr(_open(Path(path)), "tags", None)
    more = [(label, _first(tags, key)) for key, label in _MORE_TAGS]
    if hasattr(tags, "getall") and tags.getall("TCON"):  # ID3 genres may be numbers: "(17)" is Rock
        more[2] = ("Genre", ", ".join(tags.getall("TCON")[0].genres))
    return [(label, text) for label, text in more if text]


_FORMAT_NAMES = {"MP3": "MP3", "EasyMP3": "MP3", "FLAC": "FLAC", "OggVorbis": "Ogg Vorbis", "OggOpus": "Opus",
                 "OggFLAC": "Ogg FLAC", "OggSpeex": "Speex", "MP4": "MPEG-4 audio (AAC/ALAC)", "EasyMP4": "MPEG-4 audio",
                 "WAVE": "WAV", "AIFF": "AIFF", "ASF": "Windows Media Audio", "APEv2File": "APE",
                 "MonkeysAudio": "Monkey's Audio", "WavPack": "WavPack", "Musepack": "Musepack", "AAC": "AAC (ADTS)"}


# ReplayGain's tags, matched without case once each format's prefix is off: Vorbis comments and
# APEv2 "replaygain_track_gain", ID3 "TXXX:replaygain_track_gain", MP4
# "----:com.apple.iTunes:replaygain_track_gain". Opus files may carry R128 gains instead.
_GAIN_PREFIXES = ("txxx:", "----:com.apple.itunes:")
_GAIN_FIELDS = {"replaygain_track_gain": ("track_db", parse_gain), "replaygain_track_peak": ("track_peak", parse_peak),
                "replaygain_album_gain": ("album_db", parse_gain), "replaygain_album_peak": ("album_peak", parse_peak)}
R128_TO_REPLAYGAIN_DB = 5.0  # R128 gains aim at -23 LUFS, ReplayGain's reference at about -18 LUFS


def read_replay_gain(path: Path) -> ReplayGain | None:
    """The song's ReplayGain tags; None when it has none or cannot be read (it then plays as it is)."""
    try:
        tags = getattr(_open(Path(path)), "tags", None)
    except TagReadError as error:
        logger.debug("No ReplayGain for %r: %s", str(path), error)
        return None
    if tags is None:
        return None
    found: dict[str, float] = {}
    r128: dict[str, float] = {}
    try:
        items = list(tags.items())
    except (TypeError, ValueError, AttributeError):
        return None
    for key, value in items:
        name = str(key).lower()
        for prefix in _GAIN_PREFIXES:
            name = name.removeprefix(prefix)
        if name in _GAIN_FIELDS:
            field_name, parse = _GAIN_FIELDS[name]
            number = parse(_text(value))
            if number is not None:
                found[field_name] = number
        elif name in ("r128_track_gain", "r128_album_gain"):
            try:  # a Q7.8 integer: 256 = 1 dB
                db = int(_text(value)) / 256 + R128_TO_REPLAYGAIN_DB
            except ValueError:
                continue
            if abs(db) <= MAX_GAIN_DB:
                r128[name[5:10] + "_db"] = db
    found = found or r128
    return ReplayGain(**found) if found else None


_LYRICS_KEYS = ("lyrics", "unsyncedlyrics", "unsynced lyrics", "\xa9lyr", "wm/lyrics")  # Vorbis, APEv2, MP4, ASF


def read_embedded_lyrics(path: Path) -> str:
    """The lyrics in the song's tags (ID3 USLT, Vorbis/FLAC/Opus LYRICS or UNSYNCEDLYRICS, MP4 \xa9lyr,
    APEv2 Lyrics, ASF WM/Lyrics), as written (plain or LRC text); "" when none or unreadable."""
    try:
        tags = getattr(_open(Path(path)), "tags", None)
    except TagReadError as error:
        logger.debug("No lyrics for %r: %s", str(path), error)
        return ""
    if tags is None:
        return ""
    try:
        if hasattr(tags, "getall"):  # ID3: one USLT frame per language and description
            texts = [str(frame.text) for frame in tags.getall("USLT")]
        else:
            texts = [_text(value) for key, value in tags.items() if str(key).lower() in _LYRICS_KEYS]
    except (TypeError, ValueError, AttributeError, KeyError):
        return ""
    return next((text for text in texts if text.strip()), "")


RIFF_INFO_MAX_BYTES = 1 << 20  # a LIST INFO chunk bigger than this is not tags: skipped


def read_riff_info(path: Path) -> dict[str, str]:
    """The RIFF INFO tags of a WAV file ({"INAM": title, "IART": artist, "IPRD": album, ...}).

    Walks the chunk headers only (the audio data is skipped, not read). The text has no declared
    encoding: UTF-8 when it decodes as such, else Windows-1252 (what Windows programs write).
    {} when the file has none or is not RIFF; a damaged chunk ends the walk with what was found.
    """
    found: dict[str, str] = {}
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
            if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
                return found
            while True:
                chunk = handle.read(8)
                if len(chunk) < 8:
                    return found
                kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if kind == b"LIST" and 4 <= size <= RIFF_INFO_MAX_BYTES:
                    body = handle.read(size)
                    if body[:4] == b"INFO":
                        found.update(_info_fields(body[4:]))
                else:
                    handle.seek(size, 1)
                if size % 2:
                    handle.seek(1, 1)  # chunks are padded to an even size
    except OSError as error:
        logger.warning("Cannot read the RIFF INFO of %r: %s", str(path), error)
    return found


def _info_fields(body: bytes) -> dict[str, str]:
    fields = {}
    at = 0
    while at + 8 <= len(body):
        kind, size = body[at:at + 4], struct.unpack("<I", body[at + 4:at + 8])[0]
        raw = body[at + 8:at + 8 + size].split(b"\0", 1)[0]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace")
        if text.strip() and kind.isalnum():
            fields[kind.decode("ascii")] = text.strip()
        at += 8 + size + size % 2
    return fields


# Image files that hold an album's cover in its folder, in the order players look for them.
FOLDER_COVER_NAMES = ("cover", "folder", "front", "album", "albumart")
FOLDER_COVER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MAX_FOLDER_COVER_BYTES = 20_000_000  # a bigger "cover" is not a cover


def find_cover(track_path: Path, embedded: bool = True) -> bytes | None:
    """The song's cover: embedded in its tags, else an image such as cover.jpg in its folder."""
    if embedded:
        cover = read_cover(track_path)
        if cover is not None:
            return cover
    image = folder_cover(track_path)
    if image is None:
        return None
    try:
        return image.read_bytes()
    except OSError as error:
        logger.warning("Cannot read the cover %r: %s", str(image), error)
        return None


def folder_cover(track_path: Path) -> Path | None:
    """The cover image beside the song (cover.jpg, folder.png, ... by FOLDER_COVER_NAMES' order), or None."""
    folder = Path(track_path).parent
    try:
        images = {p.name.lower(): p for p in folder.iterdir()
                  if p.suffix.lower() in FOLDER_COVER_SUFFIXES and p.is_file()}
    except OSError:
        return None
    for name in FOLDER_COVER_NAMES:
        for suffix in FOLDER_COVER_SUFFIXES:
            image = images.get(name + suffix)
            if image is None:
                continue
            try:
                if image.stat().st_size <= MAX_FOLDER_COVER_BYTES:
                    return image
            except OSError as error:
                logger.warning("Cannot read the cover %r: %s", str(image), error)
    return None


def read_cover(path: Path) -> bytes | None:
    """The embedded front cover (image bytes) or None: ID3 APIC, FLAC/Vorbis pictures, MP4 covr.

    The last song's answer is kept while its file is unchanged: the window and the media controls
    (MPRIS) each ask for the cover of the song that starts, and the file is read once."""
    global _last_cover
    try:
        state = Path(path).stat()
        key = (str(path), state.st_size, state.st_mtime_ns)
    except OSError:
        key = None
    with _cover_lock:
        if key is not None and _last_cover is not None and _last_cover[0] == key:
            return _last_cover[1]
    try:
        audio = _open(Path(path))
    except TagReadError:
        return None
    cover = _cover(audio, path)
    if key is not None:
        with _cover_lock:
            _last_cover = (key, cover)
    return cover


_cover_lock = threading.Lock()
_last_cover: tuple[tuple[str, int, int], bytes | None] | None = None  # (file, size, mtime) and its cover


def _cover(audio, path: Path) -> bytes | None:
    """The front cover of an opened file (the same handle its tags came from)."""
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
