"""Playlists in and out: M3U8 and XSPF written; M3U/M3U8, XSPF, PLS and CSV read. Stdlib only.

Written playlists hold paths relative to the playlist's folder when the playlist and the song sit
under the music root (the root can move as a whole), absolute paths otherwise; a name a line of
UTF-8 cannot carry (undecodable bytes, a line break, spaces at either end) is written as a
``file://`` URI of its bytes, which players accept. A playlist is written to a temporary file
and put in place in one step, and an existing one is only replaced when asked.

Reading keeps each entry's bytes: a path line names the bytes on disk, and only when that finds
nothing is it read as 8-bit text (an old Windows ``.m3u`` naming a file whose name is UTF-8 here).
Relative entries resolve against the playlist's folder; entries named by artist and title (CSV,
XSPF, and as a fallback ``#EXTINF`` or a PLS title) are looked up in the library the caller
passes. Web addresses are skipped (nothing is fetched), and what did not resolve is listed by
line, as is an entry that cannot name a file at all (a name over 255 bytes, a CSV field over the
csv module's 128 KiB): it is skipped and the rest is read. A 10,000-line playlist reads in a
fraction of a second: the library becomes a dictionary once, and each distinct entry costs one stat.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import locale
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import display_name, from_uri, is_undecodable, readable, to_uri
from moodplayer.library.folders import ImportReport, import_into_mood, is_within
from moodplayer.library.scanner import mood_folder
from moodplayer.library.track import Track

PLAYLIST_SUFFIXES = frozenset({".m3u", ".m3u8", ".xspf", ".pls", ".csv"})
XSPF_NS = "http://xspf.org/ns/0/"
MAX_BYTES = 50_000_000  # a bigger "playlist" is something else


class PlaylistError(MoodPlayerError):
    """The file cannot be read (or written) as a playlist."""


def is_playlist_path(path: Path) -> bool:
    return Path(path).suffix.lower() in PLAYLIST_SUFFIXES


# -- writing ---------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # XML 1.0 Char


def _plain(text: str) -> str:
    """Tag text fit for one line of UTF-8: control characters as spaces, undecodable bytes as ``\\xNN``."""
    return _CONTROL.sub(" ", readable(text)).strip()


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", readable(text))


def _relative_to(path: Path, root: Path) -> bool:
    """``path`` is ``root`` or lies below it, as written or once links are resolved."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
        return True
    except ValueError:
        pass
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except (ValueError, OSError):
        return False


def _entry_text(song: Path, folder: Path, root: Path | None) -> str:
    """One M3U8 path line: relative to the playlist's folder when playlist and song both sit under
    the music root (the root can move as a whole), absolute otherwise; a file URI for a name a line
    of UTF-8 cannot carry as it is (undecodable bytes, a line break, spaces at either end)."""
    song = Path(os.path.abspath(song))
    text = str(song)
    if root is not None and _relative_to(folder, root) and _relative_to(song, root):
        text = os.path.relpath(song, folder)
        if text.startswith("#") or _SCHEME.match(text):
            text = "./" + text  # "#1 hit.mp3" would read as a comment, "file:/x.mp3" (a folder "file:") as a URI
    if is_undecodable(text) or _CONTROL.search(text) or text != text.strip():
        return to_uri(song)  # M3U8 is UTF-8 text: these bytes travel percent-encoded
    return text


def _as_tracks(entries: Iterable[Track | Path | str]) -> list[Track]:
    return [entry if isinstance(entry, Track) else Track(path=Path(entry)) for entry in entries]


