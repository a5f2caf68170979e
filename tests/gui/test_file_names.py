"""Any byte string is a file name: the window removes, queues, moves and plays the file the user chose."""

import os

from PySide6.QtCore import Qt

from moodplayer.playback.base import PlayerState
from moodplayer.qt.settings_store import SettingsStore
from mp_testkit.media import write_audio
from mp_testkit.drops import drop, item_point

ODD = os.fsdecode(b"song\xe9.wav")  # a Latin-1 "songé": not valid UTF-8


def odd_pair(music, seconds=1.0):
    plain = write_audio(music / "happy" / "song.wav", freq=300)
    odd = write_audio(music / "happy" / ODD, seconds=seconds, freq=500)
    return plain, odd


def test_the_pair_is_shown_as_two_songs_the_odd_one_escaped_and_marked(qtbot, make_app, music):
    plain, odd = odd_pair(music)
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    assert tree.track_item(plain) is not tree.track_item(odd)
    assert tree.track_item(plain).text(0) == "song.wav"
    assert tree.track_item(odd).text(0).startswith("song\\xe9.wav") and "\u26a0" in tree.track_item(odd).text(0)
    assert "not valid UTF-8" in tree.track_item(odd).toolTip(0)


def test_remove_deletes_the_selected_file_not_its_look_alike(qtbot, make_app, music):
    plain, odd = odd_pair(music)
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    questions = []
    app.window.confirm = lambda text: questions.append(text) or True
    tree.setCurrentItem(tree.track_item(odd))
    app.window.remove_button.click()
    assert not odd.exists() and plain.exists()
    assert "song\\xe9.wav" in questions[0], "the question shows the exact file"
    assert tree.track_item(plain) is not None and tree.track_item(odd) is None


def test_queue_play_and_move_the_odd_one(qtbot, make_app, music, settings_file):
    # Long enough to be still playing when checked, however busy the machine (a 1 s song could end,
    # and with nothing queued after it stop, before a starved test looked).
    plain, odd = odd_pair(music, seconds=30)
    app = make_app("--music", str(music), "--no-camera")  # the real libvlc
    tree = app.window.library
    tree.itemDoubleClicked.emit(tree.track_item(odd), 0)
    assert app.session.queue.hand == [odd]
    queue = app.window.queue_panel.list
    with qtbot.waitSignal(app.session.track_changed, timeout=15000) as started:
        queue.itemDoubleClicked.emit(queue.item(0))
    assert started.args[0].path == odd
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=15000)
    assert "Cannot play" not in app.window.statusBar().currentMessage()

    app.window.confirm = lambda text: True
    drop(tree, tree.mimeData([tree.track_item(odd)]), item_point(tree, tree.mood_item("sad")),
         Qt.DropAction.MoveAction)
    assert (music / "sad" / ODD).exists() and not odd.exists() and plain.exists()


def test_an_odd_path_in_the_queue_survives_a_restart(qtbot, make_app, music, settings_file):
    plain, odd = odd_pair(music)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.session.enqueue([odd, plain])
    app.window.close()
    app.shutdown()
    assert SettingsStore.from_file(settings_file).load().queue[0].startswith("file://")
    again = make_app(player="null", start=False)
    assert again.session.queue.hand == [odd, plain]


def test_a_long_music_folder_path_does_not_widen_the_window(qtbot, make_app, tmp_path):
    from mp_testkit.media import make_library

    deep = tmp_path.joinpath(*["a-rather-long-folder-name-%d" % i for i in range(8)])
    music = make_library(deep / "music", per_mood=1)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    assert len(str(music)) > 200
    assert app.window.minimumSizeHint().width() < 1000
    assert app.window.root_label.text().endswith(str(music)) and app.window.root_label.toolTip() == \
        app.window.root_label.text()
    assert "…" in app.window.root_label.shown_text()
