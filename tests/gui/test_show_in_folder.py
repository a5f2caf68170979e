"""Show in folder (the mood folders' context menu), when nothing on this desktop can show a folder."""

from moodplayer.qt import file_manager


def test_with_nothing_to_open_folders_the_window_says_so(qtbot, make_app, music, monkeypatch):
    monkeypatch.setattr(file_manager, "_show_items", lambda uris, bus=None: False)
    monkeypatch.setattr(file_manager.QDesktopServices, "openUrl", lambda url: False)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.window.library.show_requested.emit([music / "happy" / "happy-1.wav"])
    assert app.window.statusBar().currentMessage().startswith(
        "Cannot show happy-1.wav in its folder: no application opens folders here")
