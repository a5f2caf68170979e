"""Playback > Equalizer: libvlc's presets, as VLC's menu lists them, and the listener's own bands
(Custom…), applied at once and remembered.
(What a preset does to the sound is heard in tests/playback/test_levelling.py.)"""

import logging

from moodplayer.playback.equalizer import CUSTOM, CustomEqualizer


def test_a_preset_applies_at_once_and_survives_a_restart(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", start=False)
    engine, actions = app.player.player, app.window.actions
    assert actions["equalizer_off"].isChecked(), "off until chosen"
    assert "equalizer_Flat" not in actions, "Flat is what Off is"
    assert {"equalizer_Rock", "equalizer_Classical", "equalizer_Headphones"} <= set(actions)
    app.session.pick_mood("happy")
    actions["equalizer_Rock"].trigger()
    assert engine.equalizer == "Rock" and app.session.settings.equalizer == "Rock"
    app.window.close()
    app.shutdown()

    restarted = make_app("--no-camera", start=False)
    assert restarted.player.player.equalizer == "Rock" and restarted.window.actions["equalizer_Rock"].isChecked()
    restarted.window.actions["equalizer_off"].trigger()
    assert restarted.player.player.equalizer == "" and restarted.session.settings.equalizer == ""


def test_an_unknown_preset_in_the_settings_file_falls_back_to_off(qtbot, make_app, music, settings_file, caplog):
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[General]\nversion=1\nequalizer=Loudness wars\n")
    with caplog.at_level(logging.WARNING):
        app = make_app("--music", str(music), "--no-camera", start=False)
    assert "Ignoring setting equalizer='Loudness wars'" in caplog.text
    assert app.player.player.equalizer == "" and app.window.actions["equalizer_off"].isChecked()
    assert app.session.settings.equalizer == ""


def test_an_engine_without_an_equalizer_greys_the_menu_and_keeps_the_choice(qtbot, make_app, music,
                                                                           settings_file):
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[General]\nversion=1\nequalizer=Rock\n")
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    menu = app.window.actions["equalizer"]
    assert not menu.isEnabled() and menu.toolTip() == "This playback engine has no equalizer"
    assert app.session.settings.equalizer == "Rock", "kept for the next start with libvlc"


def test_custom_bands_are_heard_as_they_move_and_kept_on_ok(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", start=False)
    engine, actions = app.player.player, app.window.actions
    actions["equalizer_Rock"].trigger()
    rock = engine.preset_equalizer("Rock")
    heard = []

    def answer(dialog):
        assert dialog.custom() == rock, "it starts from the preset playing"
        assert [slider.accessibleName() for slider in dialog.bands][:2] == ["31.25 Hz", "62.5 Hz"]
        dialog.reset_button.click()
        assert engine.equalizer == CUSTOM and engine.custom_equalizer == CustomEqualizer.flat(10)
        dialog.bands[1].setValue(60)  # 62.5 Hz +6 dB: heard at once
        heard.append(engine.custom_equalizer)
        assert dialog.clipping.text() == "Raised bands can make loud songs clip: a preamp of -6.0 dB avoids it."
        dialog.preamp.setValue(-60)
        assert dialog.clipping.text() == "" and dialog.values[2].text() == "+6.0"
        return True

    app.window.run_dialog = answer
    actions["equalizer_custom"].trigger()
    assert heard[0].bands_db[1] == 6.0
    assert engine.equalizer == CUSTOM and engine.custom_equalizer.preamp_db == -6.0
    assert actions["equalizer_custom"].isChecked() and not actions["equalizer_Rock"].isChecked()
    assert app.session.settings.equalizer == CUSTOM
    app.window.close()
    app.shutdown()

    restarted = make_app("--no-camera", start=False)
    kept = restarted.player.player
    assert kept.equalizer == CUSTOM and kept.custom_equalizer == CustomEqualizer(-6.0, (0, 6.0, *(0,) * 8))
    assert restarted.window.actions["equalizer_custom"].isChecked()
    # A preset chosen later keeps the custom bands for the next Custom…, and for the next start.
    restarted.window.actions["equalizer_Pop"].trigger()
    seen = []
    restarted.window.run_dialog = lambda dialog: seen.append(dialog.custom()) or False
    restarted.window.actions["equalizer_custom"].trigger()
    assert seen == [restarted.player.player.preset_equalizer("Pop")], "it starts from the preset playing"
    assert kept.equalizer == "Pop" and restarted.window.actions["equalizer_Pop"].isChecked()


def test_cancel_puts_back_what_played_before(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", start=False)
    engine, actions = app.player.player, app.window.actions
    actions["equalizer_Classical"].trigger()

    def answer(dialog):
        dialog.start_from.activated.emit(dialog.start_from.findText("Full bass"))
        assert engine.custom_equalizer == engine.preset_equalizer("Full bass")
        assert dialog.start_from.currentIndex() == 0, "the combo only starts from a preset"
        dialog.bands[0].setValue(-100)
        assert engine.custom_equalizer.bands_db[0] == -10.0
        dialog.reject()
        return False

    app.window.run_dialog = answer
    actions["equalizer_custom"].trigger()
    assert engine.equalizer == "Classical" and engine.custom_equalizer is None
    assert actions["equalizer_Classical"].isChecked() and not actions["equalizer_custom"].isChecked()
    assert app.session.settings.equalizer == "Classical" and app.session.settings.custom_equalizer == ""


def test_unreadable_custom_bands_in_the_settings_file_fall_back_to_off(qtbot, make_app, music, settings_file,
                                                                        caplog):
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[General]\nversion=1\nequalizer=Custom\ncustom_equalizer=0 1 2\n")
    with caplog.at_level(logging.WARNING):
        app = make_app("--music", str(music), "--no-camera", start=False)
    assert ("Ignoring setting custom_equalizer='0 1 2' (a preamp and 10 band gains expected, got 3 numbers)"
            in caplog.text)
    assert "Ignoring setting equalizer='Custom' (no custom bands kept)" in caplog.text
    engine = app.player.player
    assert engine.equalizer == "" and engine.custom_equalizer is None
    assert app.window.actions["equalizer_off"].isChecked()
    opened = []
    app.window.run_dialog = lambda dialog: opened.append(dialog.custom()) or False
    app.window.actions["equalizer_custom"].trigger()
    assert opened == [CustomEqualizer.flat(10)], "Custom… starts flat"
