"""Settings persist in an INI file (in tmp_path, never the user's): restored after a restart."""

import pytest

from moodplayer.playback.base import PlayerState
from moodplayer.qt.settings_store import SettingsStore
from moodplayer.settings import Settings


def test_everything_is_restored_after_a_restart(qtbot, make_app, music, face_video, settings_file):
    app = make_app("--music", str(music), "--camera", str(face_video), player="null", start=False)
    session = app.session
    session.enqueue([music / "sad" / "sad-2.wav", music / "fear" / "fear-1.wav"])
    app.player.set_volume(35)
    app.player.set_muted(True)
    app.window.mood_panel.auto_redetect.setChecked(False)
    session.play_now(music / "angry" / "angry-3.wav")
    app.window.resize(1010, 650)
    size = app.window.size()
    app.window.close()
    app.shutdown()

    restarted = make_app(player="null", start=False)  # no options: everything comes from the settings file
    again = restarted.session
    assert again.settings.music_root == str(music)
    assert again.settings.camera == str(face_video)
    assert again.queue.hand == [music / "sad" / "sad-2.wav", music / "fear" / "fear-1.wav"]
    assert again.current.path == music / "angry" / "angry-3.wav"
    assert restarted.window.player_bar.title.text() == "angry 3"
    assert restarted.player.state == PlayerState.STOPPED, "restored, not auto-playing"
    assert (restarted.player.volume, restarted.player.muted) == (35, True)
    assert restarted.window.player_bar.volume.value() == 35
    assert not restarted.window.mood_panel.auto_redetect.isChecked()
    assert restarted.window.size() == size, "the window comes back at the size it was closed"
    assert restarted.window.queue_panel.list.count() == 2
    restarted.window.shortcuts["Space"].activated.emit()
    assert restarted.player.state == PlayerState.PLAYING


def test_restored_queue_drops_files_that_are_gone(qtbot, make_app, music, settings_file):
    store = SettingsStore.from_file(settings_file)
    store.save(Settings(music_root=str(music), queue=[str(music / "gone.wav"), str(music / "sad" / "sad-1.wav")],
                        current_track=str(music / "gone-too.wav")))
    app = make_app("--no-camera", player="null", start=False)
    assert app.session.queue.hand == [music / "sad" / "sad-1.wav"]
    assert app.session.current is None


def test_corrupt_settings_file_is_set_aside(qtbot, make_app, music, settings_file):
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_bytes(b"[General\nvolume=\xff\xfe\x00oops\n[[[")
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    assert app.session.settings.music_root == str(music)
    assert app.window.isVisible()


def test_settings_store_round_trip(tmp_path):
    store = SettingsStore.from_file(tmp_path / "s.ini")
    original = Settings(music_root="/m", camera="video.avi", camera_enabled=False, auto_redetect=False, volume=12,
                        muted=True, geometry=b"\x01\x02", queue=["/a.mp3", "/b.ogg"], current_track="/a.mp3",
                        mood="sad")
    store.save(original)
    assert SettingsStore.from_file(tmp_path / "s.ini").load() == original
    single = Settings(queue=["/only.mp3"])
    store.save(single)
    assert SettingsStore.from_file(tmp_path / "s.ini").load().queue == ["/only.mp3"]


def test_a_restored_mood_says_it_is_from_last_time_in_lift_mode_too(qtbot, make_app, music, settings_file):
    SettingsStore.from_file(settings_file).save(Settings(music_root=str(music), mood="sad", mood_mode="lift-happy"))
    app = make_app("--no-camera", player="null", start=False)
    panel = app.window.mood_panel
    assert panel.mood_label.text() == "Mood: Sad (from last time)"
    assert app.session.journey.mode == "lift-happy" and app.player.state != PlayerState.PLAYING
    app.session.set_mood_mode("match")  # another mode: the mood is still the one from last time
    assert panel.mood_label.text() == "Mood: Sad (from last time)"


def test_restored_queue_rows_show_their_tags_and_lengths(qtbot, make_app, music, settings_file):
    from moodplayer.ui.widgets.queue_view import DURATION_ROLE

    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.session.enqueue([music / "sad" / "sad-2.wav", music / "fear" / "fear-1.wav"])
    before = [(app.window.queue_panel.list.item(r).text(), app.window.queue_panel.list.item(r).data(DURATION_ROLE))
              for r in range(2)]
    assert before == [("sad 2 — Sad Band", "0:01"), ("fear 1 — Fear Band", "0:01")]
    app.window.close()
    app.shutdown()
    again = make_app(player="null", start=False)  # the library is read on the scan thread after the queue
    rows = again.window.queue_panel.list
    assert [(rows.item(r).text(), rows.item(r).data(DURATION_ROLE)) for r in range(rows.count())] == before


@pytest.mark.parametrize("engine", ["null", "vlc"])
def test_the_song_resumes_where_the_last_run_stopped(qtbot, make_app, music, settings_file, engine):
    from moodplayer.playback.null_player import NullPlayer
    from mp_testkit.media import write_audio

    song = write_audio(music / "sad" / "long.wav", seconds=40)

    def start(*cli):
        return make_app(*cli, player=NullPlayer(duration_s=40.0) if engine == "null" else "vlc", start=False)

    app = start("--music", str(music), "--no-camera")
    app.session.play_now(song)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=10000)
    app.player.toggle()  # paused, so the point it closes at is known
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PAUSED, timeout=10000)
    app.player.seek(12.0)
    qtbot.waitUntil(lambda: abs(app.player.player.position - 12.0) < 0.5, timeout=10000)
    app.window.close()
    app.shutdown()

    restarted = start()
    player = restarted.player.player
    assert restarted.session.current.path == song and restarted.player.state == PlayerState.STOPPED
    assert player.position == pytest.approx(12.0, abs=0.5), "loaded where it was, not playing"
    # The bar shows it from the next poll: 0:11 or 0:12, whichever side of 12 s the engine paused.
    qtbot.waitUntil(lambda: restarted.window.player_bar.elapsed.text() in ("0:11", "0:12"), timeout=5000)
    restarted.window.shortcuts["Space"].activated.emit()
    qtbot.waitUntil(lambda: restarted.player.state == PlayerState.PLAYING and player.position > 12.0, timeout=10000)
    restarted.player.seek(37.5)  # all but ended when this run stops
    qtbot.waitUntil(lambda: player.position >= 37.5, timeout=10000)
    restarted.window.close()
    restarted.shutdown()

    third = start()
    assert third.session.current.path == song and third.player.player.position == 0.0, "from the top"
