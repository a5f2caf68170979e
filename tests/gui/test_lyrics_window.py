"""View > Lyrics…: the playing song's lyrics follow the songs; synced lines are marked as sung and a
click on one plays from it."""

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer

LRC = "[00:05.00]First line\n[00:20.00]Second line\n[00:40.00]Last line\n"


def test_synced_lyrics_mark_the_line_being_sung_and_follow_the_songs(qtbot, make_app, music):
    song, other = music / "happy" / "happy-1.wav", music / "happy" / "happy-2.wav"
    song.with_suffix(".lrc").write_text(LRC)
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    app.session.play_now(song)
    app.window.actions["lyrics"].trigger()
    dialog = app.window.lyrics_dialog
    assert dialog.isVisible() and dialog.heading.text().startswith(app.session.current.display_title)
    assert [dialog.lines.item(row).text() for row in range(dialog.lines.count())] == [
        "First line", "Second line", "Last line"]
    assert dialog.note.text().startswith("From happy-1.lrc (synced")
    app.player.toggle()  # paused: the position stays where it is put
    app.player.seek(21.0)
    qtbot.waitUntil(lambda: dialog.current_line == 1, timeout=5000)  # the position is polled every 300 ms
    assert dialog.lines.item(1).font().bold() and not dialog.lines.item(0).font().bold()
    dialog.lines.itemClicked.emit(dialog.lines.item(2))  # a click on the last line
    assert app.player.player.position == 40.0 and dialog.lines.item(2).font().bold()
    assert not dialog.lines.item(1).font().bold()
    app.session.play_now(other)  # no lyrics anywhere for this one
    assert dialog.lines.count() == 0 and dialog.current_line is None
    assert dialog.note.text() == ("No lyrics for this song: none in its tags, and no happy-2.lrc beside it. "
                                  "MoodPlayer never fetches them from the internet.")
    app.window.actions["lyrics"].trigger()
    assert app.window.lyrics_dialog is dialog, "one window"


def test_plain_lyrics_mark_nothing_and_nothing_playing_says_so(qtbot, make_app, music):
    song = music / "sad" / "sad-1.wav"
    song.with_suffix(".lrc").write_text("Just words\nno times\n")
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    app.window.show_lyrics()
    dialog = app.window.lyrics_dialog
    assert dialog.heading.text() == "Nothing is playing." and dialog.lines.count() == 0
    app.session.play_now(song)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    app.player.toggle()  # paused: the position stays where it is put
    app.player.seek(30.0)
    qtbot.wait(400)  # a position poll
    assert dialog.lines.count() == 2 and dialog.current_line is None and dialog.note.text().endswith("(plain).")
    dialog.lines.itemClicked.emit(dialog.lines.item(0))
    assert app.player.player.position == 30.0, "plain lines have no time to play from"


def test_a_closed_lyrics_window_reads_nothing_and_catches_up_when_opened(qtbot, make_app, music, monkeypatch):
    from moodplayer.ui import lyrics_dialog

    song = music / "happy" / "happy-3.wav"
    song.with_suffix(".lrc").write_text(LRC)
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60))
    app.window.show_lyrics()
    dialog = app.window.lyrics_dialog
    dialog.close()
    reads = []
    monkeypatch.setattr(lyrics_dialog, "read_lyrics", lambda path: reads.append(path) or None)
    app.session.play_now(song)
    assert reads == [], "closed: the songs' files are not read"
    monkeypatch.undo()
    app.window.show_lyrics()
    assert dialog.lines.count() == 3 and dialog.note.text().startswith("From happy-3.lrc")
