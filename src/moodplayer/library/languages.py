"""Song languages: read from the tags (ID3 TLAN, Vorbis/FLAC LANGUAGE, MP4 (c)lng) as written
by taggers (ISO 639-2 "eng", ISO 639-1 "en" or a name "English"), folded to one code each, and
the per-folder filter that limits a mood's songs to some languages. Pure stdlib."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

UNTAGGED = "untagged"  # the filter's token for songs without a language tag
INSTRUMENTAL = "zxx"  # ISO 639-2: no linguistic content

# ISO 639-1 code: ISO 639-2 codes (bibliographic and terminologic) and names, in English and natively.
_ALIASES = {
    "en": ("eng", "english"), "fr": ("fra", "fre", "french", "français", "francais"),
    "es": ("spa", "spanish", "español", "espanol", "castellano"), "de": ("deu", "ger", "german", "deutsch"),
    "it": ("ita", "italian", "italiano"), "pt": ("por", "portuguese", "português", "portugues"),
    "nl": ("nld", "dut", "dutch", "nederlands"), "sv": ("swe", "swedish", "svenska"),
    "no": ("nor", "nob", "nno", "norwegian", "norsk"), "da": ("dan", "danish", "dansk"),
    "fi": ("fin", "finnish", "suomi"), "pl": ("pol", "polish", "polski"), "ru": ("rus", "russian", "русский"),
    "uk": ("ukr", "ukrainian"), "cs": ("ces", "cze", "czech"), "el": ("ell", "gre", "greek"),
    "tr": ("tur", "turkish", "türkçe"), "ar": ("ara", "arabic"), "he": ("heb", "hebrew"),
    "hi": ("hin", "hindi"), "ja": ("jpn", "japanese", "日本語"), "zh": ("zho", "chi", "chinese", "中文"),
    "ko": ("kor", "korean", "한국어"), "la": ("lat", "latin"), "ga": ("gle", "irish"),
    INSTRUMENTAL: ("instrumental", "none", "no linguistic content"),
}
_CANONICAL = {alias: code for code, aliases in _ALIASES.items() for alias in (code, *aliases)}
_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian", "pt": "Portuguese",
          "nl": "Dutch", "sv": "Swedish", "no": "Norwegian", "da": "Danish", "fi": "Finnish", "pl": "Polish",
          "ru": "Russian", "uk": "Ukrainian", "cs": "Czech", "el": "Greek", "tr": "Turkish", "ar": "Arabic",
          "he": "Hebrew", "hi": "Hindi", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "la": "Latin",
          "ga": "Irish", INSTRUMENTAL: "Instrumental", UNTAGGED: "No language tag"}


def normalise(values: Iterable[str]) -> tuple[str, ...]:
    """Language tag values -> codes, in order, without repeats; several in one value ("eng/fra",
    "en; fr") are split. An unknown value is kept, lower-cased."""
    codes: list[str] = []
    for value in values:
        for part in str(value).replace(";", "/").replace(",", "/").replace("|", "/").split("/"):
            part = part.strip().casefold()
            if part and part not in ("und", "xxx", "unknown"):  # "undetermined" is no tag at all
                code = _CANONICAL.get(part, part)
                if code not in codes:
                    codes.append(code)
    return tuple(codes)


def language_name(code: str) -> str:
    return _NAMES.get(code, code)


@dataclass(frozen=True)
class LanguageFilter:
    """The languages a folder's moods play. Empty ``languages`` means no filter (every song)."""

    languages: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.languages)

    def allows(self, song_languages: tuple[str, ...]) -> bool:
        if not self.languages:
            return True
        if not song_languages:
            return UNTAGGED in self.languages
        return any(code in self.languages for code in song_languages)

    def to_text(self) -> str:
        return ",".join(sorted(self.languages))

    @classmethod
    def from_text(cls, text: str) -> LanguageFilter:
        return cls(frozenset(code for code in text.split(",") if code))


def count_languages(songs: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """How many songs have each language (UNTAGGED for those with none), most common first."""
    counts: dict[str, int] = {}
    for codes in songs:
        for code in codes or (UNTAGGED,):
            counts[code] = counts.get(code, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
