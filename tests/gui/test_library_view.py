"""The mood folders and the menus say what they hold and what is on: columns that fit, rows that fit
accents, songs sorted by title (or the column clicked; an album in its track order), songs queued in
the order shown, a drag image beside the cursor, one Move to
Trash action, a lasting note and greyed songs under a language filter, and check marks in the menus."""

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.languages import UNTAGGED, LanguageFilter
from moodplayer.library.track import Track
from moodplayer.playback.base import PlayerState
from moodplayer.ui.widgets.library_tree import ALBUM, ARTIST, DIM_ROLE, TIME, TITLE
from moodplayer.ui.widgets.mime import read_tracks
from mp_testkit.media import set_language, set_numbers, tag, write_audio


def titles(tree, mood):
    item = tree.mood_item(mood)
    return [item.child(row).text(TITLE) for row in range(item.childCount())]


def test_title_and_artist_stretch_and_the_time_fits_its_content(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    header = app.window.library.header()
    assert header.sectionResizeMode(TITLE) == header.sectionResizeMode(ARTIST) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(TIME) == QHeaderView.ResizeMode.ResizeToContents
    assert header.sectionResizeMode(ALBUM) == QHeaderView.ResizeMode.Interactive
    assert not header.stretchLastSection()
    assert header.sectionSize(TIME) >= app.window.library.sizeHintForColumn(TIME)


def test_rows_are_as_high_as_the_font_s_line_spacing(qtbot, make_app, music):
    tag(write_audio(music / "happy" / "accents.wav"), "ÉÀÇ Ÿgjpq Ångström", artist="Žižek")
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    app.session.play_now(music / "happy" / "accents.wav")  # a bold row too
    line = QFontMetrics(tree.font()).lineSpacing()
    bold = tree.font()
    bold.setBold(True)
    line = max(line, QFontMetrics(bold).lineSpacing())
    rows = [tree.mood_item(m) for m in EMOTIONS] + [tree.track_item(music / "happy" / "accents.wav")]
    assert all(tree.visualItemRect(row).height() > line for row in rows)


def test_songs_sort_by_title_within_a_mood_and_by_the_column_clicked(qtbot, make_app, tmp_path):
    music = tmp_path / "music"
    tag(write_audio(music / "sad" / "a.wav", seconds=3), "Zebra", artist="Ann")
    tag(write_audio(music / "sad" / "b.wav", seconds=1), "apple", artist="Cid")
    tag(write_audio(music / "sad" / "c.wav", seconds=2), "Mango", artist="Bob")
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree, header = app.window.library, app.window.library.header()
    assert titles(tree, "sad") == ["apple", "Mango", "Zebra"], "by title, not by file name; case ignored"
    artist = QPoint(header.sectionViewportPosition(ARTIST) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=artist)
    assert header.sortIndicatorSection() == ARTIST
    assert titles(tree, "sad") == ["Zebra", "Mango", "apple"], "Ann, Bob, Cid"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=artist)
    assert titles(tree, "sad") == ["apple", "Mango", "Zebra"], "Cid, Bob, Ann: a second click reverses"
    header.setSortIndicator(TIME, Qt.SortOrder.AscendingOrder)
    assert titles(tree, "sad") == ["apple", "Mango", "Zebra"]
    assert [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) for i in range(7)] == list(EMOTIONS)
    header.setSortIndicator(TITLE, Qt.SortOrder.AscendingOrder)
    tree.add_tracks([Track(music / "sad" / "d.wav", title="banana", duration_s=1.0, mood="sad")])  # found by a scan
    assert titles(tree, "sad") == ["apple", "banana", "Mango", "Zebra"]
    assert tree.track_item(music / "sad" / "d.wav").text(TITLE) == "banana"
    app.session.play_now(music / "sad" / "c.wav")
    header.setSortIndicator(TITLE, Qt.SortOrder.DescendingOrder)
    assert titles(tree, "sad") == ["Zebra", "Mango", "banana", "apple"]
    assert tree.track_item(music / "sad" / "c.wav").font(TITLE).bold(), "the playing mark moves with its row"


