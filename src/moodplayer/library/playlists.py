"""Playlists in and out: M3U8 and XSPF written; M3U/M3U8, XSPF, PLS and CSV read. Stdlib only.

Written playlists hold paths relative to the playlist's folder when it sits under the music root
(the folder can move as a whole), absolute paths otherwise; a path that is not valid UTF-8 is
written as a ``file://`` URI of its bytes, which players accept. A playlist is written to a
temporary file and renamed into place, and an existing one is only replaced when asked.

Reading resolves entries against the playlist's folder, keeps undecodable bytes as they are,
skips web addresses (nothing is fetched), and lists what did not resolve by line.
"""

from __future__ import annotations

import configparser
import csv
import io
import os
import re
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import display_name, from_uri, is_undecodable, readable, to_uri
from moodplayer.library.track import Track

PLAYLIST_SUFFIXES = frozenset({".m3u", ".m3u8", ".xspf", ".pls", ".csv"})
XSPF_NS = "http://xspf.org/ns/0/"
MAX_BYTES = 50_000_000  # a bigger "playlist" is something else


class PlaylistError(MoodPlayerError):
    """The file cannot be read (or written) as a playlist."""


def is_playlist_path(path: Path) -> bool:
    return Path(path).suffix.lower() in PLAYLIST_SUFFIXES


# -- writing ---------------------------------------------------------------------------------------
def _entry_text(song: Path, folder: Path, relative: bool) -> str:
    if is_undecodable(song):
        return to_uri(song)  # M3U8 and XSPF are UTF-8: the bytes travel percent-encoded
    if relative:
        return os.path.relpath(song, folder)
    return str(song)


def _under(path: Path, root: Path | None) -> bool:
    if root is None:
        return False
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except ValueError:
        return False


def _as_tracks(entries: Iterable[Track | Path]) -> list[Track]:
    return [entry if isinstance(entry, Track) else Track(path=Path(entry)) for entry in entries]


