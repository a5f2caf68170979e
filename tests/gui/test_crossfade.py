"""Playback > Crossfade in the window: the next song starts the chosen seconds before the end of the
last (the engine crosses the two; NullPlayer records each crossfade), the song's end is handled once
(the reading at its end, its full play, the lift step), and a short song, a repeat or a stop after
the song play to their very end."""

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.session import DetectionState
from mp_testkit.media import HeldClassifier, make_library
from mp_testkit.window_state import playing, status


def test_the_menu_chooses_the_crossfade_and_it_is_kept(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    actions = app.window.actions
    assert actions["crossfade_0"].isChecked() and app.session.settings.crossfade_s == 0, "off until chosen"
    actions["crossfade_4"].trigger()
    assert actions["crossfade_4"].isChecked() and status(app) == "Crossfade: each song fades into the next over 4 s."
    assert "4 s before the end" in actions["crossfade_4"].toolTip()
    app.window.close()
    again = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    assert again.window.actions["crossfade_4"].isChecked() and again.session.settings.crossfade_s == 4
    again.window.actions["crossfade_0"].trigger()
    assert status(again) == "Crossfade off: each song plays to its end."


def test_the_next_song_starts_the_chosen_seconds_before_the_end(qtbot, make_app, music):
    engine = NullPlayer(duration_s=60)
    app = make_app("--music", str(music), "--no-camera", player=engine)
    app.window.actions["crossfade_4"].trigger()
    session = app.session
    first = playing(qtbot, app)
    starts = []
    session.track_changed.connect(starts.append)
    app.player.seek(53)  # 7 s left: not yet
    qtbot.wait(1000)
    assert starts == [] and engine.crossfaded == []
    with qtbot.waitSignal(session.track_changed, timeout=10000):
        app.player.seek(56.5)  # 3.5 s left: within the 4 s
    assert len(engine.crossfaded) == 1
    handed_over, next_song, seconds = engine.crossfaded[0]
    assert (handed_over, next_song, seconds) == (first, session.current.path, 4.0) and next_song != first
    assert session.current.mood == "happy" and app.player.state == PlayerState.PLAYING
    assert [(mood, plays) for mood, _score, plays, _skips in session.taste.history(first)] == [("happy", 1)]
    qtbot.wait(1000)  # the polls after it: one crossfade, one start, one full play
    assert len(starts) == 1 and len(engine.crossfaded) == 1 and session.taste.history(first)[0][2] == 1


def test_off_or_a_short_song_plays_to_its_end(qtbot, make_app, music):
    for crossfade, length in ((0, 60), (4, 11)):  # 11 s: under three crossfades long
        engine = NullPlayer(duration_s=length)
        app = make_app("--music", str(music), "--no-camera", player=engine)
        app.window.actions[f"crossfade_{crossfade}"].trigger()
        playing(qtbot, app)
        with qtbot.waitSignal(app.session.track_changed, timeout=10000):
            app.player.seek(length - 3)
        assert engine.crossfaded == [], f"crossfade {crossfade} s, a {length}-s song"
        app.window.close()


def test_a_repeat_or_a_stop_after_the_song_plays_to_its_very_end(qtbot, make_app, music):
    engine = NullPlayer(duration_s=60)
    app = make_app("--music", str(music), "--no-camera", player=engine)
    app.window.actions["crossfade_4"].trigger()
    first = playing(qtbot, app)
    app.window.actions["repeat"].trigger()
    with qtbot.waitSignal(app.session.track_changed, timeout=10000) as again:
        app.player.seek(57)
    assert again.args[0].path == first and engine.crossfaded == []
    app.window.actions["repeat"].trigger()
    app.window.actions["stop_after"].trigger()
    app.player.seek(57)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.STOPPED, timeout=10000)
    assert engine.crossfaded == [] and app.session.current.path == first


def playing_detected(qtbot, make_app, music, face_video, mood):
    classifier = HeldClassifier(mood)
    engine = NullPlayer(duration_s=60)
    app = make_app("--music", str(music), "--camera", str(face_video), player=engine, classifier=classifier)
    qtbot.waitUntil(lambda: app.session.model_ready and app.window.mood_panel.detect_button.isEnabled(),
                    timeout=10000)
    app.window.actions["crossfade_4"].trigger()
    with qtbot.waitSignal(app.session.track_changed, timeout=15000):
        app.window.detect()
    return app, classifier, engine


def test_the_mood_is_read_while_the_song_still_plays_and_the_next_crosses_into_it(qtbot, make_app, music,
                                                                                  face_video):
    app, classifier, engine = playing_detected(qtbot, make_app, music, face_video, "sad")
    session, first = app.session, app.session.current.path
    classifier.release.clear()
    with qtbot.waitSignal(session.detection_state, timeout=10000,
                          check_params_cb=lambda state, _: state == DetectionState.RUNNING):
        app.player.seek(57)  # the crossfade's start: the reading at the song's end begins
    assert session.current.path == first and app.player.state == PlayerState.PLAYING, "it plays on meanwhile"
    with qtbot.waitSignal(session.track_changed, timeout=20000) as started:
        classifier.release.set()
    assert started.args[0].mood == "sad" and engine.crossfaded == [(first, started.args[0].path, 4.0)]


