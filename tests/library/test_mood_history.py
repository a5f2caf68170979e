"""The mood history store: detections by local hour of day, kept across restarts, deletable,
and a damaged file set aside (never the music)."""

import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from moodplayer.library.mood_history import MoodHistory


def test_detections_are_counted_by_hour_of_day():
    history = MoodHistory()
    history.record("happy", datetime(2025, 3, 1, 21, 5))
    history.record("happy", datetime(2025, 3, 2, 21, 59), "group")
    history.record("sad", datetime(2025, 3, 2, 21, 30))
    history.record("neutral", datetime(2025, 3, 3, 7, 0))
    hours = history.by_hour()
    assert sorted(hours) == list(range(24))
    assert hours[21] == Counter({"happy": 2, "sad": 1})
    assert hours[7] == Counter({"neutral": 1})
    assert hours[22] == Counter()
    assert [(e.mood, e.hour, e.source) for e in history.entries()] == [
        ("happy", 21, "camera"), ("sad", 21, "camera"), ("happy", 21, "group"), ("neutral", 7, "camera")]
    assert history.entries()[0].when == datetime(2025, 3, 1, 21, 5)


def test_entries_since_and_hour_of_an_aware_time_in_local_time():
    history = MoodHistory()
    history.record("fear", datetime(2025, 1, 1, 8, 0))
    history.record("angry", datetime(2025, 1, 5, 8, 0))
    assert [e.mood for e in history.entries(since=datetime(2025, 1, 2))] == ["angry"]
    assert history.by_hour(since=datetime(2025, 1, 2))[8] == Counter({"angry": 1})
    aware = datetime(2025, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=5)))
    history.record("surprise", aware)
    assert history.entries()[-1].hour == aware.astimezone().hour


def test_only_moods_and_known_sources_are_recorded():
    history = MoodHistory()
    with pytest.raises(ValueError):
        history.record("bored", datetime(2025, 1, 1, 8, 0))
    with pytest.raises(ValueError):
        history.record("happy", datetime(2025, 1, 1, 8, 0), "picked")
    assert history.entries() == []


def test_the_history_survives_a_restart_and_can_be_deleted(tmp_path):
    path = tmp_path / "data" / "mood_history.sqlite3"
    history = MoodHistory(path)
    history.record("sad", datetime(2025, 3, 1, 23, 40))
    history.close()
    again = MoodHistory(path)
    assert again.problem == ""
    assert again.by_hour()[23] == Counter({"sad": 1})
    again.clear()
    assert again.entries() == []
    again.close()
    assert MoodHistory(path).entries() == []
    with sqlite3.connect(path) as db:  # gone from the file too, not only hidden
        assert db.execute("SELECT count(*) FROM moods").fetchone()[0] == 0


def test_a_damaged_file_is_set_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "mood_history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    history = MoodHistory(path)
    assert "damaged" in history.problem and ".broken-" in history.problem
    aside = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b"this is not a database" * 100
    history.record("happy", datetime(2025, 3, 1, 9, 0))
    history.close()
    assert MoodHistory(path).by_hour()[9] == Counter({"happy": 1})


def test_a_locked_file_is_left_alone_and_the_history_kept_in_memory(tmp_path):
    path = tmp_path / "mood_history.sqlite3"
    other = sqlite3.connect(path)  # another program holding the file
    other.execute("CREATE TABLE moods (x)")
    other.execute("BEGIN EXCLUSIVE")
    try:
        history = MoodHistory(path, busy_timeout=0.2)
    finally:
        other.rollback()
        other.close()
    assert history.problem.startswith("The mood history is in use by another program (database is locked)")
    assert [p.name for p in tmp_path.iterdir()] == ["mood_history.sqlite3"]
    history.record("sad", datetime(2025, 3, 1, 9, 0))
    assert history.by_hour()[9] == Counter({"sad": 1})


def test_a_file_that_cannot_be_set_aside_keeps_the_history_in_memory(tmp_path, set_aside_refused):
    path = tmp_path / "mood_history.sqlite3"
    path.write_bytes(b"not a database" * 100)
    history = MoodHistory(path)
    assert "cannot be used" in history.problem and "not kept" in history.problem
    history.record("sad", datetime(2025, 3, 1, 9, 0))
    assert history.by_hour()[9] == Counter({"sad": 1})
    assert path.read_bytes() == b"not a database" * 100
