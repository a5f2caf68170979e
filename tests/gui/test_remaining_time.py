"""The time right of the seek bar: the song's length, or, clicked, the time left (remembered)."""

import re

from PySide6.QtCore import Qt

from moodplayer.playback.null_player import NullPlayer


def test_a_click_on_the_length_shows_the_time_left_and_it_is_remembered(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=90), start=False)
    bar = app.window.player_bar
    app.session.pick_mood("happy")
    qtbot.waitUntil(lambda: bar.total.text() == "1:30", timeout=5000)
    app.player.seek(30.0)
    qtbot.mouseClick(bar.total, Qt.MouseButton.LeftButton)
    assert app.session.settings.show_remaining
    qtbot.waitUntil(lambda: re.fullmatch(r"-0:[0-5]\d|-1:00", bar.total.text()) is not None, timeout=5000)
    bar.show_position(45.0, 90.0)
    assert bar.total.text() == "-0:45"
    app.window.close()
    app.shutdown()

    restarted = make_app("--no-camera", player=NullPlayer(duration_s=90), start=False)
    again = restarted.window.player_bar
    assert again.show_remaining
    again.show_position(80.0, 90.0)
    assert again.total.text() == "-0:10"
    assert restarted.window.actions["show_remaining"].isChecked()
    qtbot.mouseClick(again.total, Qt.MouseButton.LeftButton)
    assert again.total.text() == "1:30" and not restarted.session.settings.show_remaining
    assert not restarted.window.actions["show_remaining"].isChecked(), "the menu follows the click"
    restarted.window.actions["show_remaining"].trigger()  # View > Show time left
    assert again.total.text() == "-0:10" and restarted.session.settings.show_remaining


def test_without_a_length_it_shows_dashes_either_way(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    bar = app.window.player_bar
    bar.show_track(None)
    bar.set_show_remaining(True)
    assert bar.total.text() == "--:--"
