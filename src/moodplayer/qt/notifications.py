"""A desktop notification when a song starts while MoodPlayer's window is not in front, as Rhythmbox
and Strawberry show one: the song, its artist and album, the mood it plays for, and its cover. Each
replaces the last (skipping through five songs leaves one), and none is kept in the desktop's
notification history (they say what plays now, nothing to come back to).

Sent over org.freedesktop.Notifications with jeepney, not QtDBus: ``Notify`` takes a uint32 (the
notification to replace), which PySide6 cannot send (a Python int goes out as int32, and servers
built on GDBus, GNOME Shell's and dunst's, refuse the call), and an interface built from the
server's description cannot type the hints (a{sv}) without Qt's own annotations, which only Qt
servers write. The calls run on a thread of their own, one at a time, on a connection of their own:
a server that starts on demand, or hangs, never holds the window.

Without jeepney, a session bus or a notification server, nothing is sent: View > Notify when a song
starts is greyed with the reason.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool

from moodplayer.domain.paths import to_uri
from moodplayer.qt.mpris import CoverArt
from moodplayer.qt.tasks import run_task
from moodplayer.resources import resource_path

logger = logging.getLogger(__name__)

try:
    from jeepney import DBusAddress, DBusErrorResponse, message_bus, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg
except ImportError:  # not installed (it is a dependency on Linux only)
    open_dbus_connection = None

SERVER = ("/org/freedesktop/Notifications", "org.freedesktop.Notifications")  # object path, bus name
CALL_TIMEOUT_S = 3  # a notification server answers in milliseconds; one started on demand, in a second or so
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


class NotificationError(RuntimeError):
    pass


def _call(connection, message):
    """The reply's body; DBusErrorResponse for an error reply, TimeoutError past CALL_TIMEOUT_S."""
    return unwrap_msg(connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S))


def notifications_available() -> bool:
    """True when the session bus has a notification server, running or started on demand."""
    if open_dbus_connection is None:
        return False
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            (running,) = _call(connection, message_bus.NameHasOwner(SERVER[1]))
            return bool(running) or SERVER[1] in _call(connection, message_bus.ListActivatableNames())[0]
    except (OSError, KeyError, ValueError, TimeoutError, DBusErrorResponse) as error:  # KeyError: no bus address
        logger.info("No session bus for notifications: %s", error)
        return False


class NotificationSender:
    """Sends notices to the notification server, each replacing the one before. Blocking: call it
    from one worker thread at a time (SongNotifications does)."""

    def __init__(self):
        self.app_icon = to_uri(resource_path("assets", "moodplayer.png"))
        self.last_id = 0  # the server's id of the notification shown last: the next replaces it
        self._connection = None  # opened at the first notice, kept (opened again after an error)
        self._markup: bool | None = None  # the server reads the body as markup (asked once)

    def send(self, notice: SongNotice) -> int:
        """Shows ``notice``; the server's id for it. NotificationError when the server cannot be reached."""
        if open_dbus_connection is None:
            raise NotificationError("jeepney is not installed")
        server = DBusAddress(*SERVER, interface=SERVER[1])
        try:
            if self._connection is None:
                self._connection = open_dbus_connection(bus="SESSION")
            if self._markup is None:
                (capabilities,) = _call(self._connection, new_method_call(server, "GetCapabilities"))
                self._markup = "body-markup" in capabilities
            body = html.escape(notice.body, quote=False) if self._markup else notice.body
            hints = {"desktop-entry": ("s", "moodplayer"), "transient": ("b", True)}
            if notice.image_uri:
                hints["image-path"] = ("s", notice.image_uri)
            message = new_method_call(server, "Notify", "susssasa{sv}i", (
                "MoodPlayer", self.last_id, self.app_icon, notice.summary, body, [], hints, SERVER_DEFAULT_TIMEOUT))
            (self.last_id,) = _call(self._connection, message)
        except (OSError, KeyError, ValueError, TimeoutError, DBusErrorResponse) as error:
            self.close()  # the bus or the server went away: a new connection for the next song
            raise NotificationError(str(error) or type(error).__name__) from error
        return self.last_id

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            self._markup = None


class SongNotifications(QObject):
    """Notifies each song that starts (not one restored at launch) while the setting is on and the
    window is not in front (``in_front``: hidden, minimized or behind another app's window).

    Whether the desktop has a notification server is asked on the worker thread too (``check``), so
    a bus that does not answer never holds the start; ``on_unavailable(reason)`` hears a no."""

    def __init__(self, session, in_front: Callable[[], bool], sender: NotificationSender | None = None,
                 pool=None, cover: CoverArt | None = None, check: Callable[[], bool] | None = None,
                 on_unavailable: Callable[[str], None] | None = None, parent: QObject | None = None):
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
        self._on_unavailable = on_unavailable
        self.available: bool | None = None  # None until the bus has answered: songs are tried meanwhile
        session.track_changed.connect(self._on_track_changed)
        run_task(check or notifications_available, self._checked, pool=self._pool)

    def _checked(self, available, error) -> None:
        self.available = bool(available) and error is None
        if not self.available:
            logger.info("Song notifications off: no notification server on the session bus")
            if self._on_unavailable is not None:
                self._on_unavailable(NO_NOTIFICATIONS)

    def _on_track_changed(self, track) -> None:
        session = self.session
        if track is None or session.current_origin == "restored" or not session.settings.notify_song:
            return
        if self.available is False or self._in_front():
            return  # nobody to show it, or the window says it already
        notice = song_notice(track, session.mood, self._cover.url(track))
        run_task(lambda: self._sender.send(notice), self._sent, pool=self._pool)

    def _sent(self, _id, error) -> None:
        if error is None:
            self._failed = False
        elif not self._failed:  # once, not for every song while the server is away
            self._failed = True
            logger.warning("Cannot show the song's notification: %s", error)

    def close(self) -> None:
        """At quit: the cover's file goes (the sender's connection goes with the process)."""
        self._cover.close()
