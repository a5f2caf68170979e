"""MPRIS: the adaptor drives the session (always tested, no bus needed); on a real session bus
(dbus-run-session) an outside client controls playback; without a bus the app carries on."""

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from moodplayer.playback.base import PlayerState
from moodplayer.playback.null_player import NullPlayer
from moodplayer.qt.mpris import MprisService, track_metadata
from moodplayer.qt.player_adapter import QtPlayer
from moodplayer.qt.session import PlaybackSession
from moodplayer.settings import Settings
from mp_testkit.media import make_library

HERE = Path(__file__).resolve().parent


@pytest.fixture
def session(qtbot, tmp_path):
    music = make_library(tmp_path / "music", per_mood=2, moods=("happy",))
    session = PlaybackSession(QtPlayer(NullPlayer(duration_s=30)), Settings(music_root=str(music), mood="happy"),
                              rng=random.Random(1))
    session.set_music_root(music, sync=True)
    yield session
    session.player.shutdown()


def test_adaptor_methods_drive_the_session(qtbot, session):
    service = MprisService(session)
    player = service.player
    assert player.PlaybackStatus == "Stopped"
    assert player.Metadata["mpris:trackid"].path() == "/org/mpris/MediaPlayer2/TrackList/NoTrack"
    player.PlayPause()
    assert session.player.state == PlayerState.PLAYING and player.PlaybackStatus == "Playing"
    first = session.current
    meta = player.Metadata
    assert meta["xesam:title"] == first.title and meta["xesam:artist"] == [first.artist]
    assert meta["xesam:url"].startswith("file://") and meta["mpris:length"] > 0
    player.Pause()
    assert player.PlaybackStatus == "Paused"
    player.Pause()  # idempotent
    assert player.PlaybackStatus == "Paused"
    player.Play()
    assert player.PlaybackStatus == "Playing"
    player.Next()
    assert session.current != first
    player.Previous()
    player.Stop()
    assert player.PlaybackStatus == "Stopped"
    assert service.root.Identity == "MoodPlayer" and service.root.DesktopEntry == "moodplayer"


def test_open_uri_plays_a_local_file_and_refuses_anything_else(qtbot, session, tmp_path):
    service = MprisService(session)
    song = next(iter(session.library["happy"])).path
    messages = []
    session.message.connect(lambda level, text: messages.append(text))
    service.player.OpenUri(song.as_uri())
    assert session.current.path == song and session.player.state == PlayerState.PLAYING
    service.player.OpenUri("https://example.com/song.mp3")
    assert messages[-1] == "Cannot open 'https://example.com/song.mp3': only local files (file://) open here."
    assert session.current.path == song, "nothing fetched, nothing changed"
    assert "file" in service.root.SupportedUriSchemes and "audio/flac" in service.root.SupportedMimeTypes


def test_loop_status_is_repeat_this_song(qtbot, session):
    service = MprisService(session)
    changed = []
    service._properties_changed = changed.append  # what would go out as PropertiesChanged
    assert service.player.LoopStatus == "None"
    service.player.LoopStatus = "Track"
    assert session.repeat_song and changed[-1] == {"LoopStatus": "Track"}
    service.player.LoopStatus = "Playlist"  # a mood plays on without end: not a mode of ours
    assert session.repeat_song and service.player.LoopStatus == "Track"
    session.set_repeat_song(False)
    assert changed[-1] == {"LoopStatus": "None"}


def test_the_menu_entry_and_mpris_name_the_same_types():
    from moodplayer.library.opened import OPENED_MIME_TYPES

    entry = (HERE.parents[1] / "assets" / "moodplayer.desktop").read_text(encoding="utf-8")
    listed = next(line for line in entry.splitlines() if line.startswith("MimeType="))
    assert listed.removeprefix("MimeType=").rstrip(";").split(";") == list(OPENED_MIME_TYPES)


def test_a_client_sets_the_volume_and_unmutes_by_raising_it(qtbot, session):
    service = MprisService(session)
    player, engine = service.player, session.player
    player.Volume = 0.4
    assert engine.volume == 40 and player.Volume == 0.4
    engine.set_muted(True)
    assert player.Volume == 0.0, "muted reads as silent"
    player.Volume = 0.0
    assert engine.muted and engine.volume == 0
    player.Volume = 0.7
    assert not engine.muted and engine.volume == 70
    player.Volume = 3.0
    assert engine.volume == 100, "beyond full: full"
    player.Volume = -1.0
    assert engine.volume == 0
    player.Volume = 0.5
    player.Volume = float("nan")
    assert engine.volume == 50, "nonsense is ignored"


def test_metadata_of_a_track(tmp_path):
    from moodplayer.library.track import Track

    meta = track_metadata(Track(path=tmp_path / "a b.ogg", title="T", artist="A", album="B", duration_s=2.5,
                                mood="sad"), 3)
    assert meta["mpris:trackid"].path() == "/org/moodplayer/track/3"
    assert meta["xesam:url"].endswith("/a%20b.ogg") and meta["mpris:length"] == 2_500_000
    assert meta["xesam:genre"] == ["sad"]
    assert "xesam:trackNumber" not in meta and "xesam:discNumber" not in meta
    meta = track_metadata(Track(path=tmp_path / "c.ogg", track_number=4, disc_number=2), 4)
    assert (meta["xesam:trackNumber"], meta["xesam:discNumber"]) == (4, 2)