def test_an_album_sorts_in_its_track_order_and_queues_in_the_order_shown(qtbot, make_app, tmp_path):
    music = tmp_path / "music"
    for name, title, album, numbers in [("a.mp3", "Alpha", "Live", ("2", "2")), ("b.mp3", "Bravo", "Live", ("1/9", "2")),
                                        ("c.mp3", "Charlie", "Live", ("10", "1")), ("d.mp3", "Delta", "Live", ("", "")),
                                        ("e.mp3", "Echo", "Arrival", ("1", "")), ("f.mp3", "Foxtrot", "", ("1", ""))]:
        song = tag(write_audio(music / "sad" / name), title, artist="Band", album=album)
        if numbers[0]:
            set_numbers(song, *numbers)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    tree, header = app.window.library, app.window.library.header()
    header.setSortIndicator(ALBUM, Qt.SortOrder.AscendingOrder)
    expected = ["Echo", "Charlie", "Bravo", "Alpha", "Delta", "Foxtrot"]
    assert titles(tree, "sad") == expected, "albums by name, each by disc then track; unnumbered, then no album, last"
    header.setSortIndicator(ARTIST, Qt.SortOrder.AscendingOrder)
    assert titles(tree, "sad") == expected, "one artist: by album, then the album's order"
    tree.expandAll()
    tree.clearSelection()
    for title in ["Alpha", "Charlie", "Bravo"]:  # clicked out of order
        next(tree.mood_item("sad").child(row) for row in range(6)
             if tree.mood_item("sad").child(row).text(TITLE) == title).setSelected(True)
    qtbot.mouseClick(app.window.add_button, Qt.MouseButton.LeftButton)
    assert [path.name for path in app.session.queue.hand] == ["c.mp3", "b.mp3", "a.mp3"], "queued as shown"
    app.session.clear_queue()
    next(a for a in tree.context_menu().actions() if a.text() == "Play now").trigger()
    assert app.session.current.path.name == "c.mp3", "Play now: the first shown plays"
    assert [path.name for path in app.session.queue.hand] == ["b.mp3", "a.mp3"], "the others are next"
    dragged = read_tracks(tree.drag_data())
    assert [path.name for path in dragged] == ["c.mp3", "b.mp3", "a.mp3"], "dragged as shown"
    app.session.clear_queue()
    app.session.play_now(music / "sad" / "e.mp3")
    tree.clearSelection()
    row = {tree.mood_item("sad").child(r).text(TITLE): tree.mood_item("sad").child(r) for r in range(6)}
    row["Foxtrot"].setSelected(True)
    album = next(a for a in tree.context_menu().actions() if a.text() == "Play its album")
    assert not album.isEnabled(), "no album tag"
    tree.clearSelection()
    row["Alpha"].setSelected(True)  # the album's third song: the album plays from its first
    next(a for a in tree.context_menu().actions() if a.text() == "Play its album").trigger()
    assert app.session.current.path.name == "c.mp3"
    assert [path.name for path in app.session.queue.hand] == ["b.mp3", "a.mp3", "d.mp3"], "Arrival's Echo not"


def test_a_compilation_is_one_album_by_its_album_artist_and_namesakes_stay_apart(qtbot, make_app, tmp_path):
    import mutagen
    from mutagen.id3 import TPE2

    music = tmp_path / "music"
    songs = {}
    for name, artist, album, number in [("a.mp3", "Ann", "Hits", "2"), ("b.mp3", "Bob", "Hits", "1"),
                                        ("c.mp3", "Cid", "Greatest Hits", "1"), ("d.mp3", "Dee", "Greatest Hits", "1")]:
        songs[name] = set_numbers(tag(write_audio(music / "happy" / name), name, artist=artist, album=album), number)
    for name in ("a.mp3", "b.mp3"):
        audio = mutagen.File(songs[name])
        audio.tags.add(TPE2(encoding=3, text="Various Artists"))
        audio.save()
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    assert app.session.album_songs(songs["a.mp3"]) == [songs["b.mp3"], songs["a.mp3"]], "one album, in its order"
    assert app.session.album_songs(songs["c.mp3"]) == [songs["c.mp3"]], "two artists' Greatest Hits stay apart"


def test_the_sort_and_the_album_column_s_width_are_remembered(qtbot, make_app, tmp_path):
    music = tmp_path / "music"
    tag(write_audio(music / "sad" / "a.wav", seconds=3), "Zebra", album="B")
    tag(write_audio(music / "sad" / "b.wav", seconds=1), "apple", album="A")
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.window.library.header().setSortIndicator(ALBUM, Qt.SortOrder.DescendingOrder)
    app.window.library.header().resizeSection(ALBUM, 217)  # the one column sized by hand
    app.window.close()
    app.shutdown()
    assert app.session.settings.library_sort == "-album"
    restarted = make_app("--no-camera", player="null", start=False)
    header = restarted.window.library.header()
    assert header.sectionSize(ALBUM) == 217 and header.sectionResizeMode(TITLE) == QHeaderView.ResizeMode.Stretch
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (ALBUM, Qt.SortOrder.DescendingOrder)
    assert titles(restarted.window.library, "sad") == ["Zebra", "apple"], "B, then A"
    restarted.window.library.sort_by("nonsense")
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (TITLE, Qt.SortOrder.AscendingOrder)


