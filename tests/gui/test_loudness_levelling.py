"""Volume levelling of songs without ReplayGain tags: measured in the background, in the order they
are likely to play, once each (kept beside the settings), and not at all while levelling is off."""

import math
import sqlite3

import pytest

from moodplayer.library.replay_gain import ReplayGain
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.loudness_scanner import listening_order
from mp_testkit import audio_jobs


@pytest.fixture
def job_log(tmp_path, monkeypatch):
    log = tmp_path / "measured.txt"
    monkeypatch.setenv("MOODPLAYER_TEST_JOB_LOG", str(log))
    monkeypatch.setenv("MOODPLAYER_TEST_JOB_GO", str(tmp_path / "go"))
    return log


def measured(log):
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_songs_are_measured_in_the_order_they_will_play_and_then_levelled(qtbot, make_app, music, job_log):
    # Songs of ten minutes: the song playing is still the one chosen when the order is drawn, however
    # slow the machine (with the null player's default second, a busy CI core had moved two songs on).
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=600), start=False)
    session, engine = app.session, app.player.player
    app.loudness.job = audio_jobs.logged_loudness
    session.pick_mood("sad")
    playing, queued = music / "happy" / "happy-1.wav", music / "fear" / "fear-2.wav"
    session.play_now(playing)
    session.enqueue([queued])
    app.window.actions["levelling_track"].trigger()
    qtbot.waitUntil(lambda: not app.loudness.running, timeout=60000)

    progress = app.window.actions["levelling_progress"]
    assert not progress.isVisible(), "shown only while songs are measured"
    app.loudness.progress.emit(5, 21)  # as the scan says it while it runs
    assert progress.isVisible() and progress.text() == "Measuring songs without tags: 5 of 21"
    assert "Measuring the loudness of songs without tags: 5 of 21" in app.window.player_bar.volume.toolTip()
    app.loudness.progress.emit(21, 21)
    assert not progress.isVisible()

    order = measured(job_log)
    assert order[:2] == [str(playing), str(queued)], "the song playing, then the queue"
    assert set(order[2:5]) == {str(t.path) for t in session.tracks("sad")}, "then the mood playing"
    assert len(order) == len(set(order)) == 21, "then the rest, each once"
    assert app.loudness.gain(queued) == ReplayGain(track_db=2.0, track_peak=0.5)  # -18 LUFS from -20
    session.play_now(queued)
    assert engine.level_db == 2.0
    assert "levelled +2.0 dB (by song, its loudness measured: no ReplayGain tags)" in (
        app.window.player_bar.volume.toolTip())

    # By album: the album (its three songs at -25, -20 and -15 LUFS; album and artist tags alike)
    # is levelled as one, so its quieter songs stay quieter.
    app.window.actions["levelling_album"].trigger()
    powers = [10 ** ((centre + 0.691) / 10) for centre in (-24.5, -19.5, -14.5)]  # each band's centre
    album_lufs = -0.691 + 10 * math.log10(sum(powers) / 3)
    assert engine.level_db == pytest.approx(-18.0 - album_lufs, abs=0.01)
    assert "(by album, its album's loudness measured: no ReplayGain tags)" in app.window.player_bar.volume.toolTip()
    session.play_now(music / "fear" / "fear-1.wav")
    assert engine.level_db == pytest.approx(-18.0 - album_lufs, abs=0.01), "one gain for the whole album"


def test_measures_are_kept_and_a_restart_measures_nothing_again(qtbot, make_app, music, settings_file, job_log):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.window.actions["levelling_track"].trigger()
    qtbot.waitUntil(lambda: not app.loudness.running, timeout=120000)  # the real measure
    song = music / "angry" / "angry-1.wav"
    gain = app.loudness.gain(song)
    assert gain is not None and -20 < gain.track_db < 20
    app.window.close()
    app.shutdown()
    with sqlite3.connect(settings_file.with_name("loudness.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM features WHERE error IS NULL").fetchone()[0] == 21

    restarted = make_app(player="null", start=False)
    restarted.loudness.job = audio_jobs.logged_loudness  # would answer -20 LUFS, were anything measured
    # Levelling was left on: the library is gone through again a few seconds after launch, from the file.
    qtbot.waitUntil(lambda: restarted.loudness.total == 21 and restarted.loudness.done == 21, timeout=60000)
    qtbot.waitUntil(lambda: not restarted.loudness.running, timeout=60000)
    assert measured(job_log) == []
    restarted.session.play_now(song)
    assert restarted.player.player.level_db == pytest.approx(min(gain.track_db, -20 * math.log10(gain.track_peak)))


def test_turning_levelling_off_stops_the_measuring_within_the_song_in_hand(qtbot, make_app, music, job_log, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.loudness.job = audio_jobs.held_loudness  # the first song's measure waits for "go"
    app.window.actions["levelling_track"].trigger()
    assert app.loudness.running
    app.window.actions["levelling_off"].trigger()
    (tmp_path / "go").touch()
    qtbot.waitUntil(lambda: not app.loudness.running, timeout=60000)
    assert len(measured(job_log)) <= 1, "at most the song in hand"
    assert app.player.player.level_db == 0.0


def test_the_listening_order_keeps_each_song_once_where_it_first_comes(tmp_path):
    a, b, c = (tmp_path / name for name in "abc")
    assert listening_order([b], [a, b], (p for p in [c, a])) == [b, a, c]


def test_a_song_loaded_but_not_playing_takes_its_measure_at_once(qtbot, make_app, music, job_log):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.loudness.job = audio_jobs.logged_loudness
    song = music / "sad" / "sad-2.wav"
    app.player.load_file(song)  # as a restored song waits for Play
    app.window.actions["levelling_track"].trigger()
    assert app.player.player.level_db == 0.0, "not measured yet"
    qtbot.waitUntil(lambda: app.player.player.level_db == 2.0, timeout=60000)  # no sound to jump: applied now
    assert "its loudness measured" in app.window.player_bar.volume.toolTip()
