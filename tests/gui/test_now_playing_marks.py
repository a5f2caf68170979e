"""The playing song is marked in the mood folders and above the queue, and Ctrl+J shows it there;
queue rows show their length;
the re-detect toggle says why it is off without a camera; hints to pick a mood read the same."""

from PySide6.QtCore import Qt

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.next_song import PICK_HINT
from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.ui.widgets.queue_view import DURATION_ROLE, SHOWN_ROWS
from mp_testkit.media import write_audio
from mp_testkit.window_state import status


def test_the_playing_song_is_marked_and_the_mark_moves(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree, session = app.window.library, app.session
    first, second = music / "sad" / "sad-1.wav", music / "sad" / "sad-2.wav"
    session.play_now(first)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    marked = tree.track_item(first)
    assert marked.font(0).bold() and not marked.icon(0).isNull()
    assert app.window.queue_panel.now_label.text() == "\u25b6 Playing: sad 1 — Sad Band (0:01)"
    session.play_now(second)
    assert not tree.track_item(first).font(0).bold() and tree.track_item(first).icon(0).isNull()
    assert tree.track_item(second).font(0).bold()
    session.rescan(sync=True)  # rows rebuilt or reused: the mark stays on the playing song
    assert tree.track_item(second).font(0).bold()


def test_ctrl_j_shows_the_song_playing_in_the_mood_folders(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    tree, window = app.window.library, app.window
    window.actions["show_playing"].trigger()
    assert status(app) == "No song is playing."
    song = music / "sad" / "sad-2.wav"
    app.session.play_now(song)
    tree.collapseAll()
    window.filter_box.setText("happy")  # the filter hides it
    assert window.actions["show_playing"].shortcut().toString() == "Ctrl+J"
    window.actions["show_playing"].trigger()
    item = tree.track_item(song)
    assert window.filter_box.text() == "" and not item.isHidden() and item.parent().isExpanded()
    assert tree.currentItem() is item and tree.selectedItems() == [item]
    outside = write_audio(tmp_path / "elsewhere" / "loose.wav")
    app.session.play_opened([outside])
    window.actions["show_playing"].trigger()
    assert status(app) == "loose.wav is not in your mood folders (opened from elsewhere)."


def test_queue_rows_show_their_length_and_its_title_the_whole(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--no-camera", player="null")
    panel = app.window.queue_panel
    assert panel.title() == "Up next"
    app.session.enqueue([music / "fear" / "fear-2.wav"])
    row = panel.list.item(0)
    assert row.text() == "fear 2 — Fear Band" and row.data(DURATION_ROLE) == "0:01"
    assert panel.title() == "Up next: 1 song, 0:01"
    app.session.enqueue([music / "sad" / f"sad-{n}.wav" for n in (1, 2, 3)])
    assert panel.title() == "Up next: 4 songs, 0:04"
    app.session.enqueue([write_audio(tmp_path / "outside.wav")])  # not in the library: its length unknown
    assert panel.title() == "Up next: 5 songs, at least 0:04"
    app.session.enqueue([music / "sad" / "sad-1.wav"] * SHOWN_ROWS)
    assert panel.title() == f"Up next: {SHOWN_ROWS + 5:,} songs", "past the list's rows: the count alone"
    app.session.clear_queue()
    assert panel.title() == "Up next"


def test_without_a_camera_redetection_is_off_and_says_why(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    box = app.window.mood_panel.auto_redetect
    assert not box.isEnabled() and "camera is off" in box.toolTip()
    assert app.window.mood_panel.status.text().endswith(PICK_HINT)


def test_a_missing_camera_says_the_same_hint(qtbot, make_app, music, tmp_path):
    app = make_app("--music", str(music), "--camera", str(tmp_path / "none.avi"))
    qtbot.waitUntil(lambda: not app.window.mood_panel.auto_redetect.isEnabled(), timeout=10000)
    assert app.window.mood_panel.status.text().endswith(PICK_HINT)
    assert "camera is unavailable" in app.window.mood_panel.auto_redetect.toolTip()


def test_the_filter_finds_songs_by_title_artist_or_album_as_you_type(qtbot, make_app, music):
    from mp_testkit.media import tag, write_audio

    tag(write_audio(music / "sad" / "x.wav"), "Halo", artist="Beyoncé", album="I Am… Sasha Fierce")
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    qtbot.keyClicks(app.window.filter_box, "beyonce")
    visible = [tree.mood_item(m).child(r) for m in ("sad", "happy") for r in range(tree.mood_item(m).childCount())
               if not tree.mood_item(m).child(r).isHidden()]
    assert [i.text(0) for i in visible] == ["Halo"]
    assert tree.mood_item("sad").text(0) == "Sad (1 of 4)" and tree.mood_item("happy").text(0) == "Happy (0 of 3)"
    app.window.filter_box.setText("sasha fierce halo")  # every word, in any field
    assert not tree.track_item(music / "sad" / "x.wav").isHidden()
    app.window.filter_box.setText("fear band")
    assert tree.mood_item("fear").text(0) == "Fear (3 of 3)" and tree.mood_item("sad").text(0) == "Sad (0 of 4)"
    app.window.show()
    app.window.activateWindow()
    app.window.filter_box.setFocus()
    qtbot.waitUntil(app.window.filter_box.hasFocus, timeout=5000)
    qtbot.keyClick(app.window.filter_box, Qt.Key.Key_Escape)  # Escape empties it
    assert app.window.filter_box.text() == ""
    assert tree.mood_item("sad").text(0) == "Sad (4)" and not tree.track_item(music / "sad" / "x.wav").isHidden()


def test_nothing_moves_or_grows_while_it_runs(qtbot, make_app, music):
    from mp_testkit.media import tag, write_audio

    long_song = tag(write_audio(music / "surprise" / "long.wav"), "A" * 300, artist="B" * 200, album="C" * 200)
    app = make_app("--music", str(music), "--no-camera", player="null")
    window, bar = app.window, app.window.player_bar
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: window.size().width() == 1100, timeout=2000)
    minimum = window.minimumSizeHint().width()
    transport = bar.play.mapTo(window, bar.play.rect().topLeft())
    app.session.play_now(long_song)
    app.player.set_volume(100)
    app.player.set_muted(True)
    app.session.pick_mood("surprise")
    window.show_message("warning", "W" * 400)
    qtbot.wait(50)  # let the layouts settle (no size may change, whatever they do)
    assert window.size().width() == 1100 and window.minimumSizeHint().width() <= minimum
    assert bar.play.mapTo(window, bar.play.rect().topLeft()) == transport, "the transport did not move"
    assert bar.title.text() == "A" * 300 and "…" in bar.title.shown_text()


def test_a_drag_highlights_the_mood_it_will_land_in(qtbot, make_app, music):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
    from PySide6.QtWidgets import QApplication

    from mp_testkit.drops import file_mime, item_point

    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    mime = file_mime(music / "happy" / "happy-1.wav")
    for kind in (QDragEnterEvent, QDragMoveEvent):  # a drag comes in, then moves over "Sad"
        event = kind(item_point(tree, tree.mood_item("sad")), Qt.DropAction.CopyAction, mime,
                     Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(tree.viewport(), event)
    assert tree.highlighted_mood == "sad"
    assert tree.mood_item("sad").background(0).style() != Qt.BrushStyle.NoBrush
    assert tree.mood_item("happy").background(0).style() == Qt.BrushStyle.NoBrush


def test_a_folder_image_is_the_cover_when_the_tags_have_none(qtbot, make_app, music):
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#8e24aa"))
    assert image.save(str(music / "fear" / "Cover.JPG"), "JPG")
    app = make_app("--music", str(music), "--no-camera", player="null")
    app.session.play_now(music / "fear" / "fear-1.wav")
    pixmap = app.window.player_bar.cover.pixmap()
    assert pixmap is not None and not pixmap.isNull()


def test_playing_is_said_above_the_queue_only_while_a_song_plays(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    session, now = app.session, app.window.queue_panel.now_label
    session.play_now(music / "sad" / "sad-1.wav")
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    assert now.isVisibleTo(app.window) and now.text() == "\u25b6 Playing: sad 1 — Sad Band (0:01)"
    session.toggle()
    qtbot.waitUntil(lambda: now.text() == "Paused: sad 1 — Sad Band (0:01)", timeout=5000)
    session.stop()
    qtbot.waitUntil(lambda: not now.isVisibleTo(app.window), timeout=5000)
    assert app.window.player_bar.title.text() == "sad 1", "the song stays loaded, ready to play again"


def test_clearing_the_filter_opens_and_closes_the_moods_as_before(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    tree.mood_item("fear").setExpanded(False)  # the listener folded one away
    before = {mood: tree.mood_item(mood).isExpanded() for mood in EMOTIONS}
    app.session.play_now(music / "sad" / "sad-2.wav")
    qtbot.keyClicks(app.window.filter_box, "happy 1")
    assert [m for m in EMOTIONS if tree.mood_item(m).isExpanded()] == ["happy"]
    app.window.filter_box.clear()
    assert {mood: tree.mood_item(mood).isExpanded() for mood in EMOTIONS} == before
    assert not tree.track_item(music / "sad" / "sad-2.wav").isHidden(), "the playing song is in view again"


def test_an_embedded_cover_is_drawn_for_the_song_playing(qtbot, make_app, music):
    from mp_testkit.media import tag, write_audio

    covered = tag(write_audio(music / "fear" / "covered.mp3"), "Covered", cover=True)
    app = make_app("--music", str(music), "--no-camera", player="null")
    app.session.play_now(covered)
    assert not app.window.player_bar.cover.pixmap().isNull()
    app.session.play_now(music / "fear" / "fear-1.wav")
    assert app.window.player_bar.cover.pixmap().isNull() and app.window.player_bar.cover.text() == "♪"