def _umask() -> int:
    """The process's umask, read without setting it (``os.umask`` would race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _write_atomically(target: Path, data: bytes, overwrite: bool) -> Path:
    """Write ``data`` to a temporary file beside ``target`` and put it in place in one step. Without
    ``overwrite`` the file is linked to its name (``os.link`` refuses an existing name, so a file
    that appeared meanwhile is not replaced either). PlaylistError on any failure, nothing left behind."""
    target = Path(target)
    name = display_name(target)
    if not overwrite and os.path.lexists(target):
        raise PlaylistError(f"{name} already exists")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".moodplayer-", suffix=".part", dir=target.parent)
        with os.fdopen(handle, "wb") as out:
            # mkstemp makes the file private (0600): give it the mode any new file would get.
            mode = (os.stat(target).st_mode & 0o777) if overwrite and os.path.isfile(target) else 0o666 & ~_umask()
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise PlaylistError(f"{name} already exists") from None
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                    raise
                if os.path.lexists(target):  # no hard links here (FAT, some network shares)
                    raise PlaylistError(f"{name} already exists") from None
                os.replace(temporary, target)
    except OSError as error:
        raise PlaylistError(f"cannot write {name}: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return target


def m3u8_text(entries: Iterable[Track | Path | str], playlist: Path, music_root: Path | None = None) -> str:
    """The M3U8 text of ``entries`` for a playlist saved as ``playlist``."""
    folder = Path(os.path.abspath(playlist)).parent
    lines = ["#EXTM3U"]
    for track in _as_tracks(entries):
        seconds = round(track.duration_s) if track.duration_s else -1
        label = " - ".join(_plain(p) for p in (track.artist, track.title) if p and _plain(p))
        lines.append(f"#EXTINF:{seconds},{label or _plain(display_name(track.path))}")
        lines.append(_entry_text(Path(track.path), folder, music_root))
    return "\n".join(lines) + "\n"


def xspf_text(entries: Iterable[Track | Path | str], title: str = "MoodPlayer") -> str:
    """The XSPF text of ``entries``: absolute file URIs, title, creator, album, track number,
    duration in milliseconds."""
    # Plain names under an xmlns attribute: the same document as namespaced elements, without
    # ElementTree.register_namespace (process-wide state).
    root = ElementTree.Element("playlist", version="1", xmlns=XSPF_NS)
    ElementTree.SubElement(root, "title").text = _xml_text(title)
    tracks = ElementTree.SubElement(root, "trackList")
    for track in _as_tracks(entries):
        element = ElementTree.SubElement(tracks, "track")
        ElementTree.SubElement(element, "location").text = to_uri(track.path)
        for tag, value in (("title", track.title), ("creator", track.artist), ("album", track.album)):
            if value and _xml_text(value):
                ElementTree.SubElement(element, tag).text = _xml_text(value)
        if track.track_number:  # XSPF orders a track's elements: trackNum after album, before duration
            ElementTree.SubElement(element, "trackNum").text = str(track.track_number)
        if track.duration_s:
            ElementTree.SubElement(element, "duration").text = str(round(track.duration_s * 1000))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_playlist(target: Path, entries: Iterable[Track | Path | str], music_root: Path | None = None,
                   overwrite: bool = False) -> Path:
    """Write ``entries`` (Tracks or paths, in order) as M3U8 (``.m3u8``/``.m3u``) or XSPF (``.xspf``),
    by the target's suffix; returns ``target``. An existing file is only replaced with ``overwrite``.
    PlaylistError, with a one-line message, when the file cannot be written."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix in (".m3u8", ".m3u"):
        text = m3u8_text(entries, target, music_root)
    elif suffix == ".xspf":
        text = xspf_text(entries, target.stem)
    else:
        raise PlaylistError(f"{display_name(target)}: save as .m3u8 or .xspf")
    return _write_atomically(target, text.encode("utf-8"), overwrite)


def recent_plays(history: Iterable[tuple[float, Path, str | None]], mood: str, seconds: float = 3600.0,
                 now: float | None = None) -> list[Path]:
    """What played for ``mood`` in the last ``seconds`` (an hour by default), in the history's order
    (oldest first), each song once. ``history``: (time.time() when it played, song, mood it played for)."""
    now = time.time() if now is None else now
    chosen: dict[Path, None] = {}  # ordered, and a membership test that stays cheap for a long history
    for played_at, path, played_mood in history:
        if played_mood == mood and now - played_at <= seconds:
            chosen.setdefault(path)
    return list(chosen)


