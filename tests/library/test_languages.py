"""Song languages from the tags of each format, folded to one code, and the per-folder filter."""

import pytest

from moodplayer.library.languages import UNTAGGED, LanguageFilter, count_languages, normalise
from moodplayer.library.tags import read_tags
from mp_testkit.media import HAS_FFMPEG, set_language, write_audio


@pytest.mark.parametrize("suffix, values, expected", [
    (".wav", ("eng",), ("en",)), (".mp3", ("fra", "eng"), ("fr", "en")), (".ogg", ("Español",), ("es",)),
    (".flac", ("de",), ("de",)), (".m4a", ("jpn",), ("ja",))])
def test_each_format_s_language_tag_is_read(tmp_path, suffix, values, expected):
    if suffix != ".wav" and not HAS_FFMPEG:
        pytest.skip("ffmpeg is needed to encode this format")
    song = set_language(write_audio(tmp_path / f"song{suffix}"), *values)
    assert read_tags(song).languages == expected


def test_untagged_songs_have_no_language(tmp_path):
    assert read_tags(write_audio(tmp_path / "plain.wav")).languages == ()


def test_values_are_folded_and_split():
    assert normalise(["eng/fra", "English", "und", "Français; de", "Klingon"]) == ("en", "fr", "de", "klingon")


def test_the_filter_keeps_untagged_songs_unless_told_otherwise():
    english_and_untagged = LanguageFilter(frozenset({"en", UNTAGGED}))
    assert english_and_untagged.allows(("en",)) and english_and_untagged.allows(())
    assert english_and_untagged.allows(("fr", "en")) and not english_and_untagged.allows(("fr",))
    strictly_french = LanguageFilter.from_text("fr")
    assert not strictly_french.allows(()) and strictly_french.to_text() == "fr"
    assert LanguageFilter().allows(("xx",)) and not LanguageFilter().active


def test_counts_put_the_most_common_first():
    assert list(count_languages([("en",), ("en", "fr"), (), ("fr",), ("en",)]).items()) == [
        ("en", 3), ("fr", 2), (UNTAGGED, 1)]
