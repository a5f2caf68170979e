"""No sound card and no sound server: libvlc would retry ALSA many times a second and ALSA would
print every failure. The player uses the dummy output from the start and says so once; libvlc's
own messages go to our logger, not to the terminal."""

import logging
import threading

import pytest

from moodplayer.playback import vlc_player
from moodplayer.playback.base import PlayerError, PlayerEvent

CARD = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 32\n"


@pytest.fixture
def machine(tmp_path):
    cards = tmp_path / "asound" / "cards"
    cards.parent.mkdir()
    cards.write_text("--- no soundcards ---\n")
    devices = tmp_path / "snd"
    devices.mkdir()
    runtime = tmp_path / "run"
    runtime.mkdir()

    def problem(environ=None):
        return vlc_player.sound_output_problem(cards, devices, environ or {}, [runtime])

    problem.cards, problem.devices, problem.runtime = cards, devices, runtime
    return problem


def test_no_card_and_no_server_is_no_sound_output(machine):
    assert machine() == vlc_player.NO_SOUND_OUTPUT
    machine.cards.unlink()  # no ALSA in the kernel at all
    assert machine() == vlc_player.NO_SOUND_OUTPUT


def test_a_card_or_a_sound_server_is_sound_output(machine):
    machine.cards.write_text(CARD)
    assert machine() is None
    machine.cards.write_text("--- no soundcards ---\n")
    (machine.devices / "pcmC0D0p").touch()
    assert machine() is None
    (machine.devices / "pcmC0D0p").unlink()
    (machine.runtime / "pulse").mkdir()
    (machine.runtime / "pulse" / "native").touch()  # PulseAudio, or PipeWire's pulse socket
    assert machine() is None
    (machine.runtime / "pulse" / "native").unlink()
    (machine.runtime / "pipewire-0").touch()
    assert machine() is None
    (machine.runtime / "pipewire-0").unlink()
    assert machine({"PULSE_SERVER": "tcp:10.0.0.2"}) is None
    assert machine() == vlc_player.NO_SOUND_OUTPUT


def _vlc(**kwargs):
    try:
        return vlc_player.VlcPlayer(**kwargs)
    except PlayerError as error:
        pytest.skip(f"libvlc is not installed here: {error}")


def test_without_sound_output_the_player_uses_the_dummy_output_and_says_so(monkeypatch):
    monkeypatch.setattr(vlc_player, "sound_output_problem", lambda: vlc_player.NO_SOUND_OUTPUT)
    player = _vlc()
    try:
        assert player.audio_output == "dummy" and player.note == vlc_player.NO_SOUND_OUTPUT
    finally:
        player.shutdown()
    asked = []
    monkeypatch.setattr(vlc_player, "sound_output_problem", lambda: asked.append(1))
    player = _vlc(aout="pulse")  # an output chosen with --audio-output is used as it is
    try:
        assert player.audio_output == "pulse" and player.note == "" and not asked
    finally:
        player.shutdown()


def test_with_sound_output_libvlc_chooses(monkeypatch):
    monkeypatch.setattr(vlc_player, "sound_output_problem", lambda: None)
    player = _vlc()
    try:
        assert player.audio_output == "default" and player.note == ""
    finally:
        player.shutdown()


def test_libvlc_errors_reach_our_logger_once(tmp_path, caplog):
    from mp_testkit.media import write_audio

    song = tmp_path / "gone.wav"
    player = _vlc(aout="dummy")
    failed = threading.Event()
    player.set_listener(lambda event, path, message: failed.set() if event == PlayerEvent.ERROR else None)
    caplog.set_level(logging.WARNING, logger=vlc_player.libvlc_logger.name)
    try:
        for _ in range(2):  # the same failure twice
            write_audio(song)
            player.load(song)
            song.unlink()  # gone before libvlc opens it: libvlc logs an error, on every machine
            failed.clear()
            player.play()
            assert failed.wait(30), "libvlc never reported the missing file"
    finally:
        player.shutdown()
    messages = [r.getMessage() for r in caplog.records if r.name == vlc_player.libvlc_logger.name]
    assert any("cannot open file" in m and "gone.wav" in m for m in messages), messages
    assert len(messages) == len(set(messages)), "an error repeated at WARNING"


def test_the_window_says_once_that_it_plays_silently(qtbot, tmp_path, monkeypatch):
    from moodplayer.app import build, parse_args
    from moodplayer.qt.settings_store import SettingsStore

    _vlc(aout="dummy").shutdown()  # skipped without libvlc
    monkeypatch.setattr(vlc_player, "sound_output_problem", lambda: vlc_player.NO_SOUND_OUTPUT)
    settings = tmp_path / "settings.ini"
    app = build(parse_args(["--settings", str(settings), "--no-camera", "--no-demo"]),
                store=SettingsStore.from_file(settings))
    qtbot.addWidget(app.window)
    try:
        assert app.window.last_message == ("warning", vlc_player.NO_SOUND_OUTPUT)
        assert app.window.statusBar().currentMessage() == vlc_player.NO_SOUND_OUTPUT
        assert not app.window.playback_problem, "playback works, silently"
    finally:
        app.shutdown()