def test_space_while_the_song_plays_past_its_crossfades_start_pauses_it(qtbot, make_app, music, face_video):
    app, classifier, engine = playing_detected(qtbot, make_app, music, face_video, "sad")
    session, first = app.session, app.session.current.path
    classifier.release.clear()
    with qtbot.waitSignal(session.detection_state, timeout=10000,
                          check_params_cb=lambda state, _: state == DetectionState.RUNNING):
        app.player.seek(57)
    classifier.mood = "angry"  # what the held reading will say: another mood
    app.window.shortcuts["Space"].activated.emit()
    assert app.player.state == PlayerState.PAUSED and session.current.path == first, "paused, not skipped"
    with qtbot.waitSignal(app.camera.detection_finished, timeout=20000):
        classifier.release.set()
    qtbot.wait(500)
    assert session.current.path == first and app.player.state == PlayerState.PAUSED, "the reading starts nothing"
    assert session.mood == "sad", "the reading dropped by the pause changes nothing"
    classifier.mood = "sad"
    # Played on, its end is handled afresh: the next song crosses into its last seconds.
    with qtbot.waitSignal(session.track_changed, timeout=20000) as started:
        app.window.shortcuts["Space"].activated.emit()
    assert started.args[0].path != first and engine.crossfaded == [(first, started.args[0].path, 4.0)]
    assert session.taste.history(first)[0][2] == 1, "its full play counted once"


def test_with_libvlc_the_two_songs_overlap_and_the_first_ends_unheard(qtbot, make_app, tmp_path):
    """The real libvlc (dummy output): the next song plays on its own libvlc player while the first
    fades out, and the first's end (libvlc's, seconds later) starts nothing."""
    music = make_library(tmp_path / "music", per_mood=3, seconds=14, moods=("happy",))
    app = make_app("--music", str(music), "--no-camera")
    engine = app.player.player
    app.window.actions["crossfade_4"].trigger()
    first = playing(qtbot, app)
    qtbot.waitUntil(lambda: bool(app.player.player.duration), timeout=10000)
    starts = []
    app.session.track_changed.connect(starts.append)
    app.player.seek(8.0)  # 6 s left: the crossfade begins in about 2 s, with 4 s to spare
    qtbot.waitUntil(lambda: bool(starts), timeout=10000)
    assert starts[0].path != first
    assert len(engine.crossfade_levels()[0]) == 1, "the first song still plays, on its own libvlc player"
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=10000)  # libvlc starts it async
    qtbot.waitUntil(lambda: not engine.crossfade_levels()[0], timeout=10000)
    assert len(starts) == 1 and app.session.current.path == starts[0].path, "the first's end started nothing"


def test_songs_changed_by_hand_cut_at_once_unless_asked_to_cross(qtbot, make_app, music):
    engine = NullPlayer(duration_s=60)
    app = make_app("--music", str(music), "--no-camera", player=engine)
    actions, session = app.window.actions, app.session
    actions["crossfade_4"].trigger()
    first = playing(qtbot, app)
    assert not actions["crossfade_by_hand"].isChecked(), "off until chosen: a skip changes songs at once"
    app.window.actions["next"].trigger()
    assert engine.crossfaded == [] and session.current.path != first
    actions["crossfade_by_hand"].trigger()
    assert status(app) == "Songs you change cross into the next one too."
    changes = {"Next": lambda: actions["next"].trigger(),
               "Play now": lambda: session.play_now(next(t.path for t in session.tracks("happy")
                                                         if t.path != session.current.path)),
               "Previous": lambda: session.previous(),
               "a new mood": lambda: session.pick_mood("sad")}
    for what, change in changes.items():
        before, crossed = session.current.path, len(engine.crossfaded)
        change()
        assert engine.crossfaded[crossed:] == [(before, session.current.path, 4.0)], what
    app.window.close()
    again = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    assert again.window.actions["crossfade_by_hand"].isChecked() and again.session.settings.crossfade_by_hand


def test_a_paused_song_or_the_crossfade_off_changes_at_once_even_when_asked_to_cross(qtbot, make_app, music):
    engine = NullPlayer(duration_s=60)
    app = make_app("--music", str(music), "--no-camera", player=engine)
    app.window.actions["crossfade_by_hand"].trigger()
    playing(qtbot, app)
    app.window.actions["next"].trigger()  # the crossfade is off: nothing to cross
    app.window.actions["crossfade_4"].trigger()
    app.window.shortcuts["Space"].activated.emit()
    assert app.player.state == PlayerState.PAUSED
    app.window.actions["next"].trigger()  # paused: silence does not fade
    assert engine.crossfaded == [] and app.player.state == PlayerState.PLAYING
