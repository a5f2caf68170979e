import os
import shutil

import pytest

from moodplayer.library import folders
from moodplayer.library.folders import import_into_mood, move_to_mood, safe_copy
from mp_testkit.media import write_audio


def test_drop_copies_audio_and_skips_other_files(tmp_path):
    root = tmp_path / "music"
    drop = tmp_path / "drop"
    write_audio(drop / "one.wav")
    write_audio(drop / "sub" / "two.wav")
    (drop / "notes.txt").write_text("hello")
    report = import_into_mood(root, "happy", [drop])
    assert sorted(p.name for p in report.copied) == ["one.wav", "two.wav"]
    assert [(p.name, why) for p, why in report.skipped] == [("notes.txt", "not an audio file")]
    assert "notes.txt" in report.summary() and "Copied 2 songs" in report.summary()
    assert (drop / "one.wav").exists(), "a drop copies, it never moves the user's files"
    assert sorted(p.name for p in (root / "happy").iterdir()) == ["one.wav", "two.wav"]


def test_name_clash_adds_a_suffix_and_never_overwrites(tmp_path):
    root = tmp_path / "music"
    existing = write_audio(root / "happy" / "song.wav", freq=300)
    before = existing.read_bytes()
    new = write_audio(tmp_path / "song.wav", freq=500)
    first = import_into_mood(root, "happy", [new]).copied[0]
    second = import_into_mood(root, "happy", [new]).copied[0]
    assert (first.name, second.name) == ("song (2).wav", "song (3).wav")
    assert existing.read_bytes() == before


def test_move_between_moods_with_clash(tmp_path):
    root = tmp_path / "music"
    write_audio(root / "sad" / "song.wav", freq=300)
    moving = write_audio(root / "happy" / "song.wav", freq=500)
    content = moving.read_bytes()
    target = move_to_mood(root, moving, "sad")
    assert target == root / "sad" / "song (2).wav"
    assert target.read_bytes() == content and not moving.exists()


def test_failed_copy_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    source = write_audio(tmp_path / "song.wav")

    def broken_copy(src, dst, length=0):
        dst.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", broken_copy)
    report = import_into_mood(tmp_path / "music", "fear", [source])
    assert report.copied == [] and report.failed[0][1] == "No space left on device"
    assert os.listdir(tmp_path / "music" / "fear") == []
    assert source.exists()


def test_failed_cross_device_move_keeps_the_source(tmp_path, monkeypatch):
    root = tmp_path / "music"
    source = write_audio(root / "happy" / "song.wav")

    def no_link(src, dst):
        raise OSError(18, "Invalid cross-device link")

    def broken_copy(src, dst, length=0):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(folders.os, "link", no_link)
    monkeypatch.setattr(shutil, "copyfileobj", broken_copy)
    with pytest.raises(OSError):
        move_to_mood(root, source, "sad")
    assert source.exists() and not any((root / "sad").iterdir())


def test_cross_device_move_copies_then_removes(tmp_path, monkeypatch):
    root = tmp_path / "music"
    source = write_audio(root / "happy" / "song.wav")
    real_link = os.link
    calls = []

    def link(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            raise OSError(18, "Invalid cross-device link")
        return real_link(src, dst)

    monkeypatch.setattr(folders.os, "link", link)
    target = move_to_mood(root, source, "sad")
    assert target.exists() and not source.exists()


def test_safe_copy_into_same_folder_gets_suffix(tmp_path):
    source = write_audio(tmp_path / "a.wav")
    assert safe_copy(source, tmp_path).name == "a (2).wav"
