"""Playback > Equalizer: libvlc's presets, as VLC's menu lists them, applied at once and remembered.
(What a preset does to the sound is heard in tests/playback/test_levelling.py.)"""

import logging


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