def _write_atomically(target: Path, text: str, overwrite: bool) -> Path:
    target = Path(target)
    if target.exists() and not overwrite:
        raise PlaylistError(f"{display_name(target)} already exists")
    handle, temporary = tempfile.mkstemp(prefix=".moodplayer-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise PlaylistError(f"cannot write {display_name(target)}: {error.strerror or error}") from None
    return target


def m3u8_text(entries: Iterable[Track | Path], playlist: Path, music_root: Path | None = None) -> str:
    folder = Path(playlist).parent
    relative = _under(playlist, music_root)
    lines = ["#EXTM3U"]
    for track in _as_tracks(entries):
        seconds = int(round(track.duration_s)) if track.duration_s else -1
        label = " - ".join(p for p in (track.artist, track.title) if p) or display_name(track.path)
        lines.append(f"#EXTINF:{seconds},{label}")
        lines.append(_entry_text(track.path, folder, relative))
    return "\n".join(lines) + "\n"


def xspf_text(entries: Iterable[Track | Path], title: str = "MoodPlayer") -> str:
    ElementTree.register_namespace("", XSPF_NS)
    root = ElementTree.Element(f"{{{XSPF_NS}}}playlist", version="1")
    ElementTree.SubElement(root, f"{{{XSPF_NS}}}title").text = title
    tracks = ElementTree.SubElement(root, f"{{{XSPF_NS}}}trackList")
    for track in _as_tracks(entries):
        element = ElementTree.SubElement(tracks, f"{{{XSPF_NS}}}track")
        ElementTree.SubElement(element, f"{{{XSPF_NS}}}location").text = to_uri(track.path)
        for tag, value in (("title", track.title), ("creator", track.artist), ("album", track.album)):
            if value:
                ElementTree.SubElement(element, f"{{{XSPF_NS}}}{tag}").text = value
        if track.duration_s:
            ElementTree.SubElement(element, f"{{{XSPF_NS}}}duration").text = str(int(track.duration_s * 1000))
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_playlist(target: Path, entries: Iterable[Track | Path], music_root: Path | None = None,
                   overwrite: bool = False) -> Path:
    """Write ``entries`` as M3U8 (``.m3u8``/``.m3u``) or XSPF (``.xspf``), by the target's suffix."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix in (".m3u8", ".m3u"):
        return _write_atomically(target, m3u8_text(entries, target, music_root), overwrite)
    if suffix == ".xspf":
        return _write_atomically(target, xspf_text(entries, target.stem), overwrite)
    raise PlaylistError(f"{display_name(target)}: save as .m3u8 or .xspf")


def recent_plays(history: Iterable[tuple[float, Path, str | None]], mood: str, seconds: float = 3600.0,
                 now: float | None = None) -> list[Path]:
    """What played for ``mood`` in the last ``seconds``, oldest first, each song once."""
    now = time.time() if now is None else now
    chosen: list[Path] = []
    for played_at, path, played_mood in history:
        if played_mood == mood and now - played_at <= seconds and path not in chosen:
            chosen.append(path)
    return chosen


# -- reading ---------------------------------------------------------------------------------------
@dataclass
class PlaylistImport:
    """A playlist read: the songs found (in order), and what was not."""

    resolved: list[Path] = field(default_factory=list)
    missing: list[tuple[int, str]] = field(default_factory=list)  # (line or entry number, the entry as written)
    urls: list[str] = field(default_factory=list)  # web addresses, skipped (nothing is fetched)

    def summary(self, verb: str = "Added") -> str:
        count = len(self.resolved)
        parts = [f"{verb} {count} song{'s' if count != 1 else ''}"]
        if self.missing:
            shown = "; ".join(f"line {line}: {readable(text)}" for line, text in self.missing[:3])
            more = f" and {len(self.missing) - 3} more" if len(self.missing) > 3 else ""
            parts.append(f"{len(self.missing)} entr{'ies' if len(self.missing) != 1 else 'y'} not found "
                         f"({shown}{more})")
        if self.urls:
            parts.append(f"{len(self.urls)} web address{'es' if len(self.urls) != 1 else ''} skipped "
                         "(nothing is fetched)")
        return "; ".join(parts) + "."


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", letters).strip()


class _Resolver:
    """Turns entries into existing files: paths (relative to the playlist), file URIs, or artist + title."""

    def __init__(self, folder: Path, library: Iterable[Track]):
        self.folder = folder
        self.by_name: dict[tuple[str, str], Path] = {}
        self.by_title: dict[str, Path] = {}
        for track in library:
            title = _fold(track.title or Path(track.path).stem)
            self.by_name.setdefault((_fold(track.artist), title), track.path)
            self.by_title.setdefault(title, track.path)

    def path(self, text: str) -> Path | str | None:
        """The file, the URL (a str) to skip, or None when nothing matches."""
        text = text.strip()
        scheme = urlsplit(text).scheme.lower() if "://" in text else ""
        if scheme == "file":
            try:
                candidate = from_uri(text)
            except ValueError:
                return None
        elif scheme:
            return text
        else:
            candidate = Path(text.replace("\\", "/")) if re.match(r"^[A-Za-z]:[\\/]", text) is None else None
            if candidate is None:
                return None  # a Windows drive path: nothing here can be it
            if not candidate.is_absolute():
                candidate = Path(os.path.normpath(self.folder / candidate))  # "../sad/x.mp3" as the song's path
        return candidate if candidate.is_file() else None

    def song(self, artist: str, title: str) -> Path | None:
        key = (_fold(artist), _fold(title))
        return self.by_name.get(key) or (self.by_title.get(key[1]) if not key[0] else None)


def _decode(data: bytes, suffix: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # An old .m3u in the system's 8-bit code page: keep its bytes as bytes (paths resolve as written).
        return os.fsdecode(data) if suffix == ".m3u" else data.decode("latin-1")


def _note(result: PlaylistImport, number: int, text: str, found: Path | str | None) -> None:
    if isinstance(found, Path):
        result.resolved.append(found)
    elif isinstance(found, str):
        result.urls.append(found)
    else:
        result.missing.append((number, text))


def _read_m3u(text: str, resolver: _Resolver, result: PlaylistImport) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            _note(result, number, line, resolver.path(line))


def _read_pls(text: str, resolver: _Resolver, result: PlaylistImport) -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        raise PlaylistError(f"not a PLS playlist ({error})") from None
    section = next((s for s in parser.sections() if s.lower() == "playlist"), None)
    if section is None:
        raise PlaylistError("not a PLS playlist (no [playlist] section)")
    files = sorted(((int(key[4:]), value) for key, value in parser[section].items()
                    if key.lower().startswith("file") and key[4:].isdigit()), key=lambda item: item[0])
    for number, value in files:
        _note(result, number, value, resolver.path(value))


def _read_xspf(text: str, resolver: _Resolver, result: PlaylistImport) -> None:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise PlaylistError(f"not an XSPF playlist ({error})") from None
    tracks = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "track"]
    for number, track in enumerate(tracks, start=1):
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "").strip() for child in track}
        location = fields.get("location", "")
        found = resolver.path(location) if location else None
        if found is None and fields.get("title"):
            found = resolver.song(fields.get("creator", ""), fields["title"])
        _note(result, number, location or f"{fields.get('creator', '')} - {fields.get('title', '')}", found)


def _read_csv(text: str, resolver: _Resolver, result: PlaylistImport) -> None:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {name.strip().lower(): name for name in rows.fieldnames or []}
    path_column = next((columns[c] for c in ("path", "file", "location", "filename") if c in columns), None)
    artist, title = columns.get("artist"), columns.get("title")
    if path_column is None and title is None:
        raise PlaylistError("a CSV playlist needs a 'path' (or 'file') column, or 'artist' and 'title' columns")
    for number, row in enumerate(rows, start=2):
        if path_column and (row.get(path_column) or "").strip():
            entry = row[path_column]
            _note(result, number, entry, resolver.path(entry))
        elif title and (row.get(title) or "").strip():
            who = (row.get(artist) or "") if artist else ""
            _note(result, number, f"{who} - {row[title]}".strip(" -"), resolver.song(who, row[title]))


def read_playlist(path: Path, library: Iterable[Track] = ()) -> PlaylistImport:
    """The songs of a playlist file (any of PLAYLIST_SUFFIXES); PlaylistError when it is not one."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PLAYLIST_SUFFIXES:
        raise PlaylistError(f"{display_name(path)}: not a playlist ({', '.join(sorted(PLAYLIST_SUFFIXES))})")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlaylistError(f"{display_name(path)}: too large for a playlist ({size:,} bytes)")
        data = path.read_bytes()
    except OSError as error:
        raise PlaylistError(f"{display_name(path)}: cannot read ({error.strerror or error})") from None
    if not data.strip():
        raise PlaylistError(f"{display_name(path)}: the playlist is empty")
    if b"\0" in data[:4096]:
        raise PlaylistError(f"{display_name(path)}: not a text file")
    text = _decode(data, suffix)
    resolver = _Resolver(path.parent, library)
    result = PlaylistImport()
    reader = {".m3u": _read_m3u, ".m3u8": _read_m3u, ".pls": _read_pls, ".xspf": _read_xspf, ".csv": _read_csv}
    try:
        reader[suffix](text, resolver, result)
    except PlaylistError as error:
        raise PlaylistError(f"{display_name(path)}: {error}") from None
    return result
