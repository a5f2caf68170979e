"""library/trash.py: the freedesktop.org trash written byte for byte (names Qt cannot address)."""

import os
import shutil
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from moodplayer.library import trash


def odd_file(folder: Path, content: bytes = b"song") -> Path:
    path = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.wav"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def path_in(info_file: Path) -> bytes:
    line = next(x for x in info_file.read_bytes().splitlines() if x.startswith(b"Path="))
    return unquote_to_bytes(line[len(b"Path="):])


def test_the_name_and_the_recorded_path_keep_their_bytes(tmp_path, desktop_trash):
    song = odd_file(tmp_path / "a")
    went = trash.move_to_trash(song)
    assert os.fsencode(went) == os.fsencode(desktop_trash) + b"/files/caf\xe9.wav" and went.read_bytes() == b"song"
    info = Path(os.fsdecode(os.fsencode(desktop_trash) + b"/info/caf\xe9.wav.trashinfo"))
    assert path_in(info) == os.fsencode(song) and not song.exists()
    assert b"\nDeletionDate=" in info.read_bytes()


def test_a_name_already_in_the_trash_gets_a_number_and_nothing_is_replaced(tmp_path, desktop_trash):
    first = trash.move_to_trash(odd_file(tmp_path / "a", b"first"))
    second_song = odd_file(tmp_path / "b", b"second")
    second = trash.move_to_trash(second_song)
    assert os.fsencode(second.name) == b"caf\xe9 (2).wav"
    assert first.read_bytes() == b"first" and second.read_bytes() == b"second"
    info = Path(os.fsdecode(os.fsencode(desktop_trash) + b"/info/caf\xe9 (2).wav.trashinfo"))
    assert path_in(info) == os.fsencode(second_song)


def test_a_move_that_fails_leaves_the_file_and_no_trash_entry(tmp_path, desktop_trash, monkeypatch):
    song = odd_file(tmp_path / "a")

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(trash.os, "rename", refuse)
    with pytest.raises(PermissionError):
        trash.move_to_trash(song)
    assert song.read_bytes() == b"song" and list((desktop_trash / "info").iterdir()) == []


@pytest.mark.skipif(not Path("/dev/shm").is_dir() or os.stat("/dev/shm").st_dev == os.stat(Path.home()).st_dev,
                    reason="needs a second file system (/dev/shm) to test a top directory's trash")
def test_a_file_on_another_file_system_goes_to_its_top_directory_s_trash(tmp_path, desktop_trash):
    top = Path("/dev/shm")
    if os.stat(desktop_trash.parent).st_dev == os.stat(top).st_dev:
        pytest.skip("the test's home trash is on /dev/shm too")
    own = top / f".Trash-{os.getuid()}"
    existed = own.exists()
    folder = top / f"moodplayer-trash-test-{os.getpid()}"
    song = odd_file(folder)
    went = None
    try:
        went = trash.move_to_trash(song)
        assert went.parent == own / "files" and went.read_bytes() == b"song"
        info = Path(os.fsdecode(os.fsencode(own) + b"/info/" + os.fsencode(went.name) + b".trashinfo"))
        assert os.fsencode(top) + b"/" + path_in(info) == os.fsencode(song), "relative to the top directory"
    finally:  # leave /dev/shm as it was
        if not existed:
            shutil.rmtree(own, ignore_errors=True)
        elif went is not None:
            went.unlink()
            Path(os.fsdecode(os.fsencode(own) + b"/info/" + os.fsencode(went.name) + b".trashinfo")).unlink()
        shutil.rmtree(folder, ignore_errors=True)
