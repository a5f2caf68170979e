"""The library over time: bursts of changes coalesce, the music folder moves away and back, bad
settings fall back to defaults, and nothing calls the player after shutdown."""

import logging

import pytest

from moodplayer.playback.base import PlayerError, PlayerState
from moodplayer.qt.settings_store import SettingsStore
from moodplayer.settings import Settings
from mp_testkit.media import write_audio


def test_a_burst_of_changes_is_one_rescan(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session = app.session
    scans = session.scanner.generation
    for i in range(20):  # 20 albums copied in: 20 notifications in quick succession
        write_audio(music / "happy" / f"album-{i}" / "track.wav")
        session._schedule_rescan(str(music / "happy"))
    assert session.scanner.generation == scans, "no scan while the burst goes on"
    qtbot.waitUntil(lambda: session.scanner.generation == scans + 1 and not session.scanning, timeout=10000)
    assert len(session.tracks("happy")) == 3 + 20
    assert app.window.library.mood_item("happy").text(0) == "Happy (23)"


def test_changes_on_disk_are_picked_up_by_the_watcher(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    write_audio(music / "sad" / "Album" / "new.wav")  # a new album folder, then a file in it
    qtbot.waitUntil(lambda: len(app.session.tracks("sad")) == 4, timeout=15000)
    write_audio(music / "sad" / "Album" / "second.wav")  # the new album folder is watched too
    qtbot.waitUntil(lambda: len(app.session.tracks("sad")) == 5, timeout=15000)


def test_only_the_newest_scan_is_shown(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session = app.session
    before = dict(session.library)
    stale = session.scanner.generation
    session.rescan()  # a newer scan: whatever the older one reports now is dropped
    session._scan_done(stale, None, RuntimeError("late result of a superseded scan"))
    assert session.library == before
    qtbot.waitUntil(lambda: not session.scanning, timeout=10000)
    assert session.library == before and session.root_problem == ""


def test_the_music_folder_moved_away_and_back(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session = app.session
    away = music.with_name("music-moved")
    music.rename(away)
    qtbot.waitUntil(lambda: "is gone" in session.root_problem, timeout=15000)
    assert app.window.root_banner.isVisible() and app.window.choose_button.isVisible()
    assert not any(session.library.values())
    away.rename(music)
    qtbot.waitUntil(lambda: session.root_problem == "" and len(session.tracks("happy")) == 3, timeout=15000)


def test_a_file_written_beside_the_music_folder_reads_nothing_again(qtbot, make_app, music):
    # The settings, the taste and loudness databases may sit in the music folder's parent, which is
    # watched only to notice the music folder moving away: their writes are not changes to the music.
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session = app.session
    (music.parent / "loudness.sqlite3").write_bytes(b"a measure")
    session._on_folder_changed(str(music.parent))  # what the watcher reports for that write
    assert not session._rescan_timer.isActive()
    session._on_folder_changed(str(music / "happy"))  # a mood folder's change still counts
    assert session._rescan_timer.isActive()
    qtbot.waitUntil(lambda: not session._rescan_timer.isActive() and not session.scanning, timeout=10000)
    away = music.with_name("music-moved")
    music.rename(away)
    session._on_folder_changed(str(music.parent))
    assert session._rescan_timer.isActive(), "the music folder itself moved away"
    qtbot.waitUntil(lambda: "is gone" in session.root_problem, timeout=15000)
    music.mkdir()  # another folder of the same name: read it
    session._on_folder_changed(str(music.parent))
    assert session._rescan_timer.isActive()


def test_the_window_is_usable_while_the_first_scan_runs(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    session = app.session
    shown = []
    session.scan_progress.connect(lambda scanning, found: shown.append((scanning, found)))
    session.set_music_root(music)  # read it again from scratch, on the scan thread
    assert session.scanning and app.window.scan_status.isVisibleTo(app.window)
    session.pick_mood("happy")  # picking a mood during the scan is fine
    qtbot.waitUntil(lambda: not session.scanning, timeout=10000)
    assert shown[0] == (True, 0) and shown[-1] == (False, 21)
    assert not app.window.scan_status.isVisibleTo(app.window)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)


@pytest.mark.parametrize("key, value, default", [("player", "gstreamer", "vlc"), ("mood", "elated", ""),
                                                  ("volume", 250, 80), ("camera", " ", "0")])
def test_bad_setting_values_fall_back_to_defaults(tmp_path, caplog, key, value, default):
    path = tmp_path / "s.ini"
    store = SettingsStore.from_file(path)
    store.save(Settings(**{key: value, "music_root": "/m"}))
    with caplog.at_level(logging.WARNING):
        loaded = SettingsStore.from_file(path).load()
    assert getattr(loaded, key) == default and loaded.music_root == "/m"
    assert f"Ignoring setting {key}" in caplog.text


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00binary", b"just some notes\nnot=ours\n",
                                     b"caf\xe9=latin-1\n"])
def test_a_file_that_is_not_a_settings_file_is_kept_aside(tmp_path, content):
    path = tmp_path / "s.ini"
    path.write_bytes(content)
    (tmp_path / "s.ini.not-valid").write_bytes(b"kept from before")
    store = SettingsStore.from_file(path)
    assert store.load() == Settings()
    assert (tmp_path / "s.ini.not-valid").read_bytes() == b"kept from before", "never overwritten"
    assert (tmp_path / "s.ini.not-valid.2").read_bytes() == content


def test_a_late_timer_after_shutdown_does_not_touch_the_player(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", start=False)  # the real libvlc
    session = app.session
    session.pick_mood("happy")
    session._advance_after_detection = True
    session._redetect_timer.start()
    app.window.close()
    app.shutdown()
    assert not session._redetect_timer.isActive() and not session._rescan_timer.isActive()
    session._redetect_timer.timeout.emit()  # as if it fired anyway
    session._rescan_timer.timeout.emit()
    session.next()
    with pytest.raises(PlayerError):
        app.player.play_file(music / "happy" / "happy-1.wav")
