"""Run under dbus-run-session by test_notifications.py: the real NotificationSender against the
stand-in server (notification_server.py), from a worker thread as the app sends. Prints one JSON line.

argv: the server's log, its capabilities, and "start" (the probe starts the server) or "activated"
(the bus starts it on the first call, as desktops start dunst)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThreadPool

from moodplayer.qt.notifications import NotificationError, NotificationSender, SongNotice, notifications_available
from moodplayer.qt.tasks import run_task

HERE = Path(__file__).resolve().parent


def main():
    log_path, capabilities, how = sys.argv[1:4]
    app = QCoreApplication([])
    report = {"available_before": notifications_available()}
    if how == "start":
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
    if how == "start":
        server.kill()
        server.wait()
    try:
        sender.send(SongNotice("Gone", "") if how == "start" else SongNotice("Third", ""))
        report["after_server_quit"] = "sent"
    except NotificationError as error:
        report["after_server_quit"] = f"NotificationError: {error}"
    if how == "activated":
        stop_activated_server()  # it would outlive the bus (and hold the test's output open)
    print("REPORT " + json.dumps(report), flush=True)


def stop_activated_server():
    from jeepney import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(
            message_bus.GetConnectionUnixProcessID("org.freedesktop.Notifications"), timeout=10)
    os.kill(reply.body[0], signal.SIGKILL)


if __name__ == "__main__":
    main()
