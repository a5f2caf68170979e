"""Edit tags… from the mood folders' context menu: the dialog shows the song's tags, Save writes
the changed ones into the file, and the mood folders, the filter and the song playing show them;
a song that cannot be written is left as it was, with the reason in the status bar."""

import hashlib

from moodplayer.library.tags import read_tags
from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.ui.tag_dialog import TagDialog
from mp_testkit.window_state import song_row, status


def edit(qtbot, app, songs, **typed) -> list[TagDialog]:
    """Right-click > Edit tags… on ``songs`` (one or a list, selected); the dialog gets ``typed`` into
    its fields and is saved (Cancel when nothing is typed)."""
    songs = songs if isinstance(songs, list) else [songs]
    shown = []

    def answer(dialog) -> bool:
        shown.append(dialog)
        for key, text in typed.items():
            dialog.fields[key].setText(text)
        return bool(typed)

    app.window.run_dialog = answer
    tree = app.window.library
    tree.expandAll()
    tree.clearSelection()
    for song in songs:
        song_row(tree, song).setSelected(True)
    next(a for a in tree.context_menu().actions() if a.text() == "Edit tags…").trigger()
    return shown


def test_the_tags_are_saved_into_the_song_and_shown_everywhere(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    song = music / "happy" / "happy-2.wav"
    app.session.play_now(song)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    dialogs = edit(qtbot, app, song, title="Sunny Side", languages="French, en")
    fields = {key: field.text() for key, field in dialogs[0].fields.items()}
    assert fields["artist"] == "Happy Band" and fields["album"] == "Test Album"
    assert dialogs[0].changes() == {"title": "Sunny Side", "languages": ["fr", "en"]}, "only what was changed"
    qtbot.waitUntil(lambda: status(app) == "Tags saved in happy-2.wav.", timeout=10000)
    track = read_tags(song)
    assert (track.title, track.artist, track.languages) == ("Sunny Side", "Happy Band", ("fr", "en"))
    qtbot.waitUntil(lambda: not app.session.scanning and app.session.find_track(song).title == "Sunny Side",
                    timeout=10000)
    tree = app.window.library
    assert song_row(tree, song).text(0) == "Sunny Side"
    assert app.session.current.title == "Sunny Side" and app.window.windowTitle() == "Sunny Side — MoodPlayer"
    app.window.filter_box.setText("sunny")  # the filter finds the song by its new title
    shown = [tree.item_path(mood.child(i)) for mood in map(tree.topLevelItem, range(tree.topLevelItemCount()))
             for i in range(mood.childCount()) if not mood.child(i).isHidden()]
    assert shown == [song]


def test_cancel_or_no_change_leaves_the_song_untouched(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    song = music / "sad" / "sad-1.wav"
    before = hashlib.sha256(song.read_bytes()).hexdigest()
    edit(qtbot, app, song)  # Cancel
    edit(qtbot, app, song, title="sad 1")  # Save, nothing changed
    assert status(app) == "sad 1: nothing changed."
    assert hashlib.sha256(song.read_bytes()).hexdigest() == before


def test_a_read_only_song_says_so_and_stays_as_it_was(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    song = music / "sad" / "sad-2.wav"
    song.chmod(0o444)
    before = hashlib.sha256(song.read_bytes()).hexdigest()
    edit(qtbot, app, song, title="Not written")
    qtbot.waitUntil(lambda: status(app) == "sad-2.wav is read-only; nothing was changed", timeout=10000)
    assert hashlib.sha256(song.read_bytes()).hexdigest() == before


def test_several_songs_get_the_fields_filled_in_and_keep_their_own_titles(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    songs = sorted((music / "happy").glob("*.wav"))
    read_only = songs[2]
    read_only.chmod(0o444)
    dialogs = edit(qtbot, app, songs, album="Summer", languages="en")
    title = dialogs[0].fields["title"]
    assert dialogs[0].windowTitle() == "Edit tags: 3 songs"
    assert title.text() == "" and "different in these songs" in title.placeholderText()
    assert dialogs[0].fields["artist"].text() == "Happy Band", "what they share is shown"
    assert dialogs[0].changes() == {"album": "Summer", "languages": ["en"]}
    qtbot.waitUntil(lambda: status(app).startswith("Tags saved in 2 of 3 songs"), timeout=10000)
    assert "happy-3.wav is read-only; nothing was changed" in status(app)
    for number, song in enumerate(songs[:2], start=1):
        track = read_tags(song)
        assert (track.title, track.album, track.languages) == (f"happy {number}", "Summer", ("en",))
    assert read_tags(read_only).album == "Test Album"


def test_track_and_disc_numbers_are_edited_one_song_at_a_time_and_checked(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    song = music / "happy" / "happy-1.wav"
    dialog = TagDialog([app.session.find_track(song)], app.window)
    qtbot.addWidget(dialog)
    dialog.fields["track_number"].setText("0")  # not a track number: Save keeps the dialog open, says why
    dialog.accept()
    assert dialog.result() != TagDialog.DialogCode.Accepted and not dialog.problem.isHidden()
    assert dialog.problem.text() == "Track number: a number from 1 to 9999, or empty to remove it."
    dialog.fields["track_number"].setText("12")
    dialog.fields["disc_number"].setText("2")
    dialog.accept()
    assert dialog.result() == TagDialog.DialogCode.Accepted
    assert dialog.changes() == {"track_number": 12, "disc_number": 2}
    dialogs = edit(qtbot, app, song, track_number="7", disc_number="2")
    qtbot.waitUntil(lambda: status(app) == "Tags saved in happy-1.wav.", timeout=10000)
    assert (read_tags(song).track_number, read_tags(song).disc_number) == (7, 2)
    qtbot.waitUntil(lambda: not app.session.scanning and app.session.find_track(song).track_number == 7,
                    timeout=10000)
    dialogs = edit(qtbot, app, song)  # shown when opened again
    assert (dialogs[0].fields["track_number"].text(), dialogs[0].fields["disc_number"].text()) == ("7", "2")
    songs = sorted((music / "happy").glob("*.wav"))
    dialogs = edit(qtbot, app, songs, disc_number="1")  # several: the disc, never one track number for all
    assert not dialogs[0].fields["track_number"].isEnabled()
    assert dialogs[0].changes() == {"disc_number": 1}
    qtbot.waitUntil(lambda: status(app) == "Tags saved in 3 songs.", timeout=10000)
    assert [(read_tags(s).track_number, read_tags(s).disc_number) for s in songs] == [(7, 1), (None, 1), (None, 1)]
    dialogs = edit(qtbot, app, song, track_number="")  # emptied: removed
    qtbot.waitUntil(lambda: read_tags(song).track_number is None, timeout=10000)


def test_the_edit_menu_edits_the_selected_songs_or_else_the_song_playing(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    shown = []
    app.window.run_dialog = lambda dialog: shown.append(dialog) and False  # Cancel
    action = app.window.actions["edit_tags"]
    app.window.library.clearSelection()
    action.trigger()
    assert shown == [] and status(app) == "Select songs in the mood folders (or play one) to edit their tags."
    playing = music / "neutral" / "neutral-3.wav"
    app.session.play_now(playing)
    action.trigger()
    assert [track.path for track in shown[-1].tracks] == [playing]
    app.window.library.expandAll()
    song_row(app.window.library, music / "fear" / "fear-1.wav").setSelected(True)
    action.trigger()
    assert [track.path for track in shown[-1].tracks] == [music / "fear" / "fear-1.wav"]


def test_demo_songs_are_not_edited(qtbot, make_app, music, tmp_path):
    app = make_app("--no-camera", player="null", start=False)
    app.session.start_demo(music, sync=True)
    song = music / "happy" / "happy-1.wav"
    before = hashlib.sha256(song.read_bytes()).hexdigest()
    shown = edit(qtbot, app, song, title="Changed")
    assert shown == [] and status(app) == ("Demo songs cannot be edited. Choose your own music folder "
                                           "(File > Choose music folder…).")
    assert hashlib.sha256(song.read_bytes()).hexdigest() == before
