"""Every bad input is a clear message and a recovered state, never a crash."""

import shutil

from moodplayer.playback.base import PlayerState
from mp_testkit.media import make_library, tag, write_audio, write_corrupt, write_empty


def last_message(app):
    return getattr(app.window, "last_message", ("", ""))[1]


def test_empty_mood_folder_says_so(qtbot, make_app, tmp_path):
    music = make_library(tmp_path / "music", per_mood=1, moods=("happy",))
    app = make_app("--music", str(music), "--no-camera")
    app.session.pick_mood("sad")
    assert "'sad' folder has no playable songs" in last_message(app)
    assert app.session.current is None and app.player.state == PlayerState.STOPPED
    with qtbot.waitSignal(app.session.track_changed, timeout=5000):
        app.session.pick_mood("happy")


def test_missing_music_root_offers_to_choose_one(qtbot, make_app, tmp_path):
    app = make_app("--music", str(tmp_path / "nowhere"), "--no-camera")
    banner = app.window.root_banner
    assert banner.isVisible() and "does not exist" in app.window.root_message.text()
    app.session.pick_mood("happy")
    assert app.session.current is None
    music = make_library(tmp_path / "music", per_mood=1)
    app.window.choose_directory = lambda: str(music)
    app.window.choose_button.click()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    assert app.window.library.mood_item("happy").text(0) == "Happy (1)"
    with qtbot.waitSignal(app.session.track_changed, timeout=5000):
        app.session.pick_mood("happy")


def test_a_file_given_as_the_music_folder_is_named_a_file_and_left_alone(qtbot, make_app, tmp_path):
    song = tmp_path / "song.ogg"
    write_audio(song)
    before = song.read_bytes()
    app = make_app("--music", str(song), "--no-camera")
    message = app.window.root_message.text()
    assert app.window.root_banner.isVisible() and "is a file, not a folder" in message, message
    assert song.is_file() and song.read_bytes() == before, "the file is left as it was"
    assert not any((tmp_path / mood).exists() for mood in ("happy", "sad")), "no mood folders made beside it"
    app.session.pick_mood("happy")
    assert app.session.current is None


def test_empty_music_root_creates_the_mood_folders(qtbot, make_app, tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    app = make_app("--music", str(root), "--no-camera")
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"])
    assert "no songs" in app.window.root_message.text()


def test_corrupt_and_empty_files_are_skipped_with_a_message(qtbot, make_app, tmp_path):
    root = tmp_path / "music"
    write_corrupt(root / "sad" / "a-corrupt.mp3")
    write_empty(root / "sad" / "b-empty.ogg")
    good = tag(write_audio(root / "sad" / "c-good.wav"), "Good song")
    app = make_app("--music", str(root), "--no-camera")
    messages = []
    app.session.message.connect(lambda level, text: messages.append(text))
    played = []
    app.session.track_changed.connect(played.append)
    app.session.pick_mood("sad")
    assert played and played[0].path == good
    # Hand-queued, the bad files are skipped with a message each.
    app.session.enqueue([root / "sad" / "a-corrupt.mp3", root / "sad" / "b-empty.ogg"])
    app.session.next()
    assert any("Cannot play a-corrupt.mp3" in m for m in messages)
    assert any("Cannot play b-empty.ogg" in m for m in messages)
    assert played[-1].path == good
    assert app.window.library.track_item(root / "sad" / "a-corrupt.mp3").text(3) == "unreadable"


def test_unplayable_file_that_mutagen_reads_is_skipped_when_vlc_fails(qtbot, make_app, tmp_path):
    root = tmp_path / "music"
    tag(write_audio(root / "angry" / "a.wav"), "A")
    tag(write_audio(root / "angry" / "b.wav"), "B")
    app = make_app("--music", str(root), "--no-camera")
    # Corrupt a file after the scan: tags were read, but libvlc cannot play it.
    (root / "angry" / "a.wav").write_bytes(b"RIFF" + b"\0" * 40)
    (root / "angry" / "b.wav").write_bytes(b"RIFF" + b"\0" * 40)
    messages = []
    app.session.message.connect(lambda level, text: messages.append(text))
    app.session.pick_mood("angry")
    qtbot.waitUntil(lambda: any("Cannot play" in m for m in messages), timeout=5000)
    assert app.window.isVisible()


def test_file_deleted_while_queued_is_skipped(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    doomed = music / "sad" / "sad-1.wav"
    keeper = music / "sad" / "sad-2.wav"
    app.session.enqueue([doomed, keeper])
    doomed.unlink()
    messages = []
    app.session.message.connect(lambda level, text: messages.append(text))
    with qtbot.waitSignal(app.session.track_changed, timeout=5000) as started:
        app.session.pick_mood("happy")
    assert started.args[0].path == keeper, "the hand queue comes first; the deleted song is skipped"
    assert any("sad-1.wav is gone" in m for m in messages)
    assert app.session.queue.hand == []


def test_missing_libvlc_is_a_message_and_the_app_still_runs(qtbot, make_app, music, monkeypatch):
    from moodplayer.playback import vlc_player

    def no_vlc():
        raise vlc_player.PlayerError("libvlc is not available (libvlc.so.5: cannot open shared object file); "
                                     "install VLC to play music")

    monkeypatch.setattr(vlc_player, "_import_vlc", no_vlc)
    from moodplayer.app import build, parse_args
    from moodplayer.qt.settings_store import SettingsStore

    args = parse_args(["--music", str(music), "--no-camera", "--settings", str(music.parent / "s.ini")])
    app = build(args, store=SettingsStore.from_file(music.parent / "s.ini"))
    qtbot.addWidget(app.window)
    app.window.show()
    assert "Playback unavailable" in app.window.player_bar.title.text()
    assert "install VLC" in app.window.statusBar().currentMessage()
    app.session.pick_mood("happy")  # no crash; the null engine keeps the app usable
    app.window.close()
    app.shutdown()


def test_external_changes_show_up_without_restart(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera")
    tree = app.window.library
    assert tree.mood_item("surprise").text(0) == "Surprise (3)"
    write_audio(music / "surprise" / "new.wav")
    qtbot.waitUntil(lambda: tree.mood_item("surprise").text(0) == "Surprise (4)", timeout=5000)
    shutil.rmtree(music / "angry")
    qtbot.waitUntil(lambda: tree.mood_item("angry").text(0) == "Angry (0)", timeout=5000)
