"""The window in demo mode: says so, plays the demo songs, keeps them read-only, and leaves demo
mode once the user has a music folder with songs. With --music and --camera nothing is demo."""

import random
from pathlib import Path

import pytest

from moodplayer.app import build, parse_args
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.settings_store import SettingsStore
from mp_testkit.media import FakeClassifier, make_library, write_face_video

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start(qtbot, tmp_path):
    apps = []

    def factory(*cli, settings=None):
        path = tmp_path / "settings.ini"
        store = SettingsStore.from_file(path)
        if settings:
            loaded = store.load()
            for key, value in settings.items():
                setattr(loaded, key, value)
            store.save(loaded)
        app = build(parse_args(["--settings", str(path), *cli]), store=store, player=NullPlayer(duration_s=5),
                    rng=random.Random(3))
        qtbot.addWidget(app.window)
        qtbot.waitUntil(lambda: not app.session.scanning, timeout=10000)  # the library is read on its own thread
        app.window.show()
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.window.close()
        app.shutdown()


def test_no_music_folder_plays_the_demo_library_and_says_how_to_switch(qtbot, start):
    app = start("--no-camera")
    window, session = app.window, app.session
    assert session.demo_root == ROOT / "music" and session.user_root is None
    assert window.demo_banner.isVisible()
    text = window.demo_banner.text()
    assert "Demo mode" in text and "Choose music folder" in text and "webcam" in text
    assert "--" not in text, "no command-line options in the window"
    assert "Demo library" in window.root_label.text()
    with qtbot.waitSignal(session.track_changed, timeout=5000) as played:
        session.pick_mood("sad")
    assert played.args[0].path.parent == ROOT / "music" / "sad"
    assert played.args[0].artist == "MoodPlayer demo"


def test_demo_songs_are_read_only_and_drops_need_a_folder(qtbot, start, tmp_path):
    app = start("--no-camera")
    session = app.session
    song = next((ROOT / "music" / "happy").glob("*.ogg"))
    session.delete_tracks([song])
    session.move_tracks("sad", [song])
    assert song.is_file()
    incoming = make_library(tmp_path / "incoming", per_mood=1, moods=("happy",)) / "happy" / "happy-1.wav"
    assert session.import_files("happy", [incoming]) is None
    assert "choose your music folder" in session.root_problem.lower()
    assert not list((ROOT / "music" / "happy").glob("*.wav"))


def test_a_chosen_but_empty_folder_stays_demo_until_songs_are_dropped(qtbot, start, tmp_path):
    mine = tmp_path / "Music" / "MoodPlayer"
    mine.mkdir(parents=True)
    app = start("--no-camera", settings={"music_root": str(mine)})
    session, window = app.session, app.window
    assert session.demo_root is not None and (mine / "happy").is_dir()
    assert str(mine) in window.demo_banner.text()
    incoming = make_library(tmp_path / "incoming", per_mood=1, moods=("happy",)) / "happy" / "happy-1.wav"
    with qtbot.waitSignal(session.files_imported, timeout=10000) as imported:
        assert session.import_files("happy", [incoming]) is None, "the copy runs on the pool"
    assert imported.args[1].copied == [mine / "happy" / "happy-1.wav"] and (mine / "happy" / "happy-1.wav").is_file()
    assert session.demo_root is None and session.music_root == mine
    assert not window.demo_banner.isVisible()


def test_the_demo_plays_on_until_the_user_s_folder_has_songs_for_the_mood_played(qtbot, start, tmp_path):
    mine = tmp_path / "Music" / "MoodPlayer"
    mine.mkdir(parents=True)
    app = start("--no-camera", settings={"music_root": str(mine)})
    session = app.session
    with qtbot.waitSignal(session.track_changed, timeout=5000):
        session.pick_mood("sad")
    make_library(mine, per_mood=1, moods=("happy",))  # copied in with the file manager: not for "sad"
    session.rescan(sync=True)
    assert session.demo_root is not None and app.window.demo_banner.isVisible()
    make_library(mine, per_mood=1, moods=("sad",))
    session.rescan(sync=True)
    assert session.demo_root is None and session.music_root == mine and not app.window.demo_banner.isVisible()


