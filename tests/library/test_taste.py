"""Likes, dislikes, skips and full listens, kept locally, weight the shuffle without starving anything."""

import random
from pathlib import Path

from moodplayer.library.taste import TasteStore, weight
from moodplayer.selection import ShuffleBag


def test_scores_survive_a_restart_and_can_be_forgotten(tmp_path):
    db = tmp_path / "taste.sqlite3"
    store = TasteStore(db)
    song = Path("/music/happy/a.ogg")
    store.record(song, "happy", "like")
    store.record(song, "happy", "full")
    store.record(song, "sad", "skip")
    store.close()
    again = TasteStore(db)
    assert again.score(song, "happy") == 5.0 and again.score(song, "sad") == -1.0
    again.clear()
    assert again.score(song, "happy") == 0.0


def test_a_damaged_file_is_set_aside_and_a_new_one_started(tmp_path):
    db = tmp_path / "taste.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    store = TasteStore(db)
    assert "damaged" in store.problem
    assert [p.name for p in tmp_path.iterdir() if ".broken-" in p.name]
    store.record(Path("/m/a.ogg"), "sad", "like")
    assert store.score(Path("/m/a.ogg"), "sad") == 4.0


def test_weights_are_bounded_and_unknown_songs_weigh_one():
    assert weight(0) == 1.0 and weight(100) == 4.0 and weight(-100) == 0.2 and 0.2 < weight(-4) < 0.5


def test_liked_songs_come_up_sooner_and_disliked_ones_rest_but_are_never_starved():
    songs = [Path(f"/m/{n}.ogg") for n in range(4)]
    liked, disliked = songs[0], songs[3]
    weights = {liked: weight(8), disliked: weight(-4)}
    first_draws = {s: 0 for s in songs}
    rng = random.Random(1)
    for _ in range(400):
        bag = ShuffleBag(rng)
        first_draws[bag.draw("happy", songs, weights=weights)] += 1
    assert first_draws[liked] > max(first_draws[s] for s in songs[1:3]) and first_draws[disliked] == 0
    bag = ShuffleBag(random.Random(2))
    rounds = [[bag.draw("happy", songs, weights=weights) for _ in range(3)]]  # a round without it: 3 songs
    rounds.append([bag.draw("happy", songs, weights=weights) for _ in range(4)])  # then a full round
    assert disliked not in rounds[0] and sorted(rounds[1]) == sorted(songs), "rests a round, then plays"
    only_disliked = ShuffleBag(random.Random(3)).draw("happy", [disliked], weights=weights)
    assert only_disliked == disliked, "never starved when nothing else is left"