# -- reading ---------------------------------------------------------------------------------------
_LINE_BREAK = re.compile(r"\r\n?|\n")  # Windows, old Mac and Unix line ends
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")  # two letters at least: "C:" is a drive
_WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")  # C:\... or \\server\share\...
_EXTINF = re.compile(r'^#EXTINF\s*:\s*-?[\d.]*(?:\s+[\w-]+="[^"]*")*\s*,(.*)$', re.IGNORECASE)
_PLS_KEY = re.compile(r"(file|title)(\d+)", re.IGNORECASE)
_SEVERAL_ARTISTS = re.compile(r"\s*(?:,|;|/|&|\+|\bfeat\b\.?|\bft\b\.?|\bfeaturing\b|\bwith\b|\band\b)\s*",
                              re.IGNORECASE)
_APOSTROPHES = re.compile("['\u2019`\u00b4]")
_PUNCTUATION = re.compile(r"[\W_]+")
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f]")  # not tab, line ends, form feed, ^Z, Esc
SHOWN_ENTRY_CHARS = 60  # an entry quoted in the one-line summary is cut to this many characters

PATH_COLUMNS = ("path", "file", "location", "filename", "file name", "file path", "filepath", "uri")
TITLE_COLUMNS = ("title", "track", "track name", "track title", "song", "song title", "song name", "name")
ARTIST_COLUMNS = ("artist", "artists", "artist name", "artist name(s)", "artist(s)", "creator", "performer")


