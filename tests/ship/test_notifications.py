"""Song notifications over a real session bus (dbus-run-session) to a stand-in server that checks
the specification's signature: Notify arrives with the uint32 it needs, each notification replaces
the one before, the body is escaped only for a server that reads markup, and a server gone is an
error the app logs, not a crash. (When and what is notified: tests/gui/test_song_notifications.py.)"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

needs_dbus = pytest.mark.skipif(shutil.which("dbus-run-session") is None,
                                reason="dbus-run-session is not installed (apt-get install dbus)")


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default"><allow send_destination="*"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
"""


def run_probe(tmp_path, capabilities, how="start"):
    """The probe on a session bus of its own: only the services in tmp_path/services can start on
    demand (never a notification server installed on this machine)."""
    log = tmp_path / "notifications.jsonl"
    services = tmp_path / "services"
    services.mkdir()
    if how == "activated":
        (services / "org.freedesktop.Notifications.service").write_text(
            "[D-BUS Service]\nName=org.freedesktop.Notifications\n"
            f"Exec={sys.executable} {HERE / 'notification_server.py'} {log} {capabilities}\n")
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG.format(tmp=tmp_path, services=services))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(["dbus-run-session", f"--config-file={config}", "--", sys.executable,
                          str(HERE / "notifications_probe.py"), str(log), capabilities, how],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    report = json.loads(run.stdout.split("REPORT ", 1)[1])
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return report, calls


@needs_dbus
def test_songs_are_notified_each_replacing_the_last(tmp_path):
    report, calls = run_probe(tmp_path, "body")
    assert report["available_before"] is False and report["serving"] == "SERVING True" and report["available"]
    assert report["results"] == [[101, None], [101, None]], "the second replaced the first (same id)"
    first, second = calls
    assert first["replaces_id"] == 0 and second["replaces_id"] == 101
    assert first["app_name"] == "MoodPlayer" and first["app_icon"].startswith("file://")
    assert first["app_icon"].endswith("/moodplayer.png")
    assert first["summary"] == "Rock & Roll" and first["body"] == "The <Band> — Live\nMood: happy", "plain text"
    assert first["hints"] == {"desktop-entry": "moodplayer", "transient": True, "image-path": "file:///run/cover.png"}
    assert "image-path" not in second["hints"] and first["actions"] == [] and first["timeout"] == -1
    assert report["after_server_quit"].startswith("NotificationError")


@needs_dbus
def test_a_server_started_on_demand_that_reads_markup_gets_the_body_escaped(tmp_path):
    report, calls = run_probe(tmp_path, "body,body-markup", how="activated")
    assert report["available_before"] is True, "a server the bus starts on demand counts"
    assert [result[1] for result in report["results"]] == [None, None]
    assert calls[0]["body"] == "The &lt;Band&gt; — Live\nMood: happy"
    assert calls[0]["summary"] == "Rock & Roll", "the summary is plain text for every server"
    assert report["after_server_quit"] == "sent" and len(calls) == 3
