"""The listener's equalizer bands as the settings keep them (playback/equalizer.py)."""

import pytest

from moodplayer.playback.equalizer import CustomEqualizer, band_label


def test_bands_survive_their_text_and_are_kept_within_libvlcs_range():
    custom = CustomEqualizer(-3.5, (1.0, 0.0, -2.5, 12.0))
    assert custom.text() == "-3.5 1 0 -2.5 12"
    assert CustomEqualizer.parse(custom.text(), 4) == custom
    assert CustomEqualizer.parse("30 -25 25 0 0", 4) == CustomEqualizer(8.0, (-20.0, 20.0, 0.0, 0.0))


@pytest.mark.parametrize("text, problem", [
    ("0 1 2", "a preamp and 4 band gains expected, got 3 numbers"),
    ("0 1 2 3 4 5", "a preamp and 4 band gains expected, got 6 numbers"),
    ("0 1 two 3 4", "not numbers"),
    ("0 1 nan 3 4", "not finite"),
    ("", "got 0 numbers"),
])
def test_unreadable_bands_say_what_is_wrong(text, problem):
    with pytest.raises(ValueError, match=problem):
        CustomEqualizer.parse(text, 4)


def test_headroom_is_how_far_a_raised_band_stands_over_full_scale():
    assert CustomEqualizer.flat(3).headroom_db == 0.0
    assert CustomEqualizer(0.0, (6.0, -3.0, 0.0)).headroom_db == 6.0
    assert CustomEqualizer(-4.0, (6.0, -3.0, 0.0)).headroom_db == 2.0
    assert CustomEqualizer(-8.0, (6.0, -3.0, 0.0)).headroom_db == 0.0


def test_band_labels_read_as_an_equalizer_shows_them():
    assert [band_label(hz) for hz in (31.25, 62.5, 1000.0, 16000.0)] == ["31.25 Hz", "62.5 Hz", "1 kHz", "16 kHz"]
