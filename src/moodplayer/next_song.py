"""What plays next, decided in one place: the hand queue first, in its order; else a song of the
mood to play, drawn from that mood's shuffle bag among its songs that can play and that the
language filter lets through, liked songs sooner and disliked ones resting a round.

Plain Python, no Qt, the random source the bag's own (seeded in tests). The inputs are all given
at once: the mood to play (the mood detected or picked, or the lift journey's step toward its
target, lift.py), the library's tracks, the hand queue and shuffle bag (selection.py), the
language filter (library/languages.py) and the taste weights (library/taste.py). The answer is a
``NextSong``: the path, the mood it plays for, where it came from and why, in the window's words.
The session (qt/session.py) asks and plays the answer. At a song's end the journey steps first
(``lift_step``), before a re-detection may move it again, and only then is the next song chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from moodplayer.library.languages import LanguageFilter
from moodplayer.library.track import Track
from moodplayer.lift import MoodJourney
from moodplayer.selection import PlayQueue

# Every message that suggests choosing the mood by hand says it this one way.
PICK_HINT = "You can pick a mood by hand below."
# Sources of a mood that are the listener's own word: the journey starts again from them.
OWN_WORD = ("picked", "corrected")


class Taste(Protocol):
    """What the policy needs of the listener's taste (library/taste.py's TasteStore)."""

    def weights(self, mood: str, songs: list[Path]) -> dict[Path, float]: ...


@dataclass(frozen=True)
class NextSong:
    """The next song and why. ``path`` None: nothing to play, and ``missing`` says what is missing
    ("mood", "folder" or "songs"), ``reason`` what the listener can do about it."""

    path: Path | None
    mood: str | None  # the mood it plays for; None for a song queued by hand (it teaches the taste nothing)
    origin: str  # "queue" or "mood"; "" when nothing plays
    reason: str  # why, in words
    missing: str = ""


def playable(tracks: Iterable[Track], languages: LanguageFilter) -> list[Path]:
    """The songs among ``tracks`` that can play now: readable, and in a language the filter lets through."""
    return [t.path for t in tracks if t.playable and languages.allows(t.languages)]


def next_song(queue: PlayQueue, mood: str | None, library: Mapping[str, Sequence[Track]],
              languages: LanguageFilter = LanguageFilter(), taste: Taste | None = None,
              current: Path | None = None, has_folder: bool = True) -> NextSong:
    """The song to play next (taken from the hand queue or the mood's shuffle bag).

    ``mood``: the mood to play (None before any was detected or picked); ``library``: the tracks of
    each mood's folder; ``current``: the song that just played, not drawn first again after the bag
    refills; ``has_folder``: the music folder is there (words for an empty answer).
    """
    # The mood's songs are only looked at when the hand queue is empty: it always comes first.
    available = playable(library.get(mood, ()), languages) if mood and not queue.hand else []
    weights = taste.weights(mood, available) if taste is not None and available else None
    path, origin = queue.next(mood, available, current, weights)
    if origin == "queue":
        return NextSong(path, None, "queue", "queued by hand")
    if path is not None:
        return NextSong(path, mood, "mood", f"shuffled from '{mood}'")
    if mood is None:
        return NextSong(None, None, "", f"Press Detect mood to start the music. {PICK_HINT}", "mood")
    if not has_folder:
        return NextSong(None, mood, "", "No music folder - choose one to play music.", "folder")
    return NextSong(None, mood, "", f"The '{mood}' folder has no playable songs. "
                    f"Drop some songs on '{mood}' in the mood folders.", "songs")


def songs_left(queue: PlayQueue, mood: str, library: Mapping[str, Sequence[Track]],
               languages: LanguageFilter = LanguageFilter()) -> int:
    """How many of ``mood``'s playable songs have not played yet in this round of its shuffle."""
    return queue.bag.remaining(mood, playable(library.get(mood, ()), languages))


def mood_to_play(journey: MoodJourney, mood: str, source: str) -> str:
    """A mood was told (``source``: "detected", "picked", "corrected"...): the mood to play now, the
    same when matching, else a step of the journey from it. A pick or a correction is the
    listener's own word: the journey starts again from it, even behind on the path."""
    return journey.observe(mood, picked=source in OWN_WORD)


def lift_step(journey: MoodJourney, mood: str | None) -> str | None:
    """A song played to its end: the journey's next step when lifting moved on from ``mood``, else None."""
    stepped = journey.song_finished()
    if journey.lifting and stepped is not None and stepped != mood:
        return stepped
    return None
