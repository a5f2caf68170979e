"""The system tray icon: the song and mood on hover, play/pause/next/detect from its menu, a click
that shows or minimizes the window; greyed where the desktop has no tray."""

from PySide6.QtWidgets import QSystemTrayIcon

from moodplayer.library.track import Track
from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.ui import main_window, menus
from moodplayer.ui.tray import NO_TRAY, PlayerTray, tray_tooltip


def test_the_tooltip_names_the_song_its_state_and_the_mood(tmp_path):
    song = Track(path=tmp_path / "a.mp3", title="Sunny Side", artist="The Band", mood="happy")
    assert tray_tooltip(song, "happy", PlayerState.PLAYING) == "MoodPlayer\n▶ Sunny Side — The Band\nMood: happy"
    assert tray_tooltip(song, "happy", PlayerState.PAUSED).splitlines()[1] == "⏸ Sunny Side — The Band"
    assert tray_tooltip(None, "", PlayerState.STOPPED) == "MoodPlayer\nNothing playing"


def test_the_tray_menu_plays_skips_and_detects(qtbot, make_app, music, face_video):
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60))
    qtbot.waitUntil(lambda: app.session.can_detect, timeout=10000)
    tray = PlayerTray(app.window)
    assert tray.play_pause.text() == "Play" and tray.now_playing.text() == "Nothing playing"
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        tray.detect.trigger()  # the FakeClassifier reads happy
    first = app.session.current
    assert tray.play_pause.text() == "Pause"
    assert tray.toolTip() == f"MoodPlayer\n▶ {first.display_title} — {first.artist}\nMood: happy"
    tray.play_pause.trigger()
    assert app.player.state == PlayerState.PAUSED and tray.play_pause.text() == "Play"
    tray.activated.emit(QSystemTrayIcon.ActivationReason.MiddleClick)  # a middle click plays again
    assert app.player.state == PlayerState.PLAYING
    tray.next_song.trigger()
    assert app.session.current != first and tray.now_playing.text().endswith(app.session.current.artist)
    tray.refresh()
    assert [a.text() for a in tray.moods.actions() if a.isChecked()] == ["Happy"]
    next(a for a in tray.moods.actions() if a.text() == "Sad").trigger()  # a mood by hand, from the tray
    assert app.session.mood == "sad" and app.session.current.mood == "sad"
    tray.refresh()
    assert [a.text() for a in tray.moods.actions() if a.isChecked()] == ["Sad"]


def test_a_click_on_the_icon_minimizes_the_window_and_the_next_brings_it_back(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    tray = PlayerTray(app.window)
    assert tray.show_window.text() == "Minimize MoodPlayer"
    tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    qtbot.waitUntil(app.window.isMinimized, timeout=5000)
    assert tray.show_window.text() == "Show MoodPlayer"
    tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    qtbot.waitUntil(lambda: not app.window.isMinimized(), timeout=5000)
    assert app.window.isVisible() and tray.show_window.text() == "Minimize MoodPlayer"


def test_without_a_tray_the_menu_entry_is_greyed_and_the_choice_kept(qtbot, make_app, music, monkeypatch):
    monkeypatch.setattr(menus, "tray_available", lambda: False)
    monkeypatch.setattr(main_window, "tray_available", lambda: False)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    action = app.window.actions["tray_icon"]
    assert not action.isEnabled() and action.toolTip() == NO_TRAY and action.isChecked()
    assert app.window.tray is None and app.session.settings.tray_icon


def test_the_tray_icon_is_shown_hidden_and_remembered(qtbot, make_app, music, monkeypatch):
    monkeypatch.setattr(menus, "tray_available", lambda: True)
    monkeypatch.setattr(main_window, "tray_available", lambda: True)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    action = app.window.actions["tray_icon"]
    assert action.isEnabled() and action.isChecked(), "on by default where there is a tray"
    assert app.window.tray is not None and app.window.tray.isVisible()
    action.trigger()
    assert app.window.tray is None and not app.session.settings.tray_icon
    app.window.close()
    app.shutdown()
    restarted = make_app("--no-camera", player="null", start=False)
    assert restarted.window.tray is None and not restarted.window.actions["tray_icon"].isChecked()
