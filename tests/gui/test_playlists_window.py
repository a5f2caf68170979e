"""Playlists in the window: save the queue, the last hour of a mood; import into the queue or a mood."""

import os

from moodplayer.library.playlists import read_playlist
from mp_testkit.drops import drop, file_mime, item_point
from mp_testkit.media import write_audio


def test_save_the_queue_as_m3u8_and_import_it_back(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player="null")
    session = app.session
    queued = [music / "sad" / "sad-1.wav", music / "fear" / "fear-2.wav"]
    session.enqueue(queued)
    target = music / "lists" / "evening.m3u8"
    target.parent.mkdir()
    app.window.ask_save_path = lambda title, suggested: target
    app.window.actions["save_queue"].trigger()
    assert read_playlist(target).resolved == queued
    assert "../sad/sad-1.wav" in target.read_text(), "relative under the music root"
    assert "Saved 2 songs as evening.m3u8" in app.window.statusBar().currentMessage()
    session.clear_queue()
    app.window.ask_open_path = lambda title: target
    app.window.actions["import_playlist"].trigger()
    qtbot.waitUntil(lambda: session.queue.hand == queued, timeout=5000)
    assert "Queued 2 songs" in app.window.statusBar().currentMessage()


def test_save_the_last_hour_of_a_mood(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player="null")
    session = app.session
    session.pick_mood("happy")
    session.next()
    session.next()
    target = tmp_path / "happy hour.xspf"
    app.window.ask_save_path = lambda title, suggested: target
    app.window.actions["save_recent"].trigger()
    assert len(read_playlist(target).resolved) == 3
    assert all(p.parent == music / "happy" for p in read_playlist(target).resolved)


def test_dropping_a_playlist_on_a_mood_copies_its_songs_in_and_lists_what_is_missing(qtbot, make_app, music,
                                                                                     tmp_path):
    app = make_app("--music", str(music), "--no-camera", player="null")
    outside = tmp_path / "outside"
    songs = [write_audio(outside / "one.wav"), write_audio(outside / os.fsdecode(b"two\xe9.wav"))]
    playlist = outside / "party.m3u"
    playlist.write_bytes(b"#EXTM3U\none.wav\n" + os.fsencode(songs[1].name) + b"\nmissing.wav\n"
                         b"https://example.org/stream\n")
    tree = app.window.library
    drop(tree, file_mime(playlist), item_point(tree, tree.mood_item("surprise")))
    # The copy runs in the background: its message says it has finished (waiting for the first file
    # alone raced the second on a busy machine).
    qtbot.waitUntil(lambda: "party.m3u" in app.window.statusBar().currentMessage(), timeout=10000)
    assert all((music / "surprise" / song.name).exists() for song in songs)
    message = app.window.statusBar().currentMessage()
    assert "Copied 2 songs to Surprise" in message and "1 entry not found (line 4: missing.wav)" in message
    assert "1 web address skipped" in message
    assert tree.mood_item("surprise").text(0) == "Surprise (5)"


def test_a_playlist_dropped_on_the_queue_queues_its_songs(qtbot, make_app, music, tmp_path):
    from PySide6.QtCore import QPoint

    app = make_app("--music", str(music), "--no-camera", player="null")
    playlist = tmp_path / "q.m3u8"
    playlist.write_text(f"{music / 'angry' / 'angry-2.wav'}\n")
    drop(app.window.queue_panel.list, file_mime(playlist), QPoint(5, 5))
    qtbot.waitUntil(lambda: app.session.queue.hand == [music / "angry" / "angry-2.wav"], timeout=5000)


def test_a_bad_playlist_is_one_clear_message(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player="null")
    bad = tmp_path / "bad.csv"
    bad.write_text("colour,size\nred,3\n")
    app.window.ask_open_path = lambda title: bad
    app.window.actions["import_playlist"].trigger()
    qtbot.waitUntil(lambda: "Cannot read the playlist" in app.window.statusBar().currentMessage(), timeout=5000)
    assert "needs a 'path'" in app.window.statusBar().currentMessage()
