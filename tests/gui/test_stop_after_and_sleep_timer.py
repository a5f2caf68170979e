"""Playback > Stop after this song, and Playback > Sleep timer (which stops at the end of the song
playing when its time is up): the music stops once, and Play goes on with the next song."""

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.session import DetectionState
from moodplayer.qt.sleep_timer import describe_minutes
from mp_testkit.media import HeldClassifier, end_the_song_while_the_detection_is_held
from mp_testkit.window_state import playing, status


def playing_happy(qtbot, app):
    return playing(qtbot, app, "happy")


def test_stop_after_this_song_stops_once_and_play_goes_on_with_the_next(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session, action = app.session, app.window.actions["stop_after"]
    first = playing_happy(qtbot, app)
    title = session.current.display_title
    action.trigger()
    assert action.isChecked() and session.stop_after_song
    started = []
    session.track_changed.connect(started.append)
    app.player.seek(60)  # to the end of the 60-s song
    qtbot.waitUntil(lambda: app.player.state == PlayerState.STOPPED, timeout=5000)
    assert started == [], "no song after it"
    assert not action.isChecked(), "it stops once, then is off"
    assert status(app) == f"Stopped after {title}, as asked. Play goes on with the next song."
    assert session.snapshot().current_track == "", "a song heard to its end is not offered again at the next start"
    qtbot.keyClick(app.window, " ")  # Play
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    assert session.current.path != first and session.current.mood == "happy"
    # Off again: the next song's end plays on.
    app.player.seek(60)
    qtbot.waitUntil(lambda: len(started) == 2, timeout=5000)
    assert app.player.state == PlayerState.PLAYING


def test_stop_after_this_song_can_be_taken_back(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    action = app.window.actions["stop_after"]
    playing_happy(qtbot, app)
    action.trigger()
    action.trigger()
    assert not app.session.stop_after_song
    with qtbot.waitSignal(app.session.track_changed, timeout=5000):
        app.player.seek(60)
    assert app.player.state == PlayerState.PLAYING


def test_the_sleep_timer_menu_sets_shows_and_cancels_the_time(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    actions, timer = app.window.actions, app.session.sleep_timer
    menu = actions["sleep_timer"]
    assert menu.text() == "Sleep timer" and actions["sleep_0"].isChecked()
    actions["sleep_30"].trigger()
    assert timer.active and actions["sleep_30"].isChecked()
    assert menu.text() in ("Sleep timer (30 min left)", "Sleep timer (29 min left)")
    assert "stops 30 min from now" in status(app)
    actions["sleep_90"].trigger()  # a new time replaces the old one
    assert "1 h 30 min left" in menu.text() or "1 h 29 min left" in menu.text()
    actions["sleep_0"].trigger()
    assert not timer.active and menu.text() == "Sleep timer" and status(app) == "Sleep timer off."


def test_when_the_sleep_time_is_up_the_song_playing_ends_and_nothing_follows(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session = app.session
    playing_happy(qtbot, app)
    with qtbot.waitSignal(session.sleep_timer.expired, timeout=5000):
        session.sleep_timer.start(0.001)  # 60 ms
    assert app.player.state == PlayerState.PLAYING, "the song is not cut off"
    assert app.window.actions["stop_after"].isChecked() and app.window.actions["sleep_0"].isChecked()
    assert status(app) == "Sleep timer: the music stops at the end of this song."
    app.player.seek(60)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.STOPPED, timeout=5000)
    assert "as the sleep timer asked" in status(app)


def test_turning_the_sleep_timer_off_after_its_time_takes_back_its_stop(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session = app.session
    playing_happy(qtbot, app)
    with qtbot.waitSignal(session.sleep_timer.expired, timeout=5000):
        session.sleep_timer.start(0.001)
    assert session.stop_after_song
    app.window.actions["sleep_0"].trigger()
    assert not session.stop_after_song and status(app) == "Sleep timer off."
    with qtbot.waitSignal(session.track_changed, timeout=5000):
        app.player.seek(60)


def test_a_stop_asked_by_hand_outlives_the_sleep_timer(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    playing_happy(qtbot, app)
    app.window.actions["sleep_15"].trigger()
    app.window.actions["stop_after"].trigger()
    app.window.actions["sleep_0"].trigger()
    assert app.session.stop_after_song, "only the timer's own stop is taken back"


def test_sleep_time_up_while_nothing_plays_stops_nothing_later(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    playing_happy(qtbot, app)
    app.player.toggle()  # paused
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PAUSED, timeout=5000)
    with qtbot.waitSignal(app.session.sleep_timer.expired, timeout=5000):
        app.session.sleep_timer.start(0.001)
    assert "the music was not playing" in status(app)
    assert not app.session.stop_after_song, "a song played tomorrow is not stopped by tonight's timer"


def test_sleep_time_up_during_the_end_of_song_detection_starts_no_song(qtbot, make_app, music, face_video):
    classifier = HeldClassifier("sad")
    app = make_app("--music", str(music), "--camera", str(face_video), player=NullPlayer(duration_s=60),
                   classifier=classifier)
    session = app.session
    qtbot.waitUntil(lambda: session.model_ready and app.window.mood_panel.detect_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(session.track_changed, timeout=15000):
        app.window.detect()
    started = []
    session.track_changed.connect(started.append)
    end_the_song_while_the_detection_is_held(qtbot, app, classifier)
    with qtbot.waitSignal(session.detection_state, timeout=5000,
                          check_params_cb=lambda state, _: state == DetectionState.READY):
        session.sleep_timer.start(0.001)
    assert status(app) == "Sleep timer: stopped."
    with qtbot.waitSignal(app.camera.detection_finished, timeout=20000):
        classifier.release.set()  # the camera's late answer
    qtbot.wait(0)  # what it posted runs
    assert started == [] and app.player.state == PlayerState.STOPPED
    assert app.window.mood_panel.detect_button.isEnabled()


def test_stop_after_this_song_on_libvlc(qtbot, make_app, music):
    """The real engine: the song reaches its end, stays stopped, and Play starts the next one."""
    app = make_app("--music", str(music), "--no-camera")
    first = playing_happy(qtbot, app)
    app.window.actions["stop_after"].trigger()
    qtbot.waitUntil(lambda: "Stopped after" in status(app), timeout=15000)
    assert app.player.state in (PlayerState.STOPPED, PlayerState.ENDED)
    qtbot.wait(500)  # nothing starts by itself
    assert app.session.current.path == first and app.player.state != PlayerState.PLAYING
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as started:
        app.window.actions["play_pause"].trigger()
    assert started.args[0].path != first
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)


def test_describe_minutes():
    assert [describe_minutes(m) for m in (15, 45, 60, 90, 120, 0.4)] == [
        "15 min", "45 min", "1 hour", "1 h 30 min", "2 hours", "0 min"]


def test_repeat_this_song_plays_it_again_until_turned_off(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    session, action = app.session, app.window.actions["repeat"]
    song = playing_happy(qtbot, app)
    action.trigger()
    assert action.isChecked() and status(app) == f"Repeating {session.current.display_title} until Repeat this " \
                                                  "song is turned off."
    for _ in range(2):
        with qtbot.waitSignal(session.track_changed, timeout=5000) as again:
            app.player.seek(60)
        assert again.args[0].path == song and app.player.state == PlayerState.PLAYING
    assert session.taste.score(song, "happy") == 2.0, "each whole listen counts"
    action.trigger()
    assert status(app) == "Repeat off: play goes on with the next song."
    with qtbot.waitSignal(session.track_changed, timeout=5000) as following:
        app.player.seek(60)
    assert following.args[0].path != song


def test_stop_after_this_song_wins_over_repeat(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    playing_happy(qtbot, app)
    app.window.actions["repeat"].trigger()
    app.window.actions["stop_after"].trigger()
    app.player.seek(60)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.STOPPED, timeout=5000)
    assert app.session.repeat_song, "repeat stays on for when play goes on"


def test_a_repeated_song_that_is_gone_turns_repeat_off_and_play_goes_on(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    song = playing_happy(qtbot, app)
    app.window.actions["repeat"].trigger()
    song.unlink()  # deleted in the file manager while it played
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as following:
        app.player.seek(60)
    assert following.args[0].path != song and not app.window.actions["repeat"].isChecked()


def test_the_status_bar_says_when_the_music_will_stop(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    note, actions = app.window.stop_note, app.window.actions
    playing_happy(qtbot, app)
    assert note.isHidden()
    actions["sleep_45"].trigger()
    assert note.isVisible() and note.text() in ("Sleep timer: 45 min", "Sleep timer: 44 min")
    actions["stop_after"].trigger()
    assert note.text().startswith("Stops after this song · Sleep timer: 4")
    actions["sleep_0"].trigger()
    assert note.text() == "Stops after this song"
    actions["stop_after"].trigger()
    assert note.isHidden()
