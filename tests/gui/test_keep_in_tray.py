"""View > Keep playing in the tray when closed: the window's close hides it in the tray and the music
plays on (settings saved); the icon brings it back; Quit (the tray's, File's) quits. A live camera
opens only for readings while the window is hidden. Greyed, and closing quits, without a tray icon."""

import pytest

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.settings_store import SettingsStore
from moodplayer.ui import main_window, menus


@pytest.fixture
def with_tray(monkeypatch):
    monkeypatch.setattr(menus, "tray_available", lambda: True)
    monkeypatch.setattr(main_window, "tray_available", lambda: True)


def test_closing_hides_the_window_in_the_tray_and_the_music_plays_on(
        qtbot, with_tray, make_app, music, face_video, settings_file):
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60))
    window, session = app.window, app.session
    quits = []
    window._quit_event_loop = lambda: quits.append(True)
    action = window.actions["keep_in_tray"]
    assert action.isEnabled() and not action.isChecked(), "off unless chosen: closing quits"
    action.trigger()
    session.pick_mood("happy")
    playing = session.current
    assert not window.camera.only_to_read
    window.close()
    assert not window.isVisible() and window.tray.isVisible()
    assert session.player.state == PlayerState.PLAYING and session.current is playing
    assert window.camera.only_to_read, "no live camera behind a hidden window"
    saved = SettingsStore.from_file(settings_file).load()
    assert saved.keep_in_tray and saved.mood == "happy", "saved as at a quit, should the session end"
    assert window.tray.show_window.text() == "Show MoodPlayer"
    window.tray.toggle_window()  # a click on the icon
    qtbot.waitUntil(window.isVisible, timeout=5000)
    assert not window.camera.only_to_read, "the live preview is back"
    assert window.tray.show_window.text() == "Hide MoodPlayer"
    window.tray.toggle_window()
    assert not window.isVisible()
    window.open_from_outside([])  # a second start brings it back
    qtbot.waitUntil(window.isVisible, timeout=5000)
    window.close()
    window.tray.quit.trigger()  # hidden in the tray: Quit closes and leaves the event loop
    assert quits == [True] and (window.tray is None or not window.tray.isVisible())


def test_file_quit_quits_with_the_window_shown(qtbot, with_tray, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    quits = []
    app.window._quit_event_loop = lambda: quits.append(True)
    app.window.actions["keep_in_tray"].trigger()
    app.window.actions["quit"].trigger()
    assert not app.window.isVisible() and quits == [], "a shown window's close ends the run by itself"
    assert app.window.tray is None or not app.window.tray.isVisible()


def test_without_a_tray_icon_the_entry_is_greyed_and_closing_quits(qtbot, with_tray, make_app, music,
                                                                    settings_file):
    store = SettingsStore.from_file(settings_file)
    settings = store.load()
    settings.keep_in_tray = True
    store.save(settings)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    action = app.window.actions["keep_in_tray"]
    assert action.isEnabled() and action.isChecked()
    app.window.actions["tray_icon"].trigger()  # the tray icon off: nothing to come back from
    assert not action.isEnabled() and action.isChecked()
    app.window.close()
    assert not app.window.isVisible() and app.window._quitting is False
    assert app.window.tray is None
