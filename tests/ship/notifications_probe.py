"""Run under dbus-run-session by test_notifications.py: the real NotificationSender against the
stand-in server (notification_server.py), from a worker thread as the app sends. Prints one JSON line."""

import json
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThreadPool

from moodplayer.qt.notifications import NotificationError, NotificationSender, SongNotice, notifications_available
from moodplayer.qt.tasks import run_task

HERE = Path(__file__).resolve().parent


def main():
    log_path, capabilities = sys.argv[1], sys.argv[2]
    app = QCoreApplication([])
    report = {"available_before": notifications_available()}
    server = subprocess.Popen([sys.executable, str(HERE / "notification_server.py"), log_path, capabilities],
                              stdout=subprocess.PIPE, text=True)
    report["serving"] = server.stdout.readline().strip()
    report["available"] = notifications_available()
    sender = NotificationSender()
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    results = []
    notices = [SongNotice("Rock & Roll", "The <Band> — Live\nMood: happy", "file:///run/cover.png"),
               SongNotice("Second", "Mood: sad")]

    def done(result, error):
        results.append([result, repr(error) if error else None])
        if len(results) == len(notices):
            app.quit()

    for notice in notices:
        run_task(lambda n=notice: sender.send(n), done, pool=pool)
    deadline = time.monotonic() + 30
    while len(results) < len(notices) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    report["results"] = results
    server.kill()
    server.wait()
    try:
        sender.send(SongNotice("Gone", ""))
        report["after_server_quit"] = "sent"
    except NotificationError as error:
        report["after_server_quit"] = f"NotificationError: {error}"
    print("REPORT " + json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
