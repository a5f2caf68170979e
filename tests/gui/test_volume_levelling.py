"""Playback > Volume levelling: ReplayGain tags level the song playing at once, and the choice
is remembered."""

import mutagen
import pytest

from moodplayer.audio.loudness import REFERENCE_LUFS, measure_loudness
from mp_testkit.media import write_audio


def _tagged(path, track_db, album_db):
    write_audio(path)
    audio = mutagen.File(path)
    audio["replaygain_track_gain"], audio["replaygain_album_gain"] = f"{track_db} dB", f"{album_db} dB"
    audio.save()
    return path


def test_the_choice_levels_the_playing_song_and_survives_a_restart(qtbot, make_app, music, settings_file):
    tagged = _tagged(music / "happy" / "levelled.ogg", -9.5, -4.0)
    plain = music / "happy" / "happy-1.wav"
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    engine, actions = app.player.player, app.window.actions
    assert actions["levelling_off"].isChecked(), "off until chosen"
    app.session.play_now(tagged)
    assert engine.level_db == 0.0
    actions["levelling_track"].trigger()
    assert engine.level_db == -9.5, "the playing song, at once"
    assert app.window.player_bar.volume.toolTip().endswith("This song is levelled -9.5 dB (by song)")
    actions["levelling_album"].trigger()
    assert engine.level_db == -4.0
    qtbot.waitUntil(lambda: not app.loudness.running, timeout=60000)  # songs without tags are measured
    actions["levelling_track"].trigger()
    app.session.play_now(plain)
    measured = measure_loudness(plain)
    assert engine.level_db == pytest.approx(REFERENCE_LUFS - measured.lufs), "a song without tags, by its measure"
    assert "its loudness measured" in app.window.player_bar.volume.toolTip()
    actions["levelling_album"].trigger()
    app.session.play_now(tagged)
    assert engine.level_db == -4.0, "each new song gets its own level"
    app.window.close()
    app.shutdown()

    restarted = make_app(player="null", start=False)
    assert restarted.window.actions["levelling_album"].isChecked()
    assert restarted.session.current.path == tagged and restarted.player.player.level_db == -4.0, "restored levelled"
    assert restarted.window.player_bar.volume.toolTip().endswith("levelled -4.0 dB (by album)")
    restarted.session.play_now(tagged)
    assert restarted.player.player.level_db == -4.0
    restarted.window.actions["levelling_off"].trigger()
    assert restarted.player.player.level_db == 0.0
    assert restarted.window.player_bar.volume.toolTip() == "Volume (Ctrl+Up / Ctrl+Down)"


def test_an_unknown_mode_in_the_settings_file_falls_back_to_off(qtbot, make_app, music, settings_file):
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[General]\nversion=1\nreplay_gain=loudest\n")
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    assert app.session.settings.replay_gain == "off" and app.window.actions["levelling_off"].isChecked()
