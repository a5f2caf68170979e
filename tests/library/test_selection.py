import random
from pathlib import Path

import pytest

from moodplayer.selection import PlayQueue, ShuffleBag

TRACKS = [Path(f"/m/happy/{n}.wav") for n in range(5)]


def test_shuffle_plays_every_track_once_before_repeating():
    bag = ShuffleBag(random.Random(1))
    first = [bag.draw("happy", TRACKS) for _ in range(5)]
    second = [bag.draw("happy", TRACKS) for _ in range(5)]
    assert sorted(first) == sorted(TRACKS) and sorted(second) == sorted(TRACKS)
    assert second[0] != first[-1], "no immediate repeat across a refill"


def test_shuffle_is_per_mood_and_follows_folder_changes():
    bag = ShuffleBag(random.Random(2))
    drawn = bag.draw("happy", TRACKS[:2])
    sad = [Path("/m/sad/x.wav")]
    assert bag.draw("sad", sad) == sad[0]
    others = [p for p in TRACKS[:2] if p != drawn] + [TRACKS[4]]
    assert bag.remaining("happy", TRACKS[:2] + [TRACKS[4]]) == 2
    assert {bag.draw("happy", others), bag.draw("happy", others)} == set(others)
    assert bag.draw("angry", []) is None


def test_hand_queue_comes_first():
    queue = PlayQueue(random.Random(0))
    hand = Path("/m/sad/mine.wav")
    queue.add(hand)
    assert queue.next("happy", TRACKS) == (hand, "queue")
    track, origin = queue.next("happy", TRACKS)
    assert origin == "mood" and track in TRACKS
    assert queue.next(None, TRACKS) == (None, "")


def test_queue_editing():
    queue = PlayQueue()
    a, b, c = (Path(x) for x in "abc")
    for p in (a, b):
        queue.add(p)
    queue.play_next(c)
    assert queue.hand == [c, a, b]
    queue.move_rows([0], 2)
    assert queue.hand == [a, b, c]
    queue.remove_at(1)
    queue.discard(c)
    assert queue.hand == [a]
    queue.clear()
    assert queue.hand == []


@pytest.mark.parametrize("rows, destination, expected", [
    ([0], 3, "bcdae"), ([3], 1, "adbce"), ([0], -1, "bcdea"), ([0], 9, "bcdea"),  # one song takes the target's place
    ([0, 1], 3, "cdabe"), ([3, 4], 1, "adebc"),  # a block after the target from above, before it from below
    ([4, 0], 2, "bcaed"), ([1, 3], 3, "abcde"), ([], 2, "abcde"), ([7], 2, "abcde"),  # order kept; on itself
])
def test_several_rows_move_as_one_block(rows, destination, expected):
    queue = PlayQueue()
    for name in "abcde":
        queue.add(Path(name))
    queue.move_rows(rows, destination)
    assert "".join(path.name for path in queue.hand) == expected


def test_to_the_top_in_order_and_remembered_only_when_it_changes_the_queue():
    queue = PlayQueue()
    for name in "abcde":
        queue.add(Path(name))
    assert queue.to_top([4, 2], undo_as="to the top") and "".join(p.name for p in queue.hand) == "ceabd"
    assert not queue.to_top([1, 0], undo_as="to the top") and len(queue.undo_steps) == 1
    what, before, _when = queue.undo_steps[-1]
    assert what == "to the top" and "".join(p.name for p in before) == "abcde"


def test_a_song_queued_twice_moves_only_where_it_was_picked():
    queue = PlayQueue()
    for name in "abac":
        queue.add(Path(name))
    queue.move_rows([2], 0)
    assert "".join(path.name for path in queue.hand) == "aabc"
    queue.move_rows([0], 3)
    assert "".join(path.name for path in queue.hand) == "abca"


def test_previous_walks_the_history():
    queue = PlayQueue()
    a, b = Path("a"), Path("b")
    queue.push_history(a)
    queue.push_history(b)
    assert queue.previous(b) == a
    assert queue.previous(a) is None


def test_the_hand_queue_takes_back_its_newest_edits_and_follows_moved_songs(tmp_path):
    from moodplayer.selection import UNDO_STEPS

    songs = []
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.wav").write_bytes(b"RIFF")
        songs.append(tmp_path / f"{name}.wav")
    queue = PlayQueue()
    queue.hand = list(songs)
    queue.remember("clear the queue")
    queue.clear()
    moved = tmp_path / "moved.wav"
    songs[0].rename(moved)
    queue.rename({songs[0]: moved})
    songs[2].unlink()  # gone since: not brought back
    assert queue.take_back() == "clear the queue"
    assert queue.hand == [moved, songs[1]]
    assert queue.take_back() is None and queue.hand == [moved, songs[1]]
    for step in range(UNDO_STEPS + 3):
        queue.remember(f"edit {step}")
    assert len(queue.undo_steps) == UNDO_STEPS and queue.undo_steps[0][0] == "edit 3"
