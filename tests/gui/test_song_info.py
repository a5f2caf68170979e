"""Song info…: the context menu of the mood folders and View > Song info… (Ctrl+I) show what
MoodPlayer knows about a song: its tags, its file and stream, its loudness, how it was played."""

import mutagen
from mutagen.id3 import TCON

from mp_testkit.media import set_numbers
from mp_testkit.window_state import song_row


def test_the_context_menu_shows_a_songs_info(qtbot, make_app, music):
    song = music / "happy" / "happy-2.wav"
    set_numbers(song, "2/9")
    audio = mutagen.File(song)
    audio.tags.add(TCON(encoding=3, text="Pop"))
    audio.save()
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    for event in ("full", "full", "skip"):
        app.session.taste.record(song, "happy", event)
    tree = app.window.library
    tree.expandAll()
    tree.setCurrentItem(song_row(tree, song))
    next(a for a in tree.context_menu().actions() if a.text() == "Song info…").trigger()

    values = {key: label.text() for key, label in app.window.song_info_dialog.values.items()}
    assert values["Song/Title"] == "happy 2" and values["Song/Artist"] == "Happy Band"
    assert values["Song/Mood folder"] == "happy" and values["Song/Length"] == "0:01"
    assert values["Song/Track"] == "2" and values["Song/Genre"] == "Pop" and "Song/Year" not in values
    assert values["File/Format"] == "WAV" and values["File/Channels"] == "mono"
    assert values["File/Sample rate"] == "8 kHz, 16 bit" and values["File/Location"] == str(song)
    assert values["Loudness/ReplayGain"] == "no tags; measured once volume levelling is on"
    assert values["Your listening/For happy"] == (
        "played to the end 2 times, skipped early once; comes up sooner in the shuffle")
    assert app.window.song_info_dialog.windowTitle() == "Song info: happy-2.wav"


def test_ctrl_i_shows_the_song_playing_or_says_there_is_none(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.window.actions["song_info"].trigger()
    assert app.window.song_info_dialog is None
    assert app.window.statusBar().currentMessage().startswith("No song is playing")
    app.session.play_now(music / "sad" / "sad-1.wav")
    app.window.actions["song_info"].trigger()
    values = app.window.song_info_dialog.values
    assert values["Song/Title"].text() == "sad 1"
    assert values["Your listening/Played"].text().startswith("not yet")
    assert app.window.actions["song_info"].shortcut().toString() == "Ctrl+I"


def test_a_song_deleted_meanwhile_says_so_instead_of_failing(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    song = music / "fear" / "fear-1.wav"
    song.unlink()
    app.window.show_song_info(song)
    values = app.window.song_info_dialog.values
    assert values["File/Size"].text() == "the file is gone"
    assert values["File/Format"].text().startswith("cannot be read")


def test_the_songs_cover_is_shown_above_its_info(qtbot, make_app, music):
    from mp_testkit.media import tag, write_audio

    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    covered = tag(write_audio(music / "happy" / "covered.mp3"), "Covered", cover=True)
    app.window.show_song_info(covered)
    assert not app.window.song_info_dialog.cover.pixmap().isNull()
    app.window.show_song_info(music / "happy" / "happy-1.wav")
    assert app.window.song_info_dialog.cover.pixmap().isNull(), "no cover: no picture"
