"""Mood > Languages…: a mood's songs limited to some languages, remembered per music folder."""

from PySide6.QtCore import Qt

from moodplayer.library.languages import UNTAGGED, LanguageFilter
from moodplayer.playback.base import PlayerState
from mp_testkit.media import set_language, write_audio


def test_only_the_chosen_languages_play_and_the_choice_is_remembered(qtbot, make_app, tmp_path, settings_file):
    music = tmp_path / "music"
    english = set_language(write_audio(music / "happy" / "english.wav"), "eng")
    french = set_language(write_audio(music / "happy" / "french.wav"), "fra")
    untagged = write_audio(music / "happy" / "untagged.wav")
    app = make_app("--music", str(music), "--no-camera", player="null")
    seen = {}

    def answer(dialog):
        seen["rows"] = [dialog.list.item(r).text() for r in range(dialog.list.count())]
        for row in range(dialog.list.count()):
            item = dialog.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "fr":
                item.setCheckState(Qt.CheckState.Unchecked)  # no French, please
        return True

    app.window.run_dialog = answer
    app.window.actions["languages"].trigger()
    assert seen["rows"] == ["English (1 songs)", "French (1 songs)", "No language tag (1 songs)"]
    assert app.session.language_filter == LanguageFilter(frozenset({"en", UNTAGGED}))
    played = []
    app.session.track_changed.connect(lambda t: played.append(t.path))
    app.session.pick_mood("happy")
    qtbot.waitUntil(lambda: len(played) >= 4, timeout=10000)
    assert set(played) == {english, untagged} and french not in played
    app.player.stop()
    app.window.close()
    app.shutdown()
    again = make_app(player="null", start=False)
    assert again.session.language_filter == LanguageFilter(frozenset({"en", UNTAGGED}))
    assert again.player.state != PlayerState.PLAYING
