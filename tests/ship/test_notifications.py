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


def run_probe(tmp_path, capabilities):
    log = tmp_path / "notifications.jsonl"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(["dbus-run-session", "--", sys.executable, str(HERE / "notifications_probe.py"), str(log),
                          capabilities], capture_output=True, text=True, timeout=120, env=env)
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
def test_a_server_that_reads_markup_gets_the_body_escaped(tmp_path):
    report, calls = run_probe(tmp_path, "body,body-markup")
    assert [result[1] for result in report["results"]] == [None, None]
    assert calls[0]["body"] == "The &lt;Band&gt; — Live\nMood: happy"
    assert calls[0]["summary"] == "Rock & Roll", "the summary is plain text for every server"
