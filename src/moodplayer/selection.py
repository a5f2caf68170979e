"""What plays next: the hand queue first, then shuffled tracks of the current mood. Pure Python.

Shuffling is a bag per mood: every track of the folder plays once, in random order, before any
repeats; the bag refills when it is exhausted. Tracks added to or removed from the folder are
taken into account on the next draw.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path


class ShuffleBag:
    """Random order without repeats until every track of a mood has been drawn."""

    def __init__(self, rng: random.Random | None = None):
        self._rng = rng or random.Random()
        self._drawn: dict[str, set[Path]] = {}

    def draw(self, mood: str, available: Sequence[Path], avoid: Path | None = None) -> Path | None:
        """A track of ``mood`` not drawn since the bag was last refilled; None if ``available`` is empty.

        ``avoid`` (the track that just played) is not drawn first after a refill when there is a choice.
        """
        if not available:
            return None
        drawn = self._drawn.setdefault(mood, set())
        remaining = [p for p in available if p not in drawn]
        if not remaining:
            drawn.clear()
            remaining = [p for p in available if p != avoid] or list(available)
        choice = self._rng.choice(sorted(remaining))
        drawn.add(choice)
        return choice

    def remaining(self, mood: str, available: Sequence[Path]) -> int:
        drawn = self._drawn.get(mood, set())
        return sum(1 for p in available if p not in drawn)

    def reset(self, mood: str | None = None) -> None:
        if mood is None:
            self._drawn.clear()
        else:
            self._drawn.pop(mood, None)


class PlayQueue:
    """The hand queue plus the mood shuffle, and a history for "previous"."""

    def __init__(self, rng: random.Random | None = None):
        self.hand: list[Path] = []
        self.history: list[Path] = []
        self.bag = ShuffleBag(rng)

    # -- the hand queue ------------------------------------------------------------------
    def add(self, path: Path) -> None:
        self.hand.append(Path(path))

    def play_next(self, path: Path) -> None:
        self.hand.insert(0, Path(path))

    def remove_at(self, index: int) -> None:
        del self.hand[index]

    def move(self, source: int, destination: int) -> None:
        item = self.hand.pop(source)
        self.hand.insert(min(destination, len(self.hand)), item)

    def clear(self) -> None:
        self.hand.clear()

    def discard(self, path: Path) -> None:
        self.hand = [p for p in self.hand if p != path]

    # -- choosing ------------------------------------------------------------------------
    def next(self, mood: str | None, available: Sequence[Path], current: Path | None = None) -> tuple[Path | None, str]:
        """The next track and where it came from (``"queue"`` or ``"mood"``; ``""`` when none).

        Hand-queued tracks always come before mood picks.
        """
        if self.hand:
            return self.hand.pop(0), "queue"
        if mood is None:
            return None, ""
        choice = self.bag.draw(mood, available, avoid=current)
        return (choice, "mood") if choice is not None else (None, "")

    def push_history(self, path: Path) -> None:
        if not self.history or self.history[-1] != path:
            self.history.append(path)
        del self.history[:-200]

    def previous(self, current: Path | None) -> Path | None:
        """The track played before ``current`` (None at the start of the history)."""
        while self.history and self.history[-1] == current:
            self.history.pop()
        return self.history.pop() if self.history else None
