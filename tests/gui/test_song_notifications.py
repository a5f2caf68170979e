"""Song notifications: one for each song that starts while the window is not in front, with the song,
its artist and album, the mood and its cover; none while the window is in front, for a song restored
at launch, or with View > Notify when a song starts off. (The D-Bus side: tests/ship/test_notifications.py.)"""

import logging

from moodplayer.library.track import Track
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt import notifications
from moodplayer.qt.notifications import NO_NOTIFICATIONS, NotificationError, SongNotifications, song_notice
from moodplayer.qt.tasks import SyncPool


class RecordingSender:
    def __init__(self, fail: bool = False):
        self.sent = []
        self.fail = fail

    def send(self, notice):
        if self.fail:
            raise NotificationError("the server went away")
        self.sent.append(notice)
        return len(self.sent)


def notifier(session, sender, in_front=lambda: False, **kwargs):
    """SongNotifications as the app makes them, with calls run inline and a server that is there."""
    return SongNotifications(session, in_front, sender=sender, pool=SyncPool(), check=lambda: True, **kwargs)


def test_the_notice_names_the_song_where_it_comes_from_and_the_mood(tmp_path):
    song = Track(path=tmp_path / "a.mp3", title="Sunny Side", artist="The Band", album="Morning", mood="happy")
    notice = song_notice(song, "happy", "file:///run/cover.png")
    assert (notice.summary, notice.body, notice.image_uri) == (
        "Sunny Side", "The Band — Morning\nMood: happy", "file:///run/cover.png")
    bare = song_notice(Track(path=tmp_path / "untagged song.ogg"), "")
    assert bare.summary == "untagged song.ogg" and bare.body == "" and bare.image_uri is None


def test_a_song_that_starts_behind_other_windows_is_notified_with_its_cover(qtbot, make_app, music, tmp_path):
    from mp_testkit.media import tag, write_audio

    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    in_front = [False]
    sender = RecordingSender()
    notifications_on = notifier(app.session, sender, lambda: in_front[0], cover=notifications.CoverArt(tmp_path))
    covered = tag(write_audio(tmp_path / "album" / "covered.mp3"), "Covered", cover=True)
    app.session.play_now(covered)
    app.session.pick_mood("sad")  # the song chosen by hand plays on
    app.session.next()
    assert [n.summary for n in sender.sent] == ["Covered", app.session.current.display_title]
    first = sender.sent[0]
    assert first.image_uri and first.image_uri.startswith(tmp_path.as_uri()), "the embedded cover, as a file"
    assert sender.sent[1].body.endswith("Mood: sad")
    in_front[0] = True  # the listener looks at the window: it says so already
    app.session.next()
    app.window.set_notify_song(False)  # as View > Notify when a song starts does
    in_front[0] = False
    app.session.next()
    assert len(sender.sent) == 2
    notifications_on.close()
    assert not list(tmp_path.glob("moodplayer-art-*")), "the cover's file goes at quit"


def test_a_song_restored_at_launch_is_not_notified(qtbot, make_app, music, settings_file):
    first = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    first.session.pick_mood("happy")
    first.window.close()
    sender = RecordingSender()
    again = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    notifications_on = notifier(again.session, sender)
    again.session.restore()
    assert again.session.current is not None and sender.sent == []
    again.session.next()
    assert [n.summary for n in sender.sent] == [again.session.current.display_title], notifications_on


def test_a_failing_server_is_logged_once_and_playback_goes_on(qtbot, make_app, music, caplog):
    app = make_app("--music", str(music), "--no-camera", player=NullPlayer(duration_s=60), start=False)
    notifications_on = notifier(app.session, RecordingSender(fail=True))
    with caplog.at_level(logging.WARNING, logger="moodplayer.qt.notifications"):
        app.session.pick_mood("happy")
        app.session.next()
    assert caplog.text.count("Cannot show the song's notification: the server went away") == 1
    assert app.session.current is not None, notifications_on


def test_without_a_notification_server_the_entry_is_greyed_and_the_choice_kept(qtbot, make_app, music, monkeypatch):
    from moodplayer import app as app_module

    monkeypatch.setattr(notifications, "notifications_available", lambda: False)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    action = app.window.actions["notify_song"]
    assert action.isEnabled() and action.isChecked()
    started = app_module._song_notifications(app)  # as main() starts it: the bus is asked on a worker
    qtbot.waitUntil(lambda: started.available is False, timeout=10000)
    assert not action.isEnabled() and action.toolTip() == NO_NOTIFICATIONS and action.isChecked()
    assert app.session.settings.notify_song


def test_the_choice_is_remembered(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    app.window.actions["notify_song"].trigger()
    assert not app.session.settings.notify_song
    app.window.close()
    again = make_app("--music", str(music), "--no-camera", player="null", start=False)
    assert not again.session.settings.notify_song and not again.window.actions["notify_song"].isChecked()
