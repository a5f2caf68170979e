"""What plays next (next_song.py), decided without Qt: the hand queue first, the mood's shuffle bag,
the language filter, the taste weights, the lift steps and an empty mood."""

import ast
import random
from pathlib import Path

import moodplayer.next_song
from moodplayer.library.languages import UNTAGGED, LanguageFilter
from moodplayer.library.taste import TasteStore
from moodplayer.library.track import Track
from moodplayer.lift import MoodJourney
from moodplayer.next_song import PICK_HINT, lift_step, mood_to_play, next_song, songs_left
from moodplayer.selection import PlayQueue


def song(mood: str, name: str, **fields) -> Track:
    return Track(path=Path(f"/m/{mood}/{name}.ogg"), mood=mood, **fields)


SAD = [song("sad", f"sad-{n}") for n in range(3)]
HAPPY = [song("happy", f"happy-{n}") for n in range(2)]
LIBRARY = {"sad": SAD, "happy": HAPPY, "neutral": [song("neutral", "calm")], "angry": []}


def test_the_hand_queue_comes_first_and_teaches_no_mood():
    queue = PlayQueue(random.Random(0))
    mine = Path("/elsewhere/mine.ogg")
    queue.add(mine)
    first = next_song(queue, "sad", LIBRARY)
    assert (first.path, first.origin, first.mood) == (mine, "queue", None) and first.reason == "queued by hand"
    then = next_song(queue, "sad", LIBRARY)
    assert then.origin == "mood" and then.mood == "sad" and then.path in {t.path for t in SAD}
    assert then.reason == "shuffled from 'sad'"


def test_a_queued_song_plays_even_without_a_mood_and_asks_no_taste():
    asked = []

    class Taste:
        def weights(self, mood, songs):
            asked.append(mood)
            return {}

    queue = PlayQueue(random.Random(0))
    queue.add(SAD[0].path)
    assert next_song(queue, None, LIBRARY, taste=Taste()).path == SAD[0].path
    assert next_song(queue, "happy", LIBRARY, taste=Taste()).origin == "mood" and asked == ["happy"]


def test_the_moods_bag_plays_every_song_once_before_any_repeats():
    queue = PlayQueue(random.Random(1))
    first = [next_song(queue, "sad", LIBRARY).path for _ in SAD]
    assert sorted(first) == sorted(t.path for t in SAD) and songs_left(queue, "sad", LIBRARY) == 0
    again = next_song(queue, "sad", LIBRARY, current=first[-1])
    assert again.path != first[-1], "the song that just played is not first after the refill"
    assert songs_left(queue, "sad", LIBRARY) == 2 and songs_left(queue, "happy", LIBRARY) == 2


def test_the_same_seed_gives_the_same_songs():
    def order(seed):
        queue = PlayQueue(random.Random(seed))
        return [next_song(queue, "sad", LIBRARY).path for _ in range(6)]

    assert order(5) == order(5)


def test_unreadable_songs_and_filtered_languages_never_play():
    broken = song("happy", "broken", error="not audio")
    english, french, untagged = song("happy", "en", languages=("en",)), song("happy", "fr", languages=("fr",)), \
        song("happy", "none")
    library = {"happy": [broken, english, french, untagged]}
    english_and_untagged = LanguageFilter(frozenset({"en", UNTAGGED}))
    queue = PlayQueue(random.Random(2))
    played = {next_song(queue, "happy", library, english_and_untagged).path for _ in range(6)}
    assert played == {english.path, untagged.path}
    assert songs_left(PlayQueue(), "happy", library, english_and_untagged) == 2
    assert songs_left(PlayQueue(), "happy", library) == 3, "no filter: every readable song"
    only_french = next_song(PlayQueue(), "happy", {"happy": [english]}, LanguageFilter.from_text("fr"))
    assert only_french.path is None and only_french.missing == "songs"


def test_taste_weights_liked_songs_sooner_and_a_disliked_one_rests_a_round():
    taste = TasteStore()  # in memory
    liked, disliked = SAD[0].path, SAD[2].path
    taste.record(liked, "sad", "like")
    taste.record(liked, "sad", "like")
    taste.record(disliked, "sad", "dislike")
    firsts = {t.path: 0 for t in SAD}
    rng = random.Random(3)
    for _ in range(200):
        firsts[next_song(PlayQueue(rng), "sad", LIBRARY, taste=taste).path] += 1
    assert firsts[liked] > firsts[SAD[1].path] and firsts[disliked] == 0
    queue = PlayQueue(random.Random(4))
    one_round = [next_song(queue, "sad", LIBRARY, taste=taste).path for _ in range(2)]
    assert disliked not in one_round, "rests a round"
    assert disliked in [next_song(queue, "sad", LIBRARY, taste=taste).path for _ in range(3)], "then plays"
    assert taste.weights("happy", [liked]) == {liked: 1.0}, "likes count per mood"


def test_the_lift_journey_steps_toward_the_target_and_the_step_is_played():
    journey = MoodJourney("lift-happy", songs_per_step=1)
    mood = mood_to_play(journey, "sad", "detected")
    assert mood == "sad"
    mood = lift_step(journey, mood)
    assert mood == "neutral"
    choice = next_song(PlayQueue(random.Random(0)), mood, LIBRARY)
    assert (choice.path, choice.mood) == (LIBRARY["neutral"][0].path, "neutral")
    assert lift_step(journey, mood) == "happy" and lift_step(journey, "happy") is None, "arrived: no more steps"


def test_a_picked_mood_starts_the_journey_again_and_a_detected_one_keeps_the_progress():
    journey = MoodJourney("lift-happy", songs_per_step=1)
    mood_to_play(journey, "sad", "detected")
    lift_step(journey, "sad")
    lift_step(journey, "neutral")
    assert mood_to_play(journey, "sad", "detected") == "happy", "behind on the path: progress kept"
    assert mood_to_play(journey, "sad", "picked") == "sad", "the listener's word"
    lift_step(journey, "sad")
    assert mood_to_play(journey, "sad", "corrected") == "sad", "a correction is a pick too"


def test_matching_never_steps():
    journey = MoodJourney("match")
    assert mood_to_play(journey, "angry", "detected") == "angry"
    assert lift_step(journey, "angry") is None and lift_step(journey, "angry") is None


def test_nothing_to_play_says_why():
    no_mood = next_song(PlayQueue(), None, LIBRARY)
    assert (no_mood.path, no_mood.origin, no_mood.missing) == (None, "", "mood")
    assert no_mood.reason == f"Press Detect mood to start the music. {PICK_HINT}"
    no_folder = next_song(PlayQueue(), "sad", {}, has_folder=False)
    assert no_folder.missing == "folder" and no_folder.reason == "No music folder - choose one to play music."
    empty = next_song(PlayQueue(), "angry", LIBRARY)
    assert (empty.path, empty.mood, empty.missing) == (None, "angry", "songs")
    assert empty.reason == "The 'angry' folder has no playable songs. Drop some songs on 'angry' in the mood folders."
    assert next_song(PlayQueue(), "fear", LIBRARY).missing == "songs", "a mood the library has no list for"


def test_the_policy_stands_below_qt():
    tree = ast.parse(Path(moodplayer.next_song.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name.split(".")[0] == "PySide6"
                or name.startswith(("moodplayer.qt", "moodplayer.ui"))}