def test_choosing_a_folder_ends_demo_mode(qtbot, start, tmp_path):
    app = start("--no-camera")
    music = make_library(tmp_path / "music", per_mood=1)
    app.window.choose_directory = lambda: str(music)
    app.window.ask_music_root()
    qtbot.waitUntil(lambda: app.session.demo_root is None and not app.window.demo_banner.isVisible(), timeout=5000)
    assert app.session.settings.music_root == str(music)


def test_no_webcam_uses_the_demo_clip_and_says_so(qtbot, start, tmp_path):
    # Settings name a webcam that cannot open (no --camera given): the demo clip takes over.
    app = start(settings={"camera": str(tmp_path / "no-webcam.avi")})
    app.start(FakeClassifier("happy"))
    qtbot.waitUntil(lambda: app.window.demo_camera, timeout=15000)
    assert "demo clip" in app.window.demo_banner.text()
    qtbot.waitUntil(lambda: app.window.camera_view.frames_shown >= 3, timeout=15000)


def test_with_music_and_camera_given_nothing_is_demo(qtbot, start, tmp_path):
    music = make_library(tmp_path / "music", per_mood=1)
    video = write_face_video(tmp_path / "face.avi")
    app = start("--music", str(music), "--camera", str(video))
    app.start(FakeClassifier("happy"))
    qtbot.waitUntil(lambda: app.window.camera_view.frames_shown >= 3, timeout=15000)
    assert app.session.demo_root is None and not app.window.demo_camera
    assert not app.window.demo_banner.isVisible()


def test_no_demo_option_turns_the_demo_off(qtbot, start):
    app = start("--no-camera", "--no-demo")
    assert app.session.demo_root is None and not app.window.demo_banner.isVisible()
    assert "No music folder" in app.window.root_message.text()


def test_after_songs_are_added_a_restart_has_no_demo_leftovers(qtbot, start, tmp_path):
    mine = tmp_path / "Music" / "MoodPlayer"
    mine.mkdir(parents=True)
    app = start("--no-camera", settings={"music_root": str(mine)})
    session = app.session
    with qtbot.waitSignal(session.track_changed, timeout=5000):
        session.pick_mood("happy")
    demo_songs = sorted((ROOT / "music" / "sad").iterdir())
    session.enqueue(demo_songs[:1])
    assert session.current.path.is_relative_to(ROOT / "music")
    incoming = make_library(tmp_path / "incoming", per_mood=1, moods=("happy",)) / "happy" / "happy-1.wav"
    with qtbot.waitSignal(session.files_imported, timeout=10000):
        session.import_files("happy", [incoming])
    qtbot.waitUntil(lambda: not session.scanning, timeout=10000)
    assert session.demo_root is None and not app.window.root_banner.isVisible()
    app.window.close()  # saves the settings: the demo song is still the one playing
    app.shutdown()
    again = start("--no-camera")
    window = again.window
    assert again.session.demo_root is None and again.session.music_root == mine
    assert again.session.current is None and window.player_bar.title.text() == "Nothing playing"
    assert again.session.queue.hand == [], "no demo song waits in the queue"
    assert not window.root_banner.isVisible() and not window.demo_banner.isVisible()
    assert window.root_label.text() == f"Music folder: {mine}"


def test_songs_added_while_the_folder_is_read_are_not_lost_by_that_read(qtbot, start, tmp_path):
    """The first read of the user's folder began before the copy landed: it found no songs."""
    import threading

    from moodplayer.library.scanner import TrackCache, scan

    mine = tmp_path / "Music" / "MoodPlayer"
    mine.mkdir(parents=True)
    app = start("--no-camera", settings={"music_root": str(mine)})
    session, window = app.session, app.window
    before_copy = scan(mine, TrackCache(), threading.Event())  # what a read of the empty folder reports
    started = []
    real_start = session.scanner.start
    session.scanner.start = lambda root, sync=False: started.append(root) or session.scanner.generation + 1
    incoming = make_library(tmp_path / "incoming", per_mood=1, moods=("happy",)) / "happy" / "happy-1.wav"
    session.import_files("happy", [incoming], sync=True)  # ends demo mode: the user's folder is read
    assert started == [mine] and session.scanning
    session.scanner.start = real_start
    session.scanner.generation += 1
    session._scan_done(session._scan_generation, before_copy, None)  # that read finishes: no songs in it
    qtbot.waitUntil(lambda: not session.scanning, timeout=10000)
    assert [t.path for t in session.tracks("happy")] == [mine / "happy" / "happy-1.wav"]
    assert session.root_problem == "" and not window.root_banner.isVisible()
