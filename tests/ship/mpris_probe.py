"""Run under dbus-run-session by test_mpris.py: the real session, NullPlayer, MPRIS on the bus, and
an outside client (dbus-send) that presses PlayPause / Next and reads the properties."""

import os
import random
import subprocess
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for mp_testkit

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from moodplayer.playback.null_player import NullPlayer  # noqa: E402
from moodplayer.qt.mpris import SERVICE, register_mpris  # noqa: E402
from moodplayer.qt.player_adapter import QtPlayer  # noqa: E402
from moodplayer.qt.session import PlaybackSession  # noqa: E402
from moodplayer.settings import Settings  # noqa: E402
from mp_testkit.media import make_library  # noqa: E402


def send(*args):
    command = ["dbus-send", "--session", "--print-reply", f"--dest={SERVICE}", "/org/mpris/MediaPlayer2", *args]
    run = subprocess.run(command, capture_output=True, text=True, timeout=10)
    return run.stdout + run.stderr


def main():
    app = QApplication([])
    music = make_library(Path(sys.argv[1]), per_mood=2, moods=("happy",))
    session = PlaybackSession(QtPlayer(NullPlayer(duration_s=30)), Settings(music_root=str(music), mood="happy"),
                              rng=random.Random(1))
    session.set_music_root(music, sync=True)
    service = register_mpris(session)
    print("REGISTERED", service is not None, flush=True)
    player_iface = "org.mpris.MediaPlayer2.Player"
    props = "org.freedesktop.DBus.Properties"

    def client():
        print("STATUS0", send(f"{props}.Get", f"string:{player_iface}", "string:PlaybackStatus"), flush=True)
        print("PLAYPAUSE", send(f"{player_iface}.PlayPause"), flush=True)
        print("STATUS1", send(f"{props}.Get", f"string:{player_iface}", "string:PlaybackStatus"), flush=True)
        print("META1", send(f"{props}.Get", f"string:{player_iface}", "string:Metadata"), flush=True)
        print("NEXT", send(f"{player_iface}.Next"), flush=True)
        print("META2", send(f"{props}.Get", f"string:{player_iface}", "string:Metadata"), flush=True)
        print("PAUSE", send(f"{player_iface}.Pause"), flush=True)
        print("STATUS2", send(f"{props}.Get", f"string:{player_iface}", "string:PlaybackStatus"), flush=True)
        print("IDENTITY", send(f"{props}.Get", "string:org.mpris.MediaPlayer2", "string:Identity"), flush=True)
        print("SETVOLUME", send(f"{props}.Set", f"string:{player_iface}", "string:Volume", "variant:double:0.25"),
              flush=True)
        print("VOLUME", send(f"{props}.Get", f"string:{player_iface}", "string:Volume"), flush=True)
        print("ENGINEVOLUME", session.player.volume, flush=True)
        song = music / "happy" / "happy-2.wav"
        print("OPENURI", send(f"{player_iface}.OpenUri", f"string:{song.as_uri()}"), flush=True)
        print("OPENED", session.current.path == song, flush=True)
        print("SETLOOP", send(f"{props}.Set", f"string:{player_iface}", "string:LoopStatus", "variant:string:Track"),
              flush=True)
        print("REPEAT", session.repeat_song, flush=True)
        print("STOP", send(f"{player_iface}.Stop"), flush=True)
        print("STATUS3", send(f"{props}.Get", f"string:{player_iface}", "string:PlaybackStatus"), flush=True)
        QTimer.singleShot(0, app.quit)

    threading.Thread(target=client, daemon=True).start()
    QTimer.singleShot(30000, app.quit)
    app.exec()
    service.unregister()
    session.player.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