def test_without_a_session_bus_registration_is_skipped_and_logged(qtbot, session, caplog, monkeypatch):
    from moodplayer.qt import mpris

    class NoBus:
        def isConnected(self):
            return False

        def lastError(self):
            class Error:
                def message(self):
                    return "no bus here"
            return Error()

    caplog.set_level("INFO")
    service = MprisService(session)
    assert service.register(NoBus()) is False
    assert "MPRIS off" in caplog.text
    monkeypatch.setattr(mpris.QDBusConnection, "sessionBus", staticmethod(lambda: NoBus()))
    assert mpris.register_mpris(session) is None
    session.pick_mood("happy")  # playback unaffected
    assert session.player.state == PlayerState.PLAYING


@pytest.mark.skipif(shutil.which("dbus-run-session") is None or shutil.which("dbus-send") is None,
                    reason="dbus-run-session/dbus-send not installed (apt-get install dbus)")
def test_an_outside_client_controls_playback_over_dbus(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(["dbus-run-session", "--", sys.executable, str(HERE / "mpris_probe.py"), str(tmp_path / "m")],
                         capture_output=True, text=True, timeout=120, env=env)
    out = run.stdout
    assert run.returncode == 0, out + run.stderr[-2000:]
    assert "REGISTERED True" in out

    def section(name):
        return re.search(rf"^{name} (.*?)(?=^[A-Z0-9]+ |\Z)", out, re.S | re.M).group(1)

    assert 'string "Stopped"' in section("STATUS0")
    assert 'string "Playing"' in section("STATUS1")
    meta1, meta2 = section("META1"), section("META2")
    assert 'string "xesam:title"' in meta1 and ('string "happy 1"' in meta1 or 'string "happy 2"' in meta1)
    assert "object path \"/org/moodplayer/track/" in meta1 and meta1 != meta2
    assert 'string "Paused"' in section("STATUS2")
    assert 'string "MoodPlayer"' in section("IDENTITY")
    assert 'string "Stopped"' in section("STATUS3")
    assert "Error" not in section("SETVOLUME"), section("SETVOLUME")
    assert "double 0.25" in section("VOLUME") and section("ENGINEVOLUME").strip() == "25"
    assert "Error" not in section("OPENURI"), section("OPENURI")
    assert section("OPENED").strip() == "True"
    assert "Error" not in section("SETLOOP") and section("REPEAT").strip() == "True", section("SETLOOP")


def test_properties_changed_sends_invalidated_properties_as_a_string_array():
    from moodplayer.qt.mpris import _empty_string_array

    assert _empty_string_array().currentSignature() == "as"  # the signal is sa{sv}as; [] would be av


def test_the_media_controls_get_the_songs_cover_as_a_file(qtbot, session, tmp_path):
    from moodplayer.domain.paths import from_uri
    from mp_testkit.media import PNG_1PX, tag, write_audio

    embedded = tag(write_audio(tmp_path / "album" / "with cover.mp3"), "Covered", cover=True)
    beside = write_audio(tmp_path / "other" / "plain.wav")
    (tmp_path / "other" / "Folder.JPG").write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    service = MprisService(session)
    art_folders = []
    try:
        for path in (embedded, beside, embedded):
            session.play_now(path)
            url = service.player.Metadata["mpris:artUrl"]
            if path == embedded:
                written = Path(from_uri(url))
                assert written.read_bytes() == PNG_1PX and written.suffix == ".png"
                assert oct(written.parent.stat().st_mode & 0o777) == "0o700", "a folder of this run's own"
                assert [p.name for p in written.parent.iterdir()] == [written.name], "one file at a time"
                art_folders.append(written.parent)
            else:
                assert url == (tmp_path / "other" / "Folder.JPG").as_uri(), "an image beside the song, as it is"
                assert not any(art_folders[0].iterdir()), "the last song's cover is gone"
        session.play_now(session.tracks("happy")[0].path)
        assert "mpris:artUrl" not in service.player.Metadata, "no cover, no art"
    finally:
        service.unregister()
    assert not art_folders[0].exists(), "removed at quit"


def test_new_tags_of_the_song_playing_reach_the_media_controls(qtbot, session):
    from moodplayer.library.tag_writer import write_tags

    service = MprisService(session)
    sent = []
    service._properties_changed = sent.append
    service.player.PlayPause()
    playing = session.current.path
    sent.clear()
    session.rescan(sync=True)  # nothing changed: nothing sent
    assert sent == []
    write_tags(playing, {"title": "Retitled", "artist": "New Artist"})
    session.rescan(sync=True)
    assert [changed["Metadata"]["xesam:title"] for changed in sent] == ["Retitled"]
    assert sent[0]["Metadata"]["xesam:artist"] == ["New Artist"] and session.current.path == playing
