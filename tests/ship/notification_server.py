"""A stand-in notification server for test_notifications.py: org.freedesktop.Notifications with
the specification's exact signature (Notify is susssasa{sv}i -> u, so a call with the wrong types
is refused as GNOME Shell's is), writing each call as a JSON line to argv[1]. argv[2]: the
capabilities it announces, comma-separated."""

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection


@ClassInfo(**{"D-Bus Interface": "org.freedesktop.Notifications"})
class Notifications(QDBusAbstractAdaptor):
    def __init__(self, parent, log_path, capabilities):
        super().__init__(parent)
        self.log_path = log_path
        self.capabilities = capabilities
        self.shown = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):  # noqa: N802
        self.shown += 1
        shown_id = replaces_id or 100 + self.shown  # a replaced notification keeps its id
        call = {"app_name": app_name, "replaces_id": replaces_id, "app_icon": app_icon, "summary": summary,
                "body": body, "actions": list(actions), "hints": {k: hints[k] for k in hints},
                "timeout": timeout, "id": shown_id}
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(call) + "\n")
        return shown_id

    @Slot(result="QStringList")
    def GetCapabilities(self):  # noqa: N802
        return self.capabilities


def main():
    app = QCoreApplication([])
    root = QObject()
    Notifications(root, sys.argv[1], [c for c in sys.argv[2].split(",") if c])
    bus = QDBusConnection.sessionBus()
    registered = bus.registerObject("/org/freedesktop/Notifications", root,
                                    QDBusConnection.RegisterOption.ExportAdaptors)
    owned = bus.registerService("org.freedesktop.Notifications")
    print("SERVING", registered and owned, flush=True)
    app.exec()


if __name__ == "__main__":
    main()
