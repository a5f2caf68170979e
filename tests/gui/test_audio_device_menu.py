"""Playback > Audio device: the system's default or one of the devices the engine lists (read again
at each opening of the menu); the choice applies at once and is kept. A device gone by the next start
(headphones unplugged) plays the default output, says so, and stays chosen for when it is back."""

from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.settings_store import SettingsStore

DEVICES = [("hdmi", "HDMI output"), ("usb-dac", "USB DAC")]


def open_device_menu(app):
    menu = app.window.actions["audio_device"].menu()
    menu.aboutToShow.emit()  # as opening it does: the devices are listed afresh
    return {action.text(): action for action in menu.actions() if not action.isSeparator()}


def test_a_device_is_chosen_from_the_menu_and_kept(qtbot, make_app, music, settings_file):
    player = NullPlayer(duration_s=60, audio_devices=DEVICES)
    app = make_app("--music", str(music), "--no-camera", player=player, start=False)
    entries = open_device_menu(app)
    assert list(entries) == ["System default", "HDMI output", "USB DAC"]
    assert entries["System default"].isChecked() and not entries["USB DAC"].isChecked()
    entries["USB DAC"].trigger()
    assert player.audio_device == "usb-dac" and app.session.settings.audio_device == "usb-dac"
    assert open_device_menu(app)["USB DAC"].isChecked()
    app.window.close()
    app.shutdown()

    again = NullPlayer(duration_s=60, audio_devices=DEVICES)
    restarted = make_app("--music", str(music), "--no-camera", player=again, start=False)
    assert again.audio_device == "usb-dac", "the device chosen last time plays"
    open_device_menu(restarted)["System default"].trigger()
    assert again.audio_device == "" and restarted.session.settings.audio_device == ""


def test_a_device_gone_by_the_next_start_plays_the_default_and_says_so(qtbot, make_app, music, settings_file):
    store = SettingsStore.from_file(settings_file)
    settings = store.load()
    settings.audio_device = "usb-dac"
    store.save(settings)
    unplugged = NullPlayer(duration_s=60, audio_devices=DEVICES[:1])
    app = make_app("--music", str(music), "--no-camera", player=unplugged, start=False)
    assert unplugged.audio_device == ""
    level, text = app.window.last_message
    assert level == "warning" and "usb-dac" in text and "default output" in text
    entries = open_device_menu(app)
    assert list(entries) == ["System default", "HDMI output", "usb-dac (not connected)"]
    assert entries["usb-dac (not connected)"].isChecked(), "still the choice, for when it is back"
    assert app.session.settings.audio_device == "usb-dac"


def test_an_engine_without_devices_offers_the_default_only(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    assert list(open_device_menu(app)) == ["System default"]
