"""The user's files are sacred: any byte string is a name, moves are all or nothing, long names fit."""

import os
from pathlib import Path

import pytest

from moodplayer.library import folders
from moodplayer.library.folders import MoveError, import_into_mood, move_to_mood, safe_copy
from moodplayer.domain.paths import display_name, from_text, from_uri, is_undecodable, to_text, to_uri
from moodplayer.library.scanner import scan_library
from mp_testkit.media import write_audio

LATIN1_NAME = os.fsdecode(b"song\xe9.wav")  # "songé" written by a Latin-1 system: not valid UTF-8


def test_undecodable_names_round_trip_through_text_and_uri(tmp_path):
    path = tmp_path / LATIN1_NAME
    assert is_undecodable(path) and not is_undecodable(tmp_path / "songé.wav")
    assert display_name(path) == "song\\xe9.wav"
    assert to_uri(path).endswith("/song%E9.wav")
    assert from_uri(to_uri(path)) == path and from_text(to_text(path)) == path
    assert to_text(tmp_path / "songé.wav") == str(tmp_path / "songé.wav"), "valid names are stored as they are"


def test_a_pair_that_differs_in_one_undecodable_byte_stays_two_tracks(tmp_path):
    root = tmp_path / "music"
    plain = write_audio(root / "happy" / "song.wav", freq=300)
    odd = write_audio(root / "happy" / LATIN1_NAME, freq=500)
    tracks = scan_library(root)["happy"]
    assert sorted(t.path for t in tracks) == sorted([plain, odd])
    shown = {t.path: (t.display_title, t.undecodable_name) for t in tracks}
    assert shown[odd] == ("song\\xe9.wav", True) and shown[plain] == ("song.wav", False)


def test_moving_the_undecodable_one_moves_that_file(tmp_path):
    root = tmp_path / "music"
    plain = write_audio(root / "happy" / "song.wav", freq=300)
    odd = write_audio(root / "happy" / LATIN1_NAME, freq=500)
    content = odd.read_bytes()
    target = move_to_mood(root, odd, "sad")
    assert target == root / "sad" / LATIN1_NAME and target.read_bytes() == content
    assert plain.exists() and not odd.exists()


def test_a_move_whose_source_cannot_be_removed_leaves_one_file_in_place(tmp_path, monkeypatch):
    # As root a chmod'ed folder does not refuse; make the unlink fail as a read-only folder does.
    root = tmp_path / "music"
    source = write_audio(root / "happy" / "song.wav")
    real_unlink = Path.unlink

    def read_only_source(self, missing_ok=False):
        if self == source:
            raise PermissionError(13, "Permission denied")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only_source)
    with pytest.raises(MoveError) as caught:
        move_to_mood(root, source, "sad")
    assert "nothing was moved" in caught.value.strerror
    assert source.exists() and list((root / "sad").iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may remove files from read-only folders")
def test_a_read_only_source_folder_refuses_the_move_up_front(tmp_path):
    root = tmp_path / "music"
    source = write_audio(root / "happy" / "song.wav")
    os.chmod(source.parent, 0o555)
    try:
        with pytest.raises(MoveError, match="read-only"):
            move_to_mood(root, source, "sad")
    finally:
        os.chmod(source.parent, 0o755)
    assert source.exists() and list((root / "sad").iterdir()) == []


def test_a_cross_device_move_whose_source_cannot_be_removed_removes_the_copy(tmp_path, monkeypatch):
    root = tmp_path / "music"
    source = write_audio(root / "happy" / "song.wav")
    real_link, real_unlink = os.link, Path.unlink

    def no_link_for_the_source(src, dst):
        if Path(src) == source:
            raise OSError(18, "Invalid cross-device link")
        return real_link(src, dst)

    def read_only_source(self, missing_ok=False):
        if self == source:
            raise PermissionError(13, "Permission denied")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(folders.os, "link", no_link_for_the_source)
    monkeypatch.setattr(Path, "unlink", read_only_source)
    with pytest.raises(MoveError):
        move_to_mood(root, source, "sad")
    assert source.exists() and list((root / "sad").iterdir()) == []


def long_name(length: int, suffix: str = ".wav") -> str:
    return "é" * ((length - len(suffix)) // 2) + "x" * ((length - len(suffix)) % 2) + suffix


def test_a_name_at_the_length_limit_can_be_dropped_and_renamed_on_clash(tmp_path):
    name = long_name(250)
    assert len(os.fsencode(name)) == 250
    source = write_audio(tmp_path / "drop" / name)
    root = tmp_path / "music"
    first = import_into_mood(root, "happy", [source]).copied[0]
    second = import_into_mood(root, "happy", [source])
    assert first.name == name and second.failed == []
    renamed = second.copied[0].name
    assert renamed.endswith(" (2).wav") and len(os.fsencode(renamed)) <= 255
    renamed.encode("utf-8")  # cut between characters, never inside one
    assert sorted(p.name for p in (root / "happy").iterdir()) == sorted([name, renamed]), "no temporary file left"


def test_a_long_name_moves_and_is_renamed_on_clash(tmp_path):
    name = long_name(254)
    root = tmp_path / "music"
    write_audio(root / "sad" / name, freq=300)
    moving = write_audio(root / "happy" / name, freq=500)
    target = move_to_mood(root, moving, "sad")
    assert target.parent == root / "sad" and target.name.endswith(" (2).wav") and not moving.exists()


def test_a_song_dropped_on_its_own_mood_stays_in_its_album_folder(tmp_path):
    root = tmp_path / "music"
    song = write_audio(root / "happy" / "Album" / "01 song.wav")
    assert move_to_mood(root, song, "happy") == song
    assert song.exists() and sorted(p.name for p in (root / "happy").iterdir()) == ["Album"]


def test_copy_into_the_same_folder_still_gets_a_suffix(tmp_path):
    source = write_audio(tmp_path / LATIN1_NAME)
    copy = safe_copy(source, tmp_path)
    assert copy.name == os.fsdecode(b"song\xe9 (2).wav")
