"""How sure a reading is: its mood's mean probability, and the line under which it is unsure."""

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.mood import UNSURE_BELOW, MoodResult


def reading(mood, probability):
    rest = (1 - probability) / (len(EMOTIONS) - 1)
    probabilities = {name: (probability if name == mood else rest) for name in EMOTIONS}
    return MoodResult(mood, {mood: 10} if mood else {}, 10, 10 if mood else 0, probabilities, {})


def test_a_reading_is_unsure_under_the_line_and_sure_from_it():
    assert reading("sad", 0.39).unsure and reading("sad", 0.39).confidence == 0.39
    assert not reading("sad", UNSURE_BELOW).unsure
    assert not reading("happy", 0.9).unsure


def test_no_face_is_not_an_unsure_mood():
    no_face = MoodResult(None, {}, 10, 0, {name: 0.0 for name in EMOTIONS}, {})
    assert no_face.confidence == 0.0 and not no_face.unsure
