"""MPRIS 2 on the session bus (org.mpris.MediaPlayer2.moodplayer), so media keys and the desktop's
media controls drive the player. Built on PySide6's QtDBus.

Everything here is optional: without QtDBus or without a session bus (a bare container, macOS,
Windows) ``register_mpris`` logs one line and returns None, and the app works as before.

Implemented: org.mpris.MediaPlayer2 (Raise, Quit, Identity, DesktopEntry, ...) and
org.mpris.MediaPlayer2.Player (Play, Pause, PlayPause, Stop, Next, Previous, Seek, SetPosition;
PlaybackStatus, Metadata, Position and the Can* flags, read-only; Volume, read and written), with
PropertiesChanged sent when the track, the playback state or the volume changes.

The song's cover goes out as ``mpris:artUrl`` (shown by the desktop's media controls and lock
screen): an image beside the song as it is; a cover inside the tags is written to a private folder
of this run (one file at a time, removed at quit), since clients read art from a file.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, Slot

from moodplayer.domain.paths import from_uri, to_uri
from moodplayer.library.tags import folder_cover, read_cover
from moodplayer.library.opened import OPENED_MIME_TYPES
from moodplayer.playback.base import PlayerState

logger = logging.getLogger(__name__)

try:
    from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusArgument, QDBusConnection, QDBusMessage, QDBusObjectPath
except ImportError as error:  # a PySide6 build without QtDBus
    QDBusAbstractAdaptor = QObject  # type: ignore[assignment,misc]
    QDBusArgument = QDBusConnection = QDBusMessage = QDBusObjectPath = None  # type: ignore[assignment,misc]
    _QTDBUS_ERROR = str(error)
else:
    _QTDBUS_ERROR = ""

SERVICE = "org.mpris.MediaPlayer2.moodplayer"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
US_PER_S = 1_000_000  # MPRIS times are in microseconds

STATUS = {PlayerState.PLAYING: "Playing", PlayerState.PAUSED: "Paused"}  # everything else: "Stopped"


def track_metadata(track, track_number: int = 0, art_url: str | None = None) -> dict:
    """The MPRIS Metadata map (xesam / mpris keys) of a library Track, or a NoTrack map for None."""
    if track is None:
        return {"mpris:trackid": _object_path(NO_TRACK)}
    data = {
        "mpris:trackid": _object_path(f"/org/moodplayer/track/{track_number}"),
        "xesam:title": track.display_title,
        "xesam:url": Path(track.path).resolve().as_uri(),
    }
    if track.artist:
        data["xesam:artist"] = [track.artist]
    if track.album:
        data["xesam:album"] = track.album
    if track.track_number:
        data["xesam:trackNumber"] = track.track_number
    if track.disc_number:
        data["xesam:discNumber"] = track.disc_number
    if track.mood:
        data["xesam:genre"] = [track.mood]
    if track.duration_s:
        data["mpris:length"] = int(track.duration_s * US_PER_S)
    if art_url:
        data["mpris:artUrl"] = art_url
    return data


_IMAGE_SUFFIXES = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG", ".png"), (b"GIF8", ".gif"), (b"RIFF", ".webp"))


class CoverArt:
    """``url(track)``: a file:// URL of the song's cover for MPRIS clients, or None.

    Embedded covers are written to a folder of this run's own (mode 0700, in $XDG_RUNTIME_DIR when
    there is one), named by their content, one file at a time; ``close`` removes the folder.
    """

    def __init__(self, parent_folder: Path | None = None):
        self._parent = parent_folder if parent_folder is not None else os.environ.get("XDG_RUNTIME_DIR") or None
        self._folder: Path | None = None
        self._written: Path | None = None

    def url(self, track) -> str | None:
        image = read_cover(track.path) if track is not None and track.has_cover else None
        if image is None:
            self._discard()  # the last song's picture is not kept about
            beside = folder_cover(track.path) if track is not None else None
            return to_uri(beside) if beside is not None else None
        try:
            return to_uri(self._write(image))
        except OSError as error:
            logger.warning("MPRIS: cannot write the cover of %r for the media controls: %s", str(track.path), error)
            return None

    def _write(self, image: bytes) -> Path:
        suffix = next((kind for magic, kind in _IMAGE_SUFFIXES if image.startswith(magic)), ".img")
        if self._folder is None or not self._folder.is_dir():
            self._folder = Path(tempfile.mkdtemp(prefix="moodplayer-art-", dir=self._parent))
        path = self._folder / f"cover-{hashlib.sha256(image).hexdigest()[:16]}{suffix}"
        if path != self._written:
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(image)
            partial.replace(path)  # a client never reads half a picture
            self._discard()
            self._written = path
        return path

    def _discard(self) -> None:
        if self._written is not None:
            self._written.unlink(missing_ok=True)
            self._written = None

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = self._written = None


def _object_path(path: str):
    return QDBusObjectPath(path) if QDBusObjectPath is not None else path


@ClassInfo({"D-Bus Interface": ROOT_INTERFACE})
class RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, parent: QObject, window=None):
        super().__init__(parent)
        self._window = window

    @Slot()
    def Raise(self) -> None:  # noqa: N802 - MPRIS names
        if self._window is not None:
            self._window.showNormal()
            self._window.raise_()
            self._window.activateWindow()

    @Slot()
    def Quit(self) -> None:  # noqa: N802
        if self._window is not None:
            self._window.quit_app()

    @Property(bool)
    def CanQuit(self) -> bool:  # noqa: N802
        return self._window is not None

    @Property(bool)
    def CanRaise(self) -> bool:  # noqa: N802
        return self._window is not None

    @Property(bool)
    def HasTrackList(self) -> bool:  # noqa: N802
        return False

    @Property(str)
    def Identity(self) -> str:  # noqa: N802
        return "MoodPlayer"

    @Property(str)
    def DesktopEntry(self) -> str:  # noqa: N802
        return "moodplayer"  # assets/moodplayer.desktop

    @Property("QStringList")
    def SupportedUriSchemes(self) -> list[str]:  # noqa: N802
        return ["file"]

    @Property("QStringList")
    def SupportedMimeTypes(self) -> list[str]:  # noqa: N802
        return list(OPENED_MIME_TYPES)  # what OpenUri opens, as the menu entry lists it


@ClassInfo({"D-Bus Interface": PLAYER_INTERFACE})
class PlayerAdaptor(QDBusAbstractAdaptor):
    """Turns MPRIS calls into PlaybackSession calls (on the GUI thread, where QtDBus delivers them)."""

    def __init__(self, parent: QObject, session, open_paths=None):
        super().__init__(parent)
        self._session = session
        self._track_number = 0
        self.cover_art = CoverArt()
        self._art_url: str | None = None  # the playing song's, found once per song
        # OpenUri's songs, folders or playlists: the window's open_from_outside (no window: the song itself)
        self._open_paths = open_paths or session.play_opened

    @property
    def _state(self) -> PlayerState:
        return self._session.player.state

    # -- methods ----------------------------------------------------------------------------
    @Slot()
    def Play(self) -> None:  # noqa: N802
        if self._state != PlayerState.PLAYING:
            self._session.toggle()  # resumes, or starts the next track when nothing is loaded

    @Slot()
    def Pause(self) -> None:  # noqa: N802
        if self._state == PlayerState.PLAYING:
            self._session.toggle()

    @Slot()
    def PlayPause(self) -> None:  # noqa: N802
        self._session.toggle()

    @Slot()
    def Stop(self) -> None:  # noqa: N802
        self._session.stop()

    @Slot()
    def Next(self) -> None:  # noqa: N802
        self._session.next()

    @Slot()
    def Previous(self) -> None:  # noqa: N802
        self._session.previous()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:  # noqa: N802
        self._session.player.seek_by(offset_us / US_PER_S)

    @Slot(QDBusObjectPath if QDBusObjectPath is not None else str, "qlonglong")
    def SetPosition(self, track_id, position_us: int) -> None:  # noqa: N802
        self._session.player.seek(max(0.0, position_us / US_PER_S))

    @Slot(str)
    def OpenUri(self, uri: str) -> None:  # noqa: N802
        """A file:// URI (SupportedUriSchemes): played now, as `moodplayer FILE` would; anything else
        is said in the status bar, never fetched."""
        try:
            path = from_uri(uri)
        except ValueError:
            self._session.message.emit("warning", f"Cannot open {uri[:200]!r}: only local files (file://) open here.")
            return
        self._open_paths([path])

    # -- properties -------------------------------------------------------------------------
    @Property(str)
    def PlaybackStatus(self) -> str:  # noqa: N802
        return STATUS.get(self._state, "Stopped")

    @Property("QVariantMap")
    def Metadata(self) -> dict:  # noqa: N802
        return track_metadata(self._session.current, self._track_number, self._art_url)

    @Property("qlonglong")
    def Position(self) -> int:  # noqa: N802
        return int(self._session.player.player.position * US_PER_S)

    @Property(float)
    def Volume(self) -> float:  # noqa: N802
        return 0.0 if self._session.player.muted else self._session.player.volume / 100

    @Volume.setter
    def Volume(self, value: float) -> None:  # noqa: N802
        # 0.0 silent .. 1.0 full (MPRIS); outside that, the nearest end. A client that raises the
        # volume of a muted player means to hear it, as the window's slider does.
        player = self._session.player
        if not math.isfinite(value):
            return
        level = round(max(0.0, min(1.0, float(value))) * 100)
        player.set_volume(level)
        if player.muted and level > 0:
            player.set_muted(False)

    @Property(str)
    def LoopStatus(self) -> str:  # noqa: N802
        return "Track" if self._session.repeat_song else "None"  # a mood plays on: there is no "Playlist"

    @LoopStatus.setter
    def LoopStatus(self, value: str) -> None:  # noqa: N802
        if value in ("None", "Track"):  # "Playlist" (or anything else) is not ours to honour
            self._session.set_repeat_song(value == "Track")

    @Property(float)
    def Rate(self) -> float:  # noqa: N802
        return 1.0

    @Property(float)
    def MinimumRate(self) -> float:  # noqa: N802
        return 1.0

    @Property(float)
    def MaximumRate(self) -> float:  # noqa: N802
        return 1.0

    @Property(bool)
    def CanGoNext(self) -> bool:  # noqa: N802
        return True

    @Property(bool)
    def CanGoPrevious(self) -> bool:  # noqa: N802
        return True

    @Property(bool)
    def CanPlay(self) -> bool:  # noqa: N802
        return True

    @Property(bool)
    def CanPause(self) -> bool:  # noqa: N802
        return True

    @Property(bool)
    def CanSeek(self) -> bool:  # noqa: N802
        return self._session.current is not None

    @Property(bool)
    def CanControl(self) -> bool:  # noqa: N802
        return True

    def track_changed(self) -> None:
        self._track_number += 1
        self._art_url = self.cover_art.url(self._session.current)


class MprisService(QObject):
    """The object exported at /org/mpris/MediaPlayer2, with both MPRIS interfaces."""

    def __init__(self, session, window=None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.root = RootAdaptor(self, window)
        self.player = PlayerAdaptor(self, session, window.open_from_outside if window is not None else None)
        self.connection = None
        self._sent_tags: tuple | None = None  # the playing song's tags as Metadata last sent them
        session.track_changed.connect(self._on_track_changed)
        session.library_changed.connect(self._on_library_changed)
        session.player.state_changed.connect(self._on_state_changed)
        session.player.volume_changed.connect(lambda _volume, _muted: self._properties_changed(
            {"Volume": self.player.Volume}))
        session.repeat_changed.connect(lambda _on: self._properties_changed({"LoopStatus": self.player.LoopStatus}))

    def register(self, connection=None) -> bool:
        """Export on ``connection`` (default: the session bus); False, logged, when there is none."""
        if QDBusConnection is None:
            logger.info("MPRIS off: PySide6 has no QtDBus (%s)", _QTDBUS_ERROR)
            return False
        bus = connection if connection is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            logger.info("MPRIS off: no D-Bus session bus (%s)", bus.lastError().message() or "not connected")
            return False
        if not bus.registerObject(OBJECT_PATH, self, QDBusConnection.RegisterOption.ExportAdaptors):
            logger.warning("MPRIS off: cannot export %s: %s", OBJECT_PATH, bus.lastError().message())
            return False
        if not bus.registerService(SERVICE):
            logger.warning("MPRIS off: cannot own %s (another MoodPlayer running?): %s", SERVICE,
                           bus.lastError().message())
            bus.unregisterObject(OBJECT_PATH)
            return False
        self.connection = bus
        logger.info("MPRIS: %s on the session bus", SERVICE)
        return True

    def unregister(self) -> None:
        self.player.cover_art.close()
        if self.connection is not None:
            self.connection.unregisterService(SERVICE)
            self.connection.unregisterObject(OBJECT_PATH)
            self.connection = None

    def _on_track_changed(self, _track) -> None:
        self.player.track_changed()
        self._sent_tags = self._playing_tags()
        self._properties_changed({"Metadata": self.player.Metadata, "CanSeek": self.player.CanSeek})

    def _on_library_changed(self) -> None:
        """A rescan read new tags for the song playing (Edit tags…, another tagger): the same track,
        its new title, artist or album."""
        tags = self._playing_tags()
        if tags is not None and self._sent_tags is not None and tags[0] == self._sent_tags[0] \
                and tags != self._sent_tags:
            self._sent_tags = tags
            self._properties_changed({"Metadata": self.player.Metadata})

    def _playing_tags(self) -> tuple | None:
        track = self.session.current
        return (track.path, track.title, track.artist, track.album) if track is not None else None

    def _on_state_changed(self, _state) -> None:
        self._properties_changed({"PlaybackStatus": self.player.PlaybackStatus})

    def _properties_changed(self, changed: dict) -> None:
        if self.connection is None:
            return
        message = QDBusMessage.createSignal(OBJECT_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged")
        message.setArguments([PLAYER_INTERFACE, changed, _empty_string_array()])
        self.connection.send(message)


def _empty_string_array():
    """An empty D-Bus ``as``: a plain [] would go out as ``av`` and break the signal's signature
    (sa{sv}as), which GDBus-based clients such as GNOME Shell check."""
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString))
    argument.endArray()
    return argument


def register_mpris(session, window=None, parent: QObject | None = None) -> MprisService | None:
    """The MPRIS service, exported on the session bus; None (logged) when D-Bus is unavailable."""
    service = MprisService(session, window, parent)
    if service.register():
        return service
    service.deleteLater()
    return None
