"""The local SQLite files (taste, mood history) against locks, damage and failed writes: a lock is
not damage, only proven damage is set aside (never over an earlier set-aside), and nothing the user
did this run is lost when the file cannot be written."""

import sqlite3
import subprocess
import sys
import types
from pathlib import Path

from mp_testkit.unprivileged import run_without_file_override

from moodplayer.library import local_db
from moodplayer.library.mood_history import MoodHistory
from moodplayer.library.taste import TasteStore

SONG = Path("/music/happy/a.ogg")
BUSY = 0.2  # seconds: the stores' busy timeout in these tests (the app waits BUSY_TIMEOUT)


def taste_file(path, score=4.0):
    """A healthy taste file holding one song's score."""
    TasteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO taste (song, mood, score, updated) VALUES (?, 'happy', ?, 0)", (str(SONG), score))
    db.close()
    return path


def set_aside_files(folder):
    return sorted(p.name for p in folder.iterdir() if ".broken-" in p.name)


def test_a_locked_healthy_file_is_left_alone_and_the_run_goes_on_in_memory(tmp_path):
    path = taste_file(tmp_path / "taste.sqlite3")
    other = sqlite3.connect(path)  # another program holding the file
    other.execute("BEGIN EXCLUSIVE")
    try:
        store = TasteStore(path, busy_timeout=BUSY)
        assert "in use by another program" in store.problem and "damaged" not in store.problem
        store.record(SONG, "sad", "like")
        assert store.score(SONG, "sad") == 4.0  # kept for this run
    finally:
        other.rollback()
        other.close()
    assert set_aside_files(tmp_path) == []
    store.close()
    again = TasteStore(path)  # the next start uses the file again, untouched
    assert again.problem == "" and again.score(SONG, "happy") == 4.0


HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
db.execute("UPDATE taste SET score = -99")  # uncommitted: its journal is on disk
print("holding", flush=True)
sys.stdin.read()  # until killed
"""


def test_a_program_killed_while_holding_the_file_recovers_it_as_if_the_app_had_not_been_there(tmp_path):
    path = taste_file(tmp_path / "taste.sqlite3")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        store = TasteStore(path, busy_timeout=BUSY)
        store.record(SONG, "happy", "like")
    finally:
        holder.kill()
        holder.wait()
    store.close()
    with sqlite3.connect(path) as db:  # rolls the killed program's journal back, into its own file
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT score FROM taste").fetchall() == [(4.0,)]
    assert set_aside_files(tmp_path) == []


def test_damage_found_by_quick_check_is_set_aside(tmp_path):
    # The taste table itself still reads: only PRAGMA quick_check finds the damage.
    path = taste_file(tmp_path / "taste.sqlite3")
    with sqlite3.connect(path) as db:  # a second table over several pages, then one of them overwritten
        db.execute("CREATE TABLE other (x)")
        db.executemany("INSERT INTO other VALUES (?)", [("x" * 500,)] * 40)
        (root, page_size) = db.execute("SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                                       "FROM sqlite_master WHERE name = 'other'").fetchone()
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x0d\xff" * (page_size // 2))
    damaged = path.read_bytes()
    store = TasteStore(path)
    assert "damaged" in store.problem
    (aside,) = set_aside_files(tmp_path)
    assert (tmp_path / aside).read_bytes() == damaged
    assert store.score(SONG, "happy") == 0.0  # a new file


def test_a_set_aside_never_replaces_an_earlier_one(tmp_path, monkeypatch):
    monkeypatch.setattr(local_db, "time", types.SimpleNamespace(time=lambda: 1_700_000_000.0))
    path = tmp_path / "taste.sqlite3"
    (tmp_path / "taste.sqlite3.broken-1700000000-2").write_bytes(b"set aside by hand")
    contents = [b"first damaged file" * 100, b"second damaged file" * 100]
    for content in contents:  # two in the same second
        path.write_bytes(content)
        store = TasteStore(path)
        assert "damaged" in store.problem
        store.close()
    assert set_aside_files(tmp_path) == ["taste.sqlite3.broken-1700000000", "taste.sqlite3.broken-1700000000-2",
                                         "taste.sqlite3.broken-1700000000-3"]
    assert (tmp_path / "taste.sqlite3.broken-1700000000").read_bytes() == contents[0]
    assert (tmp_path / "taste.sqlite3.broken-1700000000-2").read_bytes() == b"set aside by hand"
    assert (tmp_path / "taste.sqlite3.broken-1700000000-3").read_bytes() == contents[1]


def test_a_folder_where_the_file_should_be_is_not_set_aside(tmp_path):
    path = tmp_path / "taste.sqlite3"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    store = TasteStore(path)
    assert "cannot be used" in store.problem
    store.record(SONG, "happy", "like")
    assert store.score(SONG, "happy") == 4.0
    assert (path / "keep.txt").read_text() == "mine" and set_aside_files(tmp_path) == []


def test_a_write_that_fails_mid_run_keeps_everything_in_memory_and_says_so_once(tmp_path):
    path = taste_file(tmp_path / "taste.sqlite3")
    store = TasteStore(path, busy_timeout=BUSY)
    said = []
    store.on_problem = said.append
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another writer: reading works, writing does not
    try:
        assert store.record(SONG, "happy", "like") == 8.0  # the file's 4 and this like
        store.record(SONG, "happy", "full")
    finally:
        other.rollback()
        other.close()
    assert store.score(SONG, "happy") == 9.0 and store.weights("happy", [SONG])[SONG] == 4.0
    assert len(said) == 1 and said[0].startswith("The listening history cannot be saved (database is locked)")
    assert "not kept after MoodPlayer closes" in said[0] and store.problem == said[0]
    store.close()
    assert TasteStore(path).score(SONG, "happy") == 4.0  # the file itself was never half-written


# Run as a process for which file modes hold (mp_testkit/unprivileged.py).
READ_ONLY = r"""
import json, sys
from pathlib import Path
from moodplayer.library.mood_history import MoodHistory
from moodplayer.library.taste import TasteStore
from datetime import datetime

folder = Path(sys.argv[1])
try:
    (folder / "probe").touch()
    print(json.dumps({"skip": "file modes do not hold for this process"}))
    sys.exit()
except PermissionError:
    pass
song = Path("/music/happy/a.ogg")
taste, history = TasteStore(folder / "taste.sqlite3"), MoodHistory(folder / "mood_history.sqlite3")
said = []
taste.on_problem = history.on_problem = said.append
out = {"problems at start": [taste.problem, history.problem]}
taste.record(song, "happy", "like")
taste.record(song, "happy", "full")
history.record("sad", datetime(2025, 3, 1, 9, 0))
history.record("sad", datetime(2025, 3, 1, 10, 0))
out.update(score=taste.score(song, "happy"), moods=len(history.entries()), said=said)
print(json.dumps(out))
"""


def test_read_only_files_keep_likes_and_moods_in_memory_and_say_so_once_each(tmp_path):
    folder = tmp_path / "data"
    path = taste_file(folder / "taste.sqlite3")
    MoodHistory(folder / "mood_history.sqlite3").close()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)
    try:
        out = run_without_file_override(READ_ONLY, str(folder))
    finally:
        folder.chmod(0o755)
    assert out["problems at start"] == ["", ""]  # a read-only file opens; the first write finds out
    assert out["score"] == 9.0 and out["moods"] == 2
    assert [text.split(" (")[0] for text in out["said"]] == ["The listening history cannot be saved",
                                                            "The mood history cannot be saved"]
    assert "readonly database" in out["said"][0]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before and path.exists()
