"""Playback > Audio device on the real libvlc: the device chosen is kept from song to song (libvlc
alone forgets it at each new media and plays on the default again). ALSA's "null" device stands in
for headphones or a USB DAC: it is listed on any machine with ALSA's configuration, sound card or not."""

import time

import pytest

from moodplayer.playback.base import PlayerState
from mp_testkit.media import write_wav


def wait_playing(player, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while player.state != PlayerState.PLAYING or not player.audio_device_in_use():
        assert time.monotonic() < deadline, f"not playing on a device after {timeout_s} s ({player.state})"
        time.sleep(0.02)


def test_the_device_chosen_plays_every_song_not_only_the_first(alsa_player, tmp_path):
    first, second = write_wav(tmp_path / "a.wav", seconds=30), write_wav(tmp_path / "b.wav", seconds=30)
    devices = dict(alsa_player.audio_devices())
    assert devices["null"] and all(isinstance(name, str) for name in devices)
    alsa_player.set_audio_device("null")
    for song in (first, second):  # the second is a new media: libvlc would be back on "default"
        alsa_player.load(song)
        alsa_player.play()
        wait_playing(alsa_player)
        assert alsa_player.audio_device_in_use() == "null"
    alsa_player.set_audio_device("")  # the system's default, for the songs after
    alsa_player.load(first)
    alsa_player.play()
    deadline = time.monotonic() + 10
    while alsa_player.state == PlayerState.STOPPED:  # ALSA's default may not open without a sound card
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert alsa_player.audio_device_in_use() != "null" and alsa_player.audio_device == ""


SWITCH_PROBE = """
import sys, time
from pathlib import Path
from moodplayer.playback.vlc_player import VlcPlayer
player = VlcPlayer(aout="alsa")
print("DEVICES", sorted(dict(player.audio_devices())))
player.set_audio_device("null")
player.load(Path(sys.argv[1]))
player.play()


def wait_for(device):  # no fixed sleep: a loaded machine only takes longer
    deadline = time.monotonic() + 30
    while player.audio_device_in_use() != device and time.monotonic() < deadline:
        time.sleep(0.02)
    return player.audio_device_in_use()


print("BEFORE", wait_for("null"))
player.set_audio_device("second")  # while the song plays
print("AFTER", wait_for("second"), player.state.name)
player.shutdown()
"""


def test_the_song_playing_moves_to_the_device_chosen_at_once(tmp_path):
    """In a process of its own, whose ALSA configuration (~/.asoundrc) adds a second device."""
    import os
    import subprocess
    import sys

    pytest.importorskip("vlc")
    (tmp_path / ".asoundrc").write_text('pcm.second {\n  type null\n  hint { show on description "Second" }\n}\n')
    song = write_wav(tmp_path / "a.wav", seconds=60)  # still playing when the slowest machine switches
    run = subprocess.run([sys.executable, "-c", SWITCH_PROBE, str(song)], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    if "DEVICES" not in run.stdout:
        pytest.skip(f"libvlc's ALSA output is not usable here: {run.stderr[-500:]}")
    lines = dict(line.split(" ", 1) for line in run.stdout.splitlines() if " " in line)
    if "'second'" not in lines["DEVICES"]:
        pytest.skip("ALSA does not list the test's own device here")
    assert run.returncode == 0, run.stderr[-2000:]
    assert lines["BEFORE"] == "null" and lines["AFTER"] == "second PLAYING"
