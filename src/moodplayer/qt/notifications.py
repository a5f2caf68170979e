"""A desktop notification when a song starts while MoodPlayer's window is not in front, as Rhythmbox
and Strawberry show one: the song, its artist and album, the mood it plays for, and its cover. Each
replaces the last (skipping through five songs leaves one), and none is kept in the desktop's
notification history (they say what plays now, nothing to come back to).

Sent over org.freedesktop.Notifications with PySide6's QtDBus. Its ``Notify`` takes a uint32 (the
notification to replace), which a plain call cannot send from Python (an int goes out as int32 and
servers built on GDBus refuse the call): the call goes through an interface built from the server's
own description, with the argument typed "uint". The calls run on a thread of their own, one at a
time: a server that starts on demand, or hangs, never holds the window.

Without QtDBus, a session bus or a notification server, nothing is sent: View > Notify when a song
starts is greyed with the reason.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QThreadPool

from moodplayer.domain.paths import to_uri
from moodplayer.qt.mpris import CoverArt
from moodplayer.qt.tasks import run_task
from moodplayer.resources import resource_path

logger = logging.getLogger(__name__)

try:
    from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject
    from PySide6.QtDBus import QDBusConnection, QDBusInterface
except ImportError:  # a PySide6 build without QtDBus (or too old for typed invokeMethod arguments)
    QDBusConnection = QDBusInterface = None  # type: ignore[assignment,misc]

SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_MS = 3000  # a notification server answers in milliseconds; one started on demand, in a second or so
SERVER_DEFAULT_TIMEOUT = -1  # expire_timeout: as long as the desktop shows notifications
NO_NOTIFICATIONS = "This desktop has no notification service (org.freedesktop.Notifications)"


@dataclass(frozen=True)
class SongNotice:
    """What one notification says: a title line, a body (lines of plain text) and a cover's URI."""

    summary: str
    body: str
    image_uri: str | None = None


def song_notice(track, mood: str, image_uri: str | None = None) -> SongNotice:
    """The notification for ``track`` starting while the music is for ``mood`` ("" for none)."""
    source = " — ".join(part for part in (track.artist, track.album) if part)
    lines = [source] if source else []
    if mood:
        lines.append(f"Mood: {mood}")
    return SongNotice(track.display_title, "\n".join(lines), image_uri)


def notifications_available(bus=None) -> bool:
    """True when the session bus has a notification server, running or started on demand."""
    if QDBusConnection is None:
        return False
    bus = bus if bus is not None else QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    names = bus.interface()
    registered = names.isServiceRegistered(SERVICE)
    if registered.isValid() and registered.value():
        return True
    activatable = bus.call(_bus_method("ListActivatableNames"))
    return bool(activatable.arguments()) and SERVICE in activatable.arguments()[0]


def _bus_method(name: str):
    from PySide6.QtDBus import QDBusMessage

    return QDBusMessage.createMethodCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", name)


class NotificationError(RuntimeError):
    pass


class NotificationSender:
    """Sends notices to the notification server, each replacing the one before. Blocking: call it
    from one worker thread at a time (SongNotifications does)."""

    def __init__(self, bus_factory: Callable[[], object] | None = None):
        self._bus_factory = bus_factory or (lambda: QDBusConnection.sessionBus())
        self.app_icon = to_uri(resource_path("assets", "moodplayer.png"))
        self.last_id = 0  # the server's id of the notification shown last: the next replaces it
        self._markup: bool | None = None  # the server reads the body as markup (asked once)

    def send(self, notice: SongNotice) -> int:
        """Shows ``notice``; the server's id for it. NotificationError when the server cannot be reached."""
        if QDBusInterface is None:
            raise NotificationError("PySide6 has no QtDBus")
        server = QDBusInterface(SERVICE, OBJECT_PATH, SERVICE, self._bus_factory())
        server.setTimeout(CALL_TIMEOUT_MS)
        if not server.isValid():
            raise NotificationError(server.lastError().message() or "no notification server")
        if self._markup is None:
            capabilities = server.call("GetCapabilities").arguments()
            self._markup = bool(capabilities) and "body-markup" in capabilities[0]
        body = html.escape(notice.body, quote=False) if self._markup else notice.body
        hints = {"desktop-entry": "moodplayer", "transient": True}
        if notice.image_uri:
            hints["image-path"] = notice.image_uri
        shown = QMetaObject.invokeMethod(
            server, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
            Q_ARG("QString", "MoodPlayer"), Q_ARG("uint", self.last_id), Q_ARG("QString", self.app_icon),
            Q_ARG("QString", notice.summary), Q_ARG("QString", body), Q_ARG("QStringList", []),
            Q_ARG("QVariantMap", hints), Q_ARG("int", SERVER_DEFAULT_TIMEOUT))
        error = server.lastError()
        if error.isValid() or not shown:
            raise NotificationError(error.message() or "the server did not show it")
        self.last_id = int(shown)
        return self.last_id


class SongNotifications(QObject):
    """Notifies each song that starts (not one restored at launch) while the setting is on and the
    window is not in front (``in_front``: hidden, minimized or behind another app's window)."""

    def __init__(self, session, in_front: Callable[[], bool], sender: NotificationSender | None = None,
                 pool=None, cover: CoverArt | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._in_front = in_front
        self._sender = sender or NotificationSender()
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)  # one call at a time, in order: each replaces the one before
        self._pool = pool
        self._cover = cover or CoverArt()
        self._failed = False
        session.track_changed.connect(self._on_track_changed)

    def _on_track_changed(self, track) -> None:
        session = self.session
        if track is None or session.current_origin == "restored" or not session.settings.notify_song:
            return
        if self._in_front():
            return  # the window says it already
        notice = song_notice(track, session.mood, self._cover.url(track))
        run_task(lambda: self._sender.send(notice), self._sent, pool=self._pool)

    def _sent(self, _id, error) -> None:
        if error is None:
            self._failed = False
        elif not self._failed:  # once, not for every song while the server is away
            self._failed = True
            logger.warning("Cannot show the song's notification: %s", error)

    def close(self) -> None:
        self._cover.close()
