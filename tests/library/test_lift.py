"""Match or lift: the mood to play, song after song."""

import pytest

from moodplayer.lift import MoodJourney, parse_path


def test_match_plays_what_is_detected():
    journey = MoodJourney("match")
    assert journey.observe("sad") == "sad" and journey.song_finished() == "sad"
    assert journey.observe("angry") == "angry" and journey.describe() == "Matching your mood"


def test_lift_moves_one_step_every_few_songs_and_stops_at_the_target():
    journey = MoodJourney("lift-happy", songs_per_step=2)
    assert journey.observe("sad") == "sad"
    assert [journey.song_finished() for _ in range(6)] == ["sad", "neutral", "neutral", "happy", "happy", "happy"]
    assert journey.describe().endswith("(arrived)")


def test_a_detection_further_along_jumps_there_and_one_off_the_path_starts_again():
    journey = MoodJourney("lift-happy", songs_per_step=3)
    journey.observe("angry")
    assert journey.observe("neutral") == "neutral", "met where they are"
    assert journey.observe("angry") == "neutral", "a step back on the same path does not undo progress"
    assert journey.observe("fear") == "fear" and journey.path == ("fear", "neutral", "happy")


def test_a_mood_picked_by_hand_starts_the_journey_again_even_behind_on_the_path():
    journey = MoodJourney("lift-happy", songs_per_step=1)
    journey.observe("sad")
    journey.song_finished()
    journey.song_finished()
    assert journey.current == "happy"
    assert journey.observe("sad") == "happy", "detected: progress kept"
    assert journey.observe("sad", picked=True) == "sad" and journey.path == ("sad", "neutral", "happy")
    assert journey.step == 0 and journey.song_finished() == "neutral"


def test_lift_toward_calm():
    journey = MoodJourney("lift-calm", songs_per_step=1)
    journey.observe("angry")
    assert journey.song_finished() == "neutral" and journey.song_finished() == "neutral"


def test_paths_can_be_edited_and_are_remembered_as_text():
    journey = MoodJourney("lift-happy", songs_per_step=1)
    journey.set_path("sad", parse_path("sad > surprise > happy"), "happy")
    saved = journey.paths_to_text()
    assert saved == ["happy:sad>surprise>happy"]
    again = MoodJourney("lift-happy", songs_per_step=1)
    assert again.paths_from_text(saved + ["happy:sad>elated", "nonsense"]) != []
    again.observe("sad")
    assert again.song_finished() == "surprise"


@pytest.mark.parametrize("text", ["", "sad > glad", "sad > happy > sad"])
def test_bad_paths_are_refused(text):
    with pytest.raises(ValueError):
        parse_path(text)
