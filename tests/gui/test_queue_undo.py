"""Edit > Undo takes back the queue's edits (Clear, Remove, reorder) as well as moves between
moods, the newest first, and names what it takes back."""

from moodplayer.selection import UNDO_STEPS


def queued(app, music, names):
    paths = [music / name for name in names]
    app.session.enqueue(paths)
    return paths


def test_clear_and_remove_are_undone_newest_first(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session, undo = app.session, app.window.actions["undo"]
    assert not undo.isEnabled() and undo.text() == "Undo"
    songs = queued(app, music, ["happy/happy-1.wav", "sad/sad-1.wav", "angry/angry-1.wav"])
    session.remove_from_queue([1])
    assert undo.isEnabled() and undo.text() == "Undo: remove 1 song from the queue"
    session.clear_queue()
    assert undo.text() == "Undo: clear the queue" and session.queue.hand == []
    messages = []
    session.message.connect(lambda level, text: messages.append(text))
    undo.trigger()
    assert session.queue.hand == [songs[0], songs[2]] and messages[-1] == "Undone: clear the queue."
    undo.trigger()
    assert session.queue.hand == songs
    assert app.window.queue_panel.list.count() == 3, "the queue shown follows"
    assert not undo.isEnabled()
    app.window._play_from_queue(app.window.queue_panel.list.item(0))  # double-clicked: it plays
    assert session.current.path == songs[0] and not undo.isEnabled(), "nothing to put back"


def test_a_reorder_is_undone_and_only_the_newest_edits_are_kept(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session, undo = app.session, app.window.actions["undo"]
    songs = queued(app, music, ["happy/happy-1.wav", "happy/happy-2.wav"])
    for _ in range(UNDO_STEPS + 5):
        session.move_in_queue(0, 2)
    assert undo.text() == "Undo: reorder the queue"
    for _ in range(UNDO_STEPS):
        undo.trigger()
    assert not undo.isEnabled(), f"the newest {UNDO_STEPS} edits only"
    assert session.queue.hand == list(reversed(songs))  # 25 swaps, 20 taken back: 5, an odd number


def test_undo_takes_back_the_newest_of_a_queue_edit_and_a_move_and_follows_moved_songs(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session, window, undo = app.session, app.window, app.window.actions["undo"]
    window.confirm = lambda text: True
    songs = queued(app, music, ["happy/happy-1.wav", "sad/sad-1.wav", "angry/angry-1.wav"])
    session.clear_queue()
    window.move_tracks("fear", [songs[0]])  # after the clear: it stays in fear
    window.move_tracks("fear", [songs[1]])  # the newest step, undone first
    session.delete_tracks([songs[2]])  # to the trash
    assert undo.text() == "Undo move between moods"
    undo.trigger()
    assert songs[1].is_file() and undo.text() == "Undo: clear the queue"
    undo.trigger()
    assert session.queue.hand == [music / "fear" / "happy-1.wav", songs[1]], \
        "the song moved since is followed, the one in the trash stays out"
    assert not undo.isEnabled()
