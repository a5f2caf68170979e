"""Run under dbus-run-session by test_file_manager.py: a stand-in file manager owns
org.freedesktop.FileManager1 on a connection of its own, and show_in_file_manager() asks it, over
the real bus, to show a song whose name is not UTF-8."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import ClassInfo, QObject, Slot  # noqa: E402
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from moodplayer.qt.file_manager import FILE_MANAGER, show_in_file_manager  # noqa: E402


@ClassInfo({"D-Bus Interface": FILE_MANAGER[2]})
class FileManager(QDBusAbstractAdaptor):
    @Slot("QStringList", str)
    def ShowItems(self, uris, startup_id):  # noqa: N802 - the interface's name
        print("SHOWITEMS", " ".join(uris), flush=True)


def main() -> int:
    app = QApplication([])  # noqa: F841 - QtDBus needs the application object
    own = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, "file-manager")
    holder = QObject()
    FileManager(holder)
    assert own.registerObject(FILE_MANAGER[1], holder, QDBusConnection.RegisterOption.ExportAdaptors)
    assert own.registerService(FILE_MANAGER[0])
    song = Path(sys.argv[1]) / os.fsdecode(b"caf\xe9 song.wav")
    show_in_file_manager([song])
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
