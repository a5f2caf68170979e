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
import errno
import io
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

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
        if text.startswith("#"):
            text = "./" + text  # "#1 hit.mp3" alone would read as a comment
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
    """The XSPF text of ``entries``: absolute file URIs, title, creator, album, duration in milliseconds."""
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
