"""Removing moves to the desktop's trash (restorable); a move between moods can be undone."""

import os
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes

from PySide6.QtCore import Qt

from mp_testkit.drops import drop, item_point
from mp_testkit.media import write_audio


def test_move_to_trash_asks_then_puts_the_file_in_the_trash(qtbot, make_app, music, desktop_trash):
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree, window = app.window.library, app.window
    song = music / "sad" / "sad-2.wav"
    content = song.read_bytes()
    questions = []
    window.confirm = lambda text: questions.append(text) or True
    tree.setCurrentItem(tree.track_item(song))
    assert window.remove_button.text() == "Move to Trash…"
    window.remove_button.click()
    assert "to the trash" in questions[0] and str(song) in questions[0]
    assert not song.exists() and (desktop_trash / "files" / "sad-2.wav").read_bytes() == content
    info = (desktop_trash / "info" / "sad-2.wav.trashinfo").read_text()
    assert f"Path={song}" in info or "sad-2.wav" in info, "the trash knows where it came from (restorable)"
    assert tree.track_item(song) is None and "trash" in window.statusBar().currentMessage()


def test_an_undecodable_name_goes_to_the_trash_as_itself_not_its_look_alike(qtbot, make_app, music, desktop_trash):
    plain = write_audio(music / "happy" / "song.wav", freq=300)
    odd = write_audio(music / "happy" / os.fsdecode(b"song\xe9.wav"), freq=500)
    content = odd.read_bytes()
    app = make_app("--music", str(music), "--no-camera", player="null")
    app.window.confirm = lambda text: True
    app.window.remove_tracks([odd])
    assert plain.exists() and not odd.exists()
    trashed = list((desktop_trash / "files").iterdir())
    assert [p.read_bytes() for p in trashed] == [content] and os.fsencode(trashed[0].name) == b"song\xe9.wav"
    # What a file manager's "Restore" reads: the original path, percent-encoded byte for byte.
    info = (desktop_trash / "info" / os.fsdecode(b"song\xe9.wav.trashinfo")).read_bytes().decode("ascii")
    assert f"Path={quote_from_bytes(os.fsencode(odd))}" in info.splitlines() and "%E9.wav" in info
    restored = Path(os.fsdecode(unquote_to_bytes(info.split("Path=")[1].splitlines()[0])))
    trashed[0].rename(restored)
    assert restored == odd and odd.read_bytes() == content and plain.exists()


def test_the_confirmation_defaults_to_cancel(qtbot, make_app, music):
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = make_app("--music", str(music), "--no-camera", player="null")
    seen = {}

    def answer_default():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen["default"] = box.defaultButton().text()
        box.defaultButton().click()  # what Enter does

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, answer_default)
    assert app.window._confirm("Move 1 song to the trash?") is False
    assert seen["default"] == "Cancel"


def test_a_move_between_moods_can_be_undone(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree, session = app.window.library, app.session
    write_audio(music / "surprise" / "angry-1.wav", freq=700)  # a clash: the moved one gets renamed
    song = music / "angry" / "angry-1.wav"
    content = song.read_bytes()
    app.window.confirm = lambda text: True
    drop(tree, tree.mimeData([tree.track_item(song)]), item_point(tree, tree.mood_item("surprise")),
         Qt.DropAction.MoveAction)
    moved = music / "surprise" / "angry-1 (2).wav"
    assert moved.read_bytes() == content and not song.exists()
    message = app.window.statusBar().currentMessage()
    assert "Moved 1 song to Surprise; 'angry-1.wav' was already there and was saved as 'angry-1 (2).wav'" in message
    app.window.actions["undo"].trigger()  # Edit > Undo (Ctrl+Z)
    assert song.read_bytes() == content and not moved.exists()
    assert tree.track_item(song) is not None and session.find_track(song).mood == "angry"
    assert not session.can_undo_move


def test_ctrl_z_undoes_a_move_wherever_the_focus_is_in_the_window(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    window, tree = app.window, app.window.library
    window.confirm = lambda text: True
    song = music / "happy" / "happy-1.wav"
    for focus in (window.filter_box, window.queue_panel.list):
        window.filter_box.setText("happy")  # typed text: the box has an undo of its own
        window.move_tracks("sad", [song])
        assert (music / "sad" / "happy-1.wav").exists()
        focus.setFocus()
        qtbot.waitUntil(focus.hasFocus, timeout=2000)
        qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert song.exists() and not (music / "sad" / "happy-1.wav").exists(), focus.accessibleName()
        assert window.filter_box.text() == "happy"
        assert tree.track_item(song) is not None
    assert not window.actions["undo"].isEnabled(), "nothing left to undo"
    window.filter_box.clear()
    qtbot.keyClicks(window.filter_box, "sad")
    qtbot.keyClick(window.filter_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_box.text() != "sad", "with no move to undo, Ctrl+Z undoes the typing"
