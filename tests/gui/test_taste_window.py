"""Learning from the listener in the window: likes, early skips and full listens, kept beside the settings."""

import sqlite3

from moodplayer.library import local_db
from moodplayer.library.taste import TasteStore
from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer


def test_like_skip_and_full_listen_are_learned_per_mood(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session, bar = app.session, app.window.player_bar
    session.pick_mood("happy")
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    liked = session.current.path
    bar.like.click()
    assert "comes up more often in Happy" in app.window.statusBar().currentMessage()
    session.next()  # within the first 30 s: a skip
    skipped = liked
    finished = session.current.path
    session.player.ended.emit(finished)  # the next one plays to its end
    store = TasteStore(settings_file.with_name("taste.sqlite3"))
    assert store.score(skipped, "happy") == 4.0 - 1.0
    assert store.score(finished, "happy") == 1.0
    app.window.confirm = lambda text: True
    app.window.actions["forget_taste"].trigger()
    assert store.score(skipped, "happy") == 0.0


def test_songs_queued_by_hand_teach_nothing(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    song = music / "sad" / "sad-1.wav"
    app.session.play_now(song)
    app.session.next()
    assert TasteStore(settings_file.with_name("taste.sqlite3")).score(song, "sad") == 0.0


def test_likes_that_cannot_be_saved_count_for_the_run_and_the_status_bar_says_so_once(qtbot, make_app, music,
                                                                                       settings_file, monkeypatch):
    monkeypatch.setattr(local_db, "BUSY_TIMEOUT", 0.2)  # seconds another program may hold the file
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session, bar = app.session, app.window.player_bar
    warnings = []
    session.message.connect(lambda level, text: warnings.append(text) if level == "warning" else None)
    session.pick_mood("happy")
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    song = session.current.path
    other = sqlite3.connect(settings_file.with_name("taste.sqlite3"))
    other.execute("BEGIN IMMEDIATE")  # another program writing to it: the app cannot
    try:
        bar.like.click()
        # said after the like's own "Noted: ..." so that it is the message that stays
        qtbot.waitUntil(lambda: "listening history cannot be saved" in app.window.statusBar().currentMessage())
        bar.like.click()
        qtbot.wait(0)  # whatever is posted runs
    finally:
        other.rollback()
        other.close()
    assert session.taste.score(song, "happy") == 8.0
    assert [w for w in warnings if "cannot be saved" in w] == warnings and len(warnings) == 1


def test_a_hand_queued_song_is_rated_for_its_own_mood_folder(qtbot, make_app, music, settings_file):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session, bar = app.session, app.window.player_bar
    session.pick_mood("happy")
    song = music / "disgust" / "disgust-1.wav"
    session.play_now(song)  # queued by hand while the mood is happy
    bar.dislike.click()
    assert "disgust 1 plays less often in Disgust" in app.window.statusBar().currentMessage()
    store = TasteStore(settings_file.with_name("taste.sqlite3"))
    assert store.score(song, "disgust") < 0 and store.score(song, "happy") == 0.0
