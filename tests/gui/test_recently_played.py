"""View > Recently played… (Ctrl+H): the songs played this run, newest first, with the mood each
played for; queued again or played from there, and a song deleted since is shown but not offered."""

from PySide6.QtCore import Qt


def _rows(dialog):
    return [[dialog.list.topLevelItem(i).text(c) for c in (1, 3)] for i in range(dialog.list.topLevelItemCount())]


def test_recently_played_lists_the_plays_and_queues_them_again(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session, window = app.session, app.window
    window.actions["recent"].trigger()
    dialog = window.recent_dialog
    assert dialog.list.topLevelItemCount() == 0 and not dialog.queue_button.isEnabled()
    session.pick_mood("sad")  # a song of the sad folder starts
    first = session.current.path
    session.play_now(music / "happy" / "happy-2.wav")
    session.play_now(music / "fear" / "fear-1.wav")
    assert _rows(dialog) == [["fear 1", "fear"], ["happy 2", "happy"], [session.find_track(first).display_title, "sad"]]
    assert dialog.list.topLevelItem(2).text(0).count(":") == 1  # the time it started, HH:MM

    dialog.list.topLevelItem(0).setSelected(True)
    dialog.list.topLevelItem(2).setSelected(True)
    dialog.queue_button.click()
    assert session.queue.hand == [first, music / "fear" / "fear-1.wav"], "queued in the order they played"
    assert window.statusBar().currentMessage() == "Queued 2 songs again."

    (music / "happy" / "happy-2.wav").unlink()
    dialog.refresh()
    gone = dialog.list.topLevelItem(1)
    assert gone.isDisabled() and gone.toolTip(1).endswith("is gone")
    dialog.list.clearSelection()
    gone.setSelected(True)
    assert dialog.selected_paths() == [], "a deleted song is not offered"
    dialog.list.clearSelection()
    dialog.list.topLevelItem(2).setSelected(True)
    dialog.play_button.click()
    assert session.current.path == first
    session.clear_queue()
    dialog.list.clearSelection()
    listed = [dialog.list.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole) for row in range(4)]
    assert listed[1] == music / "fear" / "fear-1.wav"
    for row in (0, 1, 3):  # several: played in the order they played before, the first now
        dialog.list.topLevelItem(row).setSelected(True)
    dialog.play_button.click()
    assert session.current.path == listed[3] and session.queue.hand == [listed[1], listed[0]]
    assert window.actions["recent"].shortcut().toString() == "Ctrl+H"


def test_a_closed_window_reads_nothing_until_it_opens_again(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.window.show_recently_played()
    dialog = app.window.recent_dialog
    dialog.close()
    app.session.play_now(music / "angry" / "angry-1.wav")
    assert dialog.list.topLevelItemCount() == 0, "not refreshed while closed"
    app.window.show_recently_played()
    assert dialog.list.topLevelItem(0).text(1) == "angry 1"
    assert dialog.list.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole) == music / "angry" / "angry-1.wav"
