"""Hand queue precedence and editing; drag-and-drop through real QMimeData drops."""


from PySide6.QtCore import QPoint, Qt

from moodplayer.ui.widgets.mime import queue_rows_mime
from mp_testkit.drops import drop, file_mime, item_point
from mp_testkit.media import write_audio


def test_hand_queue_plays_before_mood_tracks(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    mine = music / "angry" / "angry-2.wav"
    tree = app.window.library
    tree.itemDoubleClicked.emit(tree.track_item(mine), 0)
    assert app.window.queue_panel.list.count() == 1
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as first:
        app.session.pick_mood("happy")
    assert first.args[0].path == mine
    assert app.window.queue_panel.list.count() == 0
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as second:
        pass  # the 1-second song ends by itself
    assert second.args[0].path.parent == music / "happy"


def test_queue_buttons_reorder_remove_clear(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    tree = app.window.library
    paths = [music / "sad" / f"sad-{n}.wav" for n in (1, 2, 3)]
    for path in paths:
        tree.setCurrentItem(tree.track_item(path))
        app.window.add_button.click()
    tree.setCurrentItem(tree.track_item(music / "fear" / "fear-1.wav"))
    app.window.play_next_button.click()
    assert app.session.queue.hand == [music / "fear" / "fear-1.wav", *paths]
    queue = app.window.queue_panel.list
    # Drag row 0 onto row 3 (reorder).
    drop(queue, queue_rows_mime([0]), queue.visualItemRect(queue.item(3)).center(), Qt.DropAction.MoveAction)
    assert app.session.queue.hand == [*paths, music / "fear" / "fear-1.wav"]
    queue.setCurrentRow(1)
    app.window.queue_panel.remove_button.click()
    assert app.session.queue.hand == [paths[0], paths[2], music / "fear" / "fear-1.wav"]
    assert [queue.item(i).text() for i in range(queue.count())] == ["sad 1 — Sad Band", "sad 3 — Sad Band",
                                                                       "fear 1 — Fear Band"]
    # Drag two rows at once onto the first: they move together, in their order, before it.
    drop(queue, queue_rows_mime([2, 1]), queue.visualItemRect(queue.item(0)).center(), Qt.DropAction.MoveAction)
    assert app.session.queue.hand == [paths[2], music / "fear" / "fear-1.wav", paths[0]]
    app.window.queue_panel.clear_button.click()
    assert queue.count() == 0 and app.session.queue.hand == []


def test_the_queue_s_right_click_menu(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    songs = [music / mood / f"{mood}-1.wav" for mood in ("sad", "happy", "fear", "angry")]
    app.session.enqueue(songs)
    queue, undo = app.window.queue_panel.list, app.window.actions["undo"]

    def choose(rows, text):
        queue.clearSelection()
        for row in rows:
            queue.item(row).setSelected(True)
        next(a for a in queue.context_menu().actions() if a.text().split("\t")[0] == text).trigger()

    choose([3, 2], "Play next")
    assert app.session.queue.hand == [songs[2], songs[3], songs[0], songs[1]], "to the top, in their order"
    assert undo.text() == "Undo: move songs to the top of the queue"
    choose([0, 1], "Play next")
    assert undo.text() == "Undo: move songs to the top of the queue" and len(app.session.queue.undo_steps) == 1, \
        "already at the top: no edit"
    shown = []
    app.window.show_in_folder = shown.append
    choose([1, 2], "Show in folder")
    assert shown == [[songs[3], songs[0]]]
    choose([2], "Song info…")
    assert app.window.song_info_dialog.windowTitle() == "Song info: sad-1.wav"
    app.window.song_info_dialog.close()
    dialogs = []
    app.window.run_dialog = lambda dialog: dialogs.append(dialog) and False  # seen, then cancelled
    choose([2, 3], "Edit tags…")
    assert dialogs and dialogs[0].windowTitle() == "Edit tags: 2 songs"
    assert [track.path for track in dialogs[0].tracks] == [songs[0], songs[1]]
    choose([1], "Remove from queue")
    assert app.session.queue.hand == [songs[2], songs[0], songs[1]]
    choose([1], "Play now")
    assert app.session.current.path == songs[0] and app.session.queue.hand == [songs[2], songs[1]]
    queue.setCurrentRow(1)
    qtbot.keyClick(queue, Qt.Key.Key_Return)  # Enter plays the current row, as a double-click
    assert app.session.current.path == songs[1] and app.session.queue.hand == [songs[2]]
    queue.clearSelection()
    assert queue.context_menu() is None


def test_drag_a_track_onto_the_queue(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    queue = app.window.queue_panel.list
    track = music / "neutral" / "neutral-3.wav"
    drop(queue, app.window.library.mimeData([app.window.library.track_item(track)]), QPoint(5, 5))
    assert app.session.queue.hand == [track]
    assert queue.item(0).text() == "neutral 3 — Neutral Band"


def test_drop_files_from_the_file_manager_onto_a_mood(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera")
    outside = tmp_path / "downloads"
    write_audio(outside / "tune.wav")
    write_audio(outside / "album" / "track.wav")
    (outside / "album" / "cover.jpg").write_bytes(b"jpg")
    write_audio(outside / "happy-1.wav")  # clashes with a file already in happy/
    tree = app.window.library
    with qtbot.waitSignal(app.session.files_imported, timeout=10000):  # copied on the pool
        accepted = drop(tree, file_mime(outside / "tune.wav", outside / "album", outside / "happy-1.wav"),
                        item_point(tree, tree.mood_item("happy")))
    assert accepted
    names = sorted(p.name for p in (music / "happy").iterdir())
    assert names == ["happy-1 (2).wav", "happy-1.wav", "happy-2.wav", "happy-3.wav", "track.wav", "tune.wav"]
    assert (outside / "tune.wav").exists(), "dropping copies"
    assert tree.mood_item("happy").text(0) == "Happy (6)"
    message = app.window.statusBar().currentMessage()
    assert "Copied 3 songs to Happy" in message and "cover.jpg" in message
    assert "'happy-1.wav' was already there and was saved as 'happy-1 (2).wav'" in message


def test_drag_a_track_from_one_mood_to_another_moves_it(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    tree = app.window.library
    track = music / "angry" / "angry-1.wav"
    questions = []
    app.window.confirm = lambda text: questions.append(text) or True
    mime = tree.mimeData([tree.track_item(track)])
    drop(tree, mime, item_point(tree, tree.mood_item("surprise")), Qt.DropAction.MoveAction)
    assert str(track) in questions[0], "the question names the exact file"
    assert not track.exists() and (music / "surprise" / "angry-1.wav").exists()
    assert tree.mood_item("angry").text(0) == "Angry (2)"
    assert tree.mood_item("surprise").text(0) == "Surprise (4)"


def test_move_to_mood_from_the_menus_moves_the_selected_songs_as_a_drag_does(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    tree = app.window.library
    songs = [music / "angry" / "angry-1.wav", music / "sad" / "sad-1.wav"]
    tree.expandAll()
    tree.clearSelection()
    for song in songs:
        tree.track_item(song).setSelected(True)
    questions = []
    app.window.confirm = lambda text: questions.append(text) or True
    menu = next(a.menu() for a in tree.context_menu().actions() if a.text() == "Move to mood")
    assert [a.text() for a in menu.actions()] == ["Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral"]
    assert all(a.isEnabled() for a in menu.actions()), "not all of them are in angry or sad"
    next(a for a in menu.actions() if a.text() == "Happy").trigger()
    assert questions and all(str(song) in questions[0] for song in songs), "asked first, naming the files"
    assert (music / "happy" / "angry-1.wav").exists() and (music / "happy" / "sad-1.wav").exists()
    assert not any(song.exists() for song in songs)
    moved = music / "happy" / "angry-1.wav"
    tree.clearSelection()
    tree.track_item(moved).setSelected(True)
    edit = next(a.menu() for a in app.window.menuBar().actions() if a.text() == "&Edit")
    edit.aboutToShow.emit()
    moves = next(a.menu() for a in edit.actions() if a.text() == "Move to mood")
    assert not next(a for a in moves.actions() if a.text() == "Happy").isEnabled(), "where it is already"
    next(a for a in moves.actions() if a.text() == "Angry").trigger()  # the Edit menu's, back where it was
    assert songs[0].exists() and not moved.exists()
    tree.clearSelection()
    edit.aboutToShow.emit()
    assert not moves.menuAction().isEnabled(), "nothing selected"


def test_a_mood_row_s_menu_plays_queues_and_shows_the_mood(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    tree = app.window.library
    tree.expandAll()
    app.window.filter_box.setText("sad 2")  # what is shown is what gets queued
    menu = tree.mood_menu("sad")
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Play Sad songs", "Add its 1 song to the queue", "Show in folder"]
    menu.actions()[1].trigger()
    assert app.session.queue.hand == [music / "sad" / "sad-2.wav"]
    app.window.filter_box.clear()
    assert tree.mood_menu("sad").actions()[1].text() == "Add its 3 songs to the queue"
    shown = []
    app.window.show_in_folder = shown.append
    tree.mood_menu("fear").actions()[2].trigger()
    assert shown == [[music / "fear"]]
    tree.mood_menu("fear").actions()[0].trigger()
    assert app.session.mood == "fear"
    tree.clearSelection()
    tree.track_item(music / "sad" / "sad-1.wav").setSelected(True)
    on_mood = tree.menu_at(tree.visualItemRect(tree.mood_item("fear")).center())  # a right-click on its row
    on_song = tree.menu_at(tree.visualItemRect(tree.track_item(music / "sad" / "sad-1.wav")).center())
    assert (on_mood.actions()[0].text(), on_song.actions()[0].text()) == ("Play Fear songs", "Play now")


def test_removing_a_track_asks_first(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    tree = app.window.library
    track = music / "disgust" / "disgust-2.wav"
    questions = []
    app.window.confirm = lambda text: questions.append(text) or False
    tree.setCurrentItem(tree.track_item(track))
    app.window.remove_button.click()
    assert track.exists() and "disgust-2.wav" in questions[0]
    app.window.confirm = lambda text: True
    app.window.remove_button.click()
    assert not track.exists() and tree.mood_item("disgust").text(0) == "Disgust (2)"


def test_keyboard_shortcuts(qtbot, make_app, music):
    from moodplayer.playback.base import PlayerState

    app = make_app("--music", str(music), "--no-camera", player="null")
    window = app.window
    qtbot.keyClick(window, Qt.Key.Key_Space)  # nothing queued, no mood: a hint, no crash
    app.session.pick_mood("happy")
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert app.player.state == PlayerState.PAUSED
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert app.player.state == PlayerState.PLAYING
    first = app.session.current.path
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert app.session.current.path != first
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert app.session.current.path == first
    volume = app.player.volume
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert app.player.volume == volume - 5 and window.player_bar.volume.value() == volume - 5
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert app.player.muted and window.player_bar.mute.accessibleName() == "Unmute"
    for button in (window.player_bar.play, window.player_bar.stop, window.player_bar.previous,
                   window.player_bar.next, window.player_bar.mute):
        assert button.toolTip() and button.accessibleName()


def test_a_hostile_download_dropped_on_a_mood_copies_only_its_audio(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera")
    secret = tmp_path / "home" / ".ssh" / "id_ed25519"
    secret.parent.mkdir(parents=True)
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    album = tmp_path / "downloads" / "album"
    write_audio(album / "01 song.wav")
    (album / "02 bonus.mp3").symlink_to(secret)
    (album / "03 fake.mp3").write_text("text")
    (album / "04 zero.wav").symlink_to("/dev/zero")
    tree = app.window.library
    with qtbot.waitSignal(app.session.files_imported, timeout=10000) as imported:
        drop(tree, file_mime(album), item_point(tree, tree.mood_item("sad")))
    assert [p.name for p in imported.args[1].copied] == ["01 song.wav"]
    assert sorted(p.name for p in (music / "sad").iterdir()) == ["01 song.wav", "sad-1.wav", "sad-2.wav", "sad-3.wav"]
    message = app.window.statusBar().currentMessage()
    assert message.startswith("Copied 1 song to Sad; skipped 3: ")
    assert "02 bonus.mp3 (a link to outside the dropped folders)" in message and "03 fake.mp3 (not an audio file)" in message