@dataclass
class PlaylistImport:
    """A playlist read: the songs found (in order, as often as listed), and what was not.

    ``missing`` holds ``(number, entry as written)``: the line number in the file (M3U, PLS, CSV)
    or the track number (XSPF), as ``unit`` says. ``skipped`` holds ``(number, entry, why)`` for
    entries that cannot name a file here at all ("file name too long").
    """

    resolved: list[Path] = field(default_factory=list)
    missing: list[tuple[int, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # web addresses, skipped (nothing is fetched)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    unit: str = "line"

    def summary(self, verb: str = "Added") -> str:
        """One line: "Added 12 songs; 3 entries not found (line 4: ...); 1 web address skipped ..."."""
        count = len(self.resolved)
        return "; ".join([f"{verb} {count} song{'s' if count != 1 else ''}", *self.problems()]) + "."

    def problems(self) -> list[str]:
        """The entries not found and the web addresses skipped, as parts of a one-line message."""
        parts = []
        if self.missing:
            shown = "; ".join(f"{self.unit} {number}: {_shown(text)}" for number, text in self.missing[:3])
            more = f" and {len(self.missing) - 3} more" if len(self.missing) > 3 else ""
            parts.append(f"{len(self.missing)} entr{'ies' if len(self.missing) != 1 else 'y'} not found "
                         f"({shown}{more})")
        if self.skipped:
            shown = "; ".join(f"{self.unit} {number}: {_shown(text)} ({why})" if text
                              else f"{self.unit} {number} ({why})" for number, text, why in self.skipped[:3])
            more = f" and {len(self.skipped) - 3} more" if len(self.skipped) > 3 else ""
            parts.append(f"{len(self.skipped)} entr{'ies' if len(self.skipped) != 1 else 'y'} skipped ({shown}{more})")
        if self.urls:
            parts.append(f"{len(self.urls)} web address{'es' if len(self.urls) != 1 else ''} skipped "
                         "(nothing is fetched)")
        return parts


def _shown(text: str) -> str:
    text = _plain(text)
    return text if len(text) <= SHOWN_ENTRY_CHARS else text[:SHOWN_ENTRY_CHARS - 1] + "…"


def _fold(text: str) -> str:
    """``text`` for matching: case, accents, apostrophes and punctuation ignored ("Beyoncé!" -> "beyonce")."""
    letters = _APOSTROPHES.sub("", text.casefold())
    if not letters.isascii():  # most tags are ASCII: skip the decomposition for them
        letters = "".join(c for c in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(c))
    return _PUNCTUATION.sub(" ", letters).strip()


def _artist_keys(artist: str) -> list[str]:
    """The artist as a whole, then each of several ("A feat. B", "A & B", "A, B"), then without "the"."""
    keys = [_fold(artist)] + [_fold(part) for part in _SEVERAL_ARTISTS.split(artist)]
    keys += [key[4:] for key in keys if key.startswith("the ")]
    return list(dict.fromkeys(key for key in keys if key))


def _eight_bit_encodings() -> list[str]:
    """Where an undecodable line may come from: the system's own 8-bit code page, Windows', Latin-1."""
    system = locale.getencoding()
    names = [system] if codecs.lookup(system).name not in ("utf-8", "ascii") else []
    return list(dict.fromkeys([*names, "cp1252", "latin-1"]))


@dataclass(frozen=True)
class _Skipped:
    """An entry that cannot name a file here at all, and why ("file name too long")."""

    reason: str


class _Resolver:
    """Turns entries into existing files: paths (relative to the playlist's folder), file URIs,
    or artist + title looked up in the library. Built once per playlist: the library becomes two
    dictionaries, and each distinct entry is looked at (one stat) once."""

    def __init__(self, folder: Path, library: Iterable[Track]):
        self.folder = folder
        self.by_name: dict[tuple[str, str], Path] = {}
        self.artists: dict[str, list[str]] = {}  # the keys of each artist spelling, worked out once
        by_title: dict[str, Path | None] = {}
        for track in library:
            title = _fold(track.title or Path(track.path).stem)
            for artist in self.artist_keys(track.artist):
                self.by_name.setdefault((artist, title), track.path)
            # A title alone names a song only when one song has it.
            by_title[title] = track.path if by_title.get(title, track.path) == track.path else None
        self.by_title = by_title
        self.encodings = _eight_bit_encodings()
        self.seen: dict[tuple[str, bool], Path | str | None] = {}

    def entry(self, text: str, uri: bool = False) -> Path | str | _Skipped | None:
        """The file ``text`` names, the web address (a str) to skip, None when nothing matches, or
        _Skipped when no file can have that name.
        ``uri``: a relative entry is a URI reference (XSPF), percent-encoded."""
        text = text.strip()
        if (text, uri) not in self.seen:
            self.seen[text, uri] = self._entry(text, uri) if text else None
        return self.seen[text, uri]

    def _entry(self, text: str, uri: bool) -> Path | str | _Skipped | None:
        scheme = _SCHEME.match(text)
        if scheme and scheme.group(1).lower() == "file":
            try:
                return self._existing([os.fsencode(from_uri(text))])
            except ValueError:
                return None  # file://another-host/...
        if scheme and text[scheme.end():].startswith("//"):
            return text  # http, https, rtsp...: skipped, never fetched
        if _WINDOWS_PATH.match(text):
            return None  # C:\... or \\server\...: no file here can be it (artist and title may still match)
        raw = text.encode("utf-8", "surrogateescape")  # the line's own bytes, undecodable ones included
        candidates = [unquote_to_bytes(raw), raw] if uri else [raw]
        if b"\\" in raw:
            candidates.append(raw.replace(b"\\", b"/"))  # Music\song.mp3, written on Windows
        return self._existing(candidates)

    def _readings(self, raw: bytes) -> Iterable[str]:
        yield os.fsdecode(raw)  # the bytes as they are: a non-UTF-8 name resolves byte for byte
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            # Or an old 8-bit playlist naming a file whose name is UTF-8 on this disk.
            for encoding in self.encodings:
                try:
                    yield raw.decode(encoding)
                except UnicodeDecodeError:
                    continue

    def _existing(self, candidates: list[bytes]) -> Path | _Skipped | None:
        skipped = None
        for raw in dict.fromkeys(candidates):
            for name in self._readings(raw):
                path = Path(os.path.normpath(self.folder / name))  # "../sad/x.mp3" as the song's own path
                try:
                    if path.is_file():
                        return path
                except OSError as error:  # a name over 255 bytes, a path over 4 KiB, a folder we may not enter
                    skipped = skipped or _Skipped((error.strerror or str(error)).lower())
        return skipped

    def artist_keys(self, artist: str) -> list[str]:
        if artist not in self.artists:
            self.artists[artist] = _artist_keys(artist)
        return self.artists[artist]

    def song(self, artist: str, title: str) -> Path | None:
        """The library's song by this artist (any one of several) with this title; by title alone
        when no artist is given and one song has that title."""
        title = _fold(title)
        if not title:
            return None
        keys = self.artist_keys(artist)
        if not keys:
            return self.by_title.get(title)
        return next((self.by_name[key, title] for key in keys if (key, title) in self.by_name), None)

    def labelled(self, label: str) -> Path | None:
        """The song an "Artist - Title" label names (#EXTINF, a PLS TitleN)."""
        artist, dash, title = label.partition(" - ")
        return self.song(artist, title) if dash else self.song("", label)


def _note(result: PlaylistImport, number: int, text: str, found: Path | str | _Skipped | None) -> None:
    if isinstance(found, Path):
        result.resolved.append(found)
    elif isinstance(found, _Skipped):
        result.skipped.append((number, text, found.reason))
    elif isinstance(found, str):
        result.urls.append(found)
    else:
        result.missing.append((number, text))


def _or_by_name(found: Path | str | _Skipped | None, lookup: Callable[..., Path | None],
                *names: str) -> Path | str | _Skipped | None:
    """An entry that is not a file here (missing, or a web address) may still be a library song by name."""
    if isinstance(found, Path):
        return found
    return lookup(*names) or found


def _lines(text: str) -> Iterable[str]:
    """``_LINE_BREAK.split(text)``, a line at a time. Reading runs on a worker thread, and one split of
    a 100,000-line playlist held the GIL (and so froze the window) for 150 ms; between two lines the
    window's thread gets its turn."""
    start = 0
    for end in _LINE_BREAK.finditer(text):
        yield text[start:end.start()]
        start = end.end()
    yield text[start:]


def _text(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 (with BOM); any other byte is kept as
    it is (a lone surrogate, like os.fsdecode), so a path line still names the bytes on disk."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise PlaylistError("not a text file (broken UTF-16)") from None
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\0" in data[:4096] or len(_TEXT_CONTROL.findall(data[:4096])) > 40:
        raise PlaylistError("not a text file")
    return data.decode("utf-8", "surrogateescape")


def _read_m3u(data: bytes, resolver: _Resolver, result: PlaylistImport) -> None:
    label = ""
    for number, line in enumerate(_lines(_text(data)), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            extinf = _EXTINF.match(line)
            label = extinf.group(1).strip() if extinf else label
            continue
        found = resolver.entry(line)
        if label:
            found = _or_by_name(found, resolver.labelled, label)
        _note(result, number, line, found)
        label = ""


def _read_pls(data: bytes, resolver: _Resolver, result: PlaylistImport) -> None:
    # By hand rather than configparser: line numbers for the summary, and no failure on a
    # duplicate key, a line without '=' or a stray '%'.
    section, has_playlist = "", False
    files: dict[int, tuple[int, str]] = {}
    titles: dict[int, str] = {}
    for number, line in enumerate(_lines(_text(data)), start=1):
        line = line.strip()
        if not line or line[0] in ";#":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            has_playlist = has_playlist or section == "playlist"
            continue
        key, equals, value = line.partition("=")
        key_match = _PLS_KEY.fullmatch(key.strip())
        if section != "playlist" or not equals or key_match is None:
            continue
        index = int(key_match.group(2))
        if key_match.group(1).lower() == "file":
            files.setdefault(index, (number, value.strip()))
        else:
            titles.setdefault(index, value.strip())
    if not has_playlist:
        raise PlaylistError("not a PLS playlist (no [playlist] section)")
    for index in sorted(files):  # File2 before File10, whatever the order of the lines
        number, value = files[index]
        found = resolver.entry(value)
        if titles.get(index):
            found = _or_by_name(found, resolver.labelled, titles[index])
        _note(result, number, value, found)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]  # "{http://xspf.org/ns/0/}track" -> "track"


def _read_xspf(data: bytes, resolver: _Resolver, result: PlaylistImport) -> None:
    # The bytes go to the XML parser as they are: it reads the encoding declaration and the BOM.
    # ElementTree fetches no external entity or DTD, so nothing leaves the machine.
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise PlaylistError(f"not an XSPF playlist ({error})") from None
    if _local(root.tag) != "playlist":
        raise PlaylistError(f"not an XSPF playlist (it is <{_local(root.tag)}>)")
    result.unit = "track"
    tracks = [element for element in root.iter() if _local(element.tag) == "track"]
    for number, track in enumerate(tracks, start=1):
        fields: dict[str, list[str]] = {}
        for child in track:
            fields.setdefault(_local(child.tag), []).append((child.text or "").strip())
        locations = [location for location in fields.get("location", []) if location]
        title, creator = (fields.get("title") or [""])[0], (fields.get("creator") or [""])[0]
        found: Path | str | _Skipped | None = None
        for location in locations:  # the first that is a file here; else the first web address
            candidate = resolver.entry(location, uri=True)
            if isinstance(candidate, Path) or (found is None and candidate is not None):
                found = candidate
            if isinstance(found, Path):
                break
        if title:
            found = _or_by_name(found, resolver.song, creator, title)
        _note(result, number, locations[0] if locations else f"{creator} - {title}".strip(" -"), found)


def _csv_columns(header: list[str]) -> tuple[int | None, int | None, int | None]:
    """The indexes of the path, artist and title columns (None when absent)."""
    names = [name.strip().lower() for name in header]

    def first(wanted: tuple[str, ...]) -> int | None:
        return next((names.index(name) for name in wanted if name in names), None)

    return first(PATH_COLUMNS), first(ARTIST_COLUMNS), first(TITLE_COLUMNS)


def _read_csv(data: bytes, resolver: _Resolver, result: PlaylistImport) -> None:
    text = _text(data)
    first = next(_lines(text))
    delimiters = [",", ";", "\t", "|"]
    if first.lower().startswith("sep=") and len(first) > 4:
        delimiters = [first[4]]  # Excel's hint: "sep=;"
        text = text[len(first):]  # its line break stays: the rows keep their numbers
    header_line = next((line for line in _lines(text) if line.strip()), "")
    try:
        # The delimiter is the one that splits the header into a usable column (a guess from the
        # whole text would be fooled by paths holding ';' or ',').
        delimiter = next((d for d in delimiters if any(c is not None for c in _csv_columns(
            next(csv.reader([header_line], delimiter=d), []))[::2])), None)
        if delimiter is None:
            found = ", ".join(_shown(name) for name in next(csv.reader([header_line]), [])[:8])
            raise PlaylistError("a CSV playlist needs a 'path' (or 'file') column, or 'artist' and 'title' "
                                f"columns (this one has: {found or 'nothing'})")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)  # it reads \r, \n and \r\n
        header = next(row for row in reader if any(cell.strip() for cell in row))
    except csv.Error as error:
        raise PlaylistError(f"the CSV header cannot be read ({_csv_problem(error)})") from None
    path_column, artist_column, title_column = _csv_columns(header)

    def cell(row: list[str], column: int | None) -> str:
        return row[column].strip() if column is not None and column < len(row) else ""

    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # the reader goes on with the next line
            result.skipped.append((reader.line_num, "", _csv_problem(error)))
            continue
        number = reader.line_num  # where the row ends: a quoted cell may span lines
        path, artist, title = cell(row, path_column), cell(row, artist_column), cell(row, title_column)
        if not (path or title):
            continue
        found = resolver.entry(path) if path else None
        if title:
            found = _or_by_name(found, resolver.song, artist, title)
        _note(result, number, path or f"{artist} - {title}".strip(" -"), found)


def _csv_problem(error: csv.Error) -> str:
    # The limit is the csv module's, process-wide: read here, never raised (other code shares it).
    if "field limit" in str(error):
        return f"a field over {csv.field_size_limit() // 1024} KiB"
    return str(error)


READERS = {".m3u": _read_m3u, ".m3u8": _read_m3u, ".pls": _read_pls, ".xspf": _read_xspf, ".csv": _read_csv}


def read_playlist(path: Path, library: Iterable[Track] = ()) -> PlaylistImport:
    """The songs of a playlist file (any of PLAYLIST_SUFFIXES), in order.

    ``library``: the library's Tracks, for entries named by artist and title (a CSV's columns, an
    XSPF track, an ``#EXTINF`` or PLS title whose path is not here). Nothing is fetched from the
    network and no global state is touched, so it may run on a worker thread. PlaylistError, with
    a one-line message, when the file is missing, empty, binary, or not a playlist of its kind.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise PlaylistError(f"{display_name(path)}: not a playlist ({', '.join(sorted(PLAYLIST_SUFFIXES))})")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlaylistError(f"{display_name(path)}: too large for a playlist ({size:,} bytes)")
        data = path.read_bytes()
    except OSError as error:
        raise PlaylistError(f"{display_name(path)}: cannot read ({error.strerror or error})") from None
    if not data.strip(b" \t\r\n\f\v" + codecs.BOM_UTF8):
        raise PlaylistError(f"{display_name(path)}: the playlist is empty")
    resolver = _Resolver(Path(os.path.abspath(path)).parent, library)
    result = PlaylistImport()
    try:
        READERS[suffix](data, resolver, result)
    except PlaylistError as error:
        raise PlaylistError(f"{display_name(path)}: {error}") from None
    if not (result.resolved or result.missing or result.urls or result.skipped):
        raise PlaylistError(f"{display_name(path)}: the playlist lists no songs")
    return result


# -- into a mood -----------------------------------------------------------------------------------
@dataclass
class MoodImport:
    """A playlist copied into a mood's folder: what the playlist held, and what the copy did."""

    found: PlaylistImport
    report: ImportReport
    already_there: list[Path] = field(default_factory=list)  # songs in the mood's folder already: not copied

    def summary(self, mood: str) -> str:
        """One line: "Copied 3 songs to Happy; 1 already in Happy; 2 entries not found (line 4: ...)."."""
        parts = [self.report.summary(mood).removesuffix(".")]
        if self.already_there:
            count = len(self.already_there)
            parts.append(f"{count} song{'s' if count != 1 else ''} already in {mood.title()}")
        return "; ".join([*parts, *self.found.problems()]) + "."


def import_playlist_into_mood(root: Path, mood: str, playlist_path: Path,
                              library_tracks: Iterable[Track] = ()) -> MoodImport:
    """Copy the songs of a playlist into ``mood``'s folder under the music ``root``, the way a drop
    does (``folders.import_into_mood``: a safe copy, a name clash renamed, nothing overwritten,
    non-audio entries skipped). A song listed twice is copied once; a song already in the mood's
    folder is left where it is. Blocking (one copy per song): run it on a worker thread.

    PlaylistError when the playlist cannot be read, the mood is unknown or the music folder is not
    there (no folder is created for an unplugged drive).
    """
    if mood not in EMOTIONS:
        raise PlaylistError(f"no mood called {mood!r} ({', '.join(EMOTIONS)})")
    if not Path(root).is_dir():
        raise PlaylistError(f"the music folder {display_name(root)} is not there")
    found = read_playlist(playlist_path, library_tracks)
    target = mood_folder(Path(root), mood)
    wanted: list[Path] = []
    already: list[Path] = []
    for song in dict.fromkeys(found.resolved):
        (already if is_within(song, target) else wanted).append(song)
    return MoodImport(found, import_into_mood(Path(root), mood, wanted), already)