def test_the_drag_image_sits_beside_the_row_under_the_cursor(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    tree = app.window.library
    for items in ([tree.track_item(music / "sad" / "sad-1.wav")],
                  [tree.track_item(music / "sad" / f"sad-{n}.wav") for n in (1, 2, 3)]):
        pixmap, hot_spot = tree.drag_image(items)
        image = QRect(-hot_spot, pixmap.deviceIndependentSize().toSize())  # where it is, the cursor at (0, 0)
        row = tree.visualItemRect(items[0]).height()
        under_cursor = QRect(-tree.width(), -row, 2 * tree.width(), 2 * row)  # the row, wherever it is grabbed
        assert not pixmap.isNull() and not image.intersects(under_cursor)


def test_remove_and_move_to_trash_are_one_action(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    window, tree = app.window, app.window.library
    trash = window.actions["trash"]
    assert tree.trash_action is trash and trash.text() == "Move to Trash…\tDelete"
    assert not trash.isEnabled()
    tree.setCurrentItem(tree.track_item(music / "sad" / "sad-1.wav"))
    assert trash.isEnabled()
    asked = []
    window.confirm = lambda text: asked.append(text) or False
    trash.trigger()
    assert "Move 1 song to the trash?" in asked[0]


def test_a_language_filter_is_shown_while_on_and_greys_the_songs_it_skips(qtbot, make_app, tmp_path):
    music = tmp_path / "music"
    english = set_language(write_audio(music / "happy" / "english.wav"), "eng")
    french = set_language(write_audio(music / "happy" / "french.wav"), "fra")
    untagged = write_audio(music / "happy" / "untagged.wav")
    app = make_app("--music", str(music), "--no-camera", player="null")
    window, tree = app.window, app.window.library
    assert not window.language_note.isVisibleTo(window)
    window.run_dialog = lambda dialog: True
    app.session.set_language_filter(LanguageFilter(frozenset({"en", UNTAGGED})))
    window._show_language_filter()
    assert window.language_note.isVisibleTo(window)
    assert window.language_label.text() == "Playing only: English, songs without a language tag. " \
                                           "The other songs are greyed."
    assert tree.track_item(french).data(TITLE, DIM_ROLE) and "languages chosen" in tree.track_item(french).toolTip(0)
    assert not tree.track_item(english).data(TITLE, DIM_ROLE) and not tree.track_item(untagged).data(TITLE, DIM_ROLE)
    app.session.rescan(sync=True)
    assert tree.track_item(french).data(TITLE, DIM_ROLE), "still greyed after a re-scan"
    app.session.set_language_filter(LanguageFilter())
    window._show_language_filter()
    assert not window.language_note.isVisibleTo(window) and not tree.track_item(french).data(TITLE, DIM_ROLE)


def test_the_mood_menu_and_mute_show_what_is_on(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    window, session, panel, actions = app.window, app.session, app.window.mood_panel, app.window.actions
    assert not any(actions[f"pick_{m}"].isChecked() for m in EMOTIONS)
    actions["pick_sad"].trigger()
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    assert [m for m in EMOTIONS if actions[f"pick_{m}"].isChecked()] == ["sad"]
    panel.picker.activated.emit(panel.picker.findData("fear"))
    assert [m for m in EMOTIONS if actions[f"pick_{m}"].isChecked()] == ["fear"]
    assert [actions[f"pick_{m}"].shortcut().toString() for m in EMOTIONS] == [f"Ctrl+{n}" for n in range(1, 8)]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Ctrl+4: happy, by hand
    assert session.mood == "happy" and actions["pick_happy"].isChecked()
    assert actions["mode_match"].isChecked() and actions["mode_match"].isCheckable()
    actions["mode_lift-calm"].trigger()
    assert session.journey.mode == "lift-calm" and panel.mode.currentData() == "lift-calm"
    assert actions["mode_lift-calm"].isChecked() and not actions["mode_match"].isChecked()
    assert not actions["group_mood"].isChecked()
    actions["group_mood"].trigger()
    assert session.settings.everyone_in_view and panel.whose.currentData() is True
    panel.whose.setCurrentIndex(panel.whose.findData(False))
    assert not actions["group_mood"].isChecked()
    assert actions["mute"].isCheckable() and not actions["mute"].isChecked()
    window.shortcuts["M"].activated.emit()
    assert actions["mute"].isChecked() and app.player.muted
    actions["mute"].trigger()
    assert not app.player.muted


def test_the_words_say_what_they_do(qtbot, make_app, tmp_path):
    music = tmp_path / "music"
    untitled = write_audio(music / "neutral" / "Rain on the roof.wav")
    app = make_app("--music", str(music), "--no-camera", player="null")
    bar = app.window.player_bar
    assert bar.dislike.text() == "\u25bc Play less often"
    app.session.play_now(untitled)
    assert bar.title.text() == "Rain on the roof.wav"
    assert "Rain on the roof" not in bar.details.text(), "the file name once, not again as the artist"
    assert bar.details.text() == "mood: neutral"
