"""Show a song in the desktop's file manager, selected, as other players' "Show in folder" does.

The freedesktop FileManager1 D-Bus interface (GNOME Files, Dolphin, Nemo, Caja, Thunar...) opens
the folder with the file selected; without it, the folder is opened with the desktop's default
application (QDesktopServices). Paths go as file:// URIs, byte for byte, so odd names work too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from moodplayer.domain.paths import to_uri

logger = logging.getLogger(__name__)

FILE_MANAGER = ("org.freedesktop.FileManager1", "/org/freedesktop/FileManager1", "org.freedesktop.FileManager1")
CALL_TIMEOUT_MS = 3000


def _show_items(uris: list[str], bus=None) -> bool:
    """FileManager1.ShowItems; False when there is no session bus or no file manager on it."""
    try:
        from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage
    except ImportError:
        return False
    bus = bus if bus is not None else QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    names = bus.interface()
    if not names.isServiceRegistered(FILE_MANAGER[0]).value():
        # Not running is fine when D-Bus can start it; only a name nobody provides means "none".
        activatable = names.call("ListActivatableNames").arguments()
        if not activatable or FILE_MANAGER[0] not in activatable[0]:
            return False
    call = QDBusMessage.createMethodCall(*FILE_MANAGER, "ShowItems")
    call.setArguments([uris, ""])
    # The window keeps painting while a file manager starts up to answer.
    reply = bus.call(call, QDBus.CallMode.BlockWithGui, CALL_TIMEOUT_MS)
    if reply.type() == QDBusMessage.MessageType.ErrorMessage:
        logger.info("The file manager could not show %s: %s", uris[0], reply.errorMessage())
        return False
    return True


def show_in_file_manager(paths: list[Path], bus=None) -> None:
    """The file manager with ``paths`` selected, or else the first one's folder opened; OSError
    when neither can be done."""
    if _show_items([to_uri(path) for path in paths], bus):
        return
    folder = QUrl.fromEncoded(to_uri(Path(paths[0]).parent).encode("ascii"))
    if not QDesktopServices.openUrl(folder):
        raise OSError(f"no application opens folders here ({folder.toDisplayString()})")
