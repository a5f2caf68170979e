"""What plays next: the hand queue first, then shuffled tracks of the current mood. Pure Python.

Shuffling is a bag per mood: every track of the folder plays once, in random order, before any
repeats; the bag refills when it is exhausted. Tracks added to or removed from the folder are
taken into account on the next draw. With weights (what the listener liked, library/taste.py),
heavier tracks tend to come up sooner in a round, and tracks weighted under REST_BELOW sit every
other round out (unless nothing else is left): they rest, and are never starved for good.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

REST_BELOW = 0.5  # the weight under which a track sits a shuffle round out (see library/taste.py)


class ShuffleBag:
    """Random order without repeats until every track of a mood has been drawn."""

    def __init__(self, rng: random.Random | None = None):
        self._rng = rng or random.Random()
        self._drawn: dict[str, set[Path]] = {}
        self._rested: dict[str, set[Path]] = {}  # sat out the current round
        self._rested_before: dict[str, set[Path]] = {}  # sat out the last round: they play in this one

    def draw(self, mood: str, available: Sequence[Path], avoid: Path | None = None,
             weights: dict[Path, float] | None = None) -> Path | None:
        """A track of ``mood`` not drawn since the bag was last refilled; None if ``available`` is empty.

        ``avoid`` (the track that just played) is not drawn first after a refill when there is a choice.
        """
        if not available:
            return None
        drawn = self._drawn.setdefault(mood, set())
        remaining = [p for p in available if p not in drawn]
        if not remaining:
            drawn.clear()
            self._rested_before[mood] = self._rested.pop(mood, set())
            remaining = [p for p in available if p != avoid] or list(available)
        remaining = sorted(remaining)
        if weights:
            rested_before = self._rested_before.get(mood, set())
            rested = [p for p in remaining if weights.get(p, 1.0) < REST_BELOW and p not in rested_before]
            if len(rested) < len(remaining):
                drawn.update(rested)  # this round goes on without them
                self._rested.setdefault(mood, set()).update(rested)
                remaining = [p for p in remaining if p not in rested]
            choice = self._rng.choices(remaining, weights=[weights.get(p, 1.0) for p in remaining])[0]
        else:
            choice = self._rng.choice(remaining)
        drawn.add(choice)
        return choice

    def remaining(self, mood: str, available: Sequence[Path]) -> int:
        drawn = self._drawn.get(mood, set())
        return sum(1 for p in available if p not in drawn)

    def reset(self, mood: str | None = None) -> None:
        for state in (self._drawn, self._rested, self._rested_before):
            if mood is None:
                state.clear()
            else:
                state.pop(mood, None)


UNDO_STEPS = 20  # hand-queue edits (remove, reorder, clear) that can be taken back, newest first


class PlayQueue:
    """The hand queue plus the mood shuffle, a history for "previous", and the hand queue as it was
    before its last edits, for Undo."""

    def __init__(self, rng: random.Random | None = None):
        self.hand: list[Path] = []
        self.history: list[Path] = []
        self.bag = ShuffleBag(rng)
        self.undo_steps: list[tuple[str, list[Path], float]] = []  # (what was done, the hand queue before, when)

    # -- undo ----------------------------------------------------------------------------
    def remember(self, what: str) -> None:
        """Keep the hand queue as it is, before an edit described by ``what`` (the newest UNDO_STEPS)."""
        self.undo_steps.append((what, list(self.hand), time.monotonic()))
        del self.undo_steps[:-UNDO_STEPS]

    def take_back(self) -> str | None:
        """The hand queue as it was before its newest remembered edit (songs no longer on disk left
        out); what that edit was, or None when there is none."""
        if not self.undo_steps:
            return None
        what, hand, _at = self.undo_steps.pop()
        self.hand = [path for path in hand if path.is_file()]
        return what

    def rename(self, moved: dict[Path, Path]) -> None:
        """Songs moved on disk (old path: new path): the hand queue, and the queues Undo can bring
        back, follow them. One pass for a whole move, however many songs it moved."""
        if moved:
            self.hand = [moved.get(p, p) for p in self.hand]
            self.undo_steps = [(what, [moved.get(p, p) for p in hand], at) for what, hand, at in self.undo_steps]

    # -- the hand queue ------------------------------------------------------------------
    def add(self, path: Path) -> None:
        self.hand.append(Path(path))

    def play_next(self, path: Path) -> None:
        self.hand.insert(0, Path(path))

    def remove_at(self, index: int) -> None:
        del self.hand[index]

    def move_rows(self, rows: Sequence[int], destination: int) -> None:
        """Move the songs at ``rows`` (in their order, as one block) to the song at ``destination``:
        after it when they come from above, before it from below, so one song moved lands where that
        song was; a ``destination`` past the end (or -1) puts them last. Rows are places, not paths:
        a song queued twice moves only where it was picked."""
        picked = sorted({row for row in rows if 0 <= row < len(self.hand)})
        if not picked or destination in picked:
            return
        moving, chosen = [self.hand[row] for row in picked], set(picked)
        rest = [path for row, path in enumerate(self.hand) if row not in chosen]
        if 0 <= destination < len(self.hand):
            at = destination - sum(row < destination for row in picked) + (picked[0] < destination)
        else:
            at = len(rest)
        self.hand = rest[:at] + moving + rest[at:]

    def to_top(self, rows: Sequence[int], undo_as: str = "") -> bool:
        """The songs at ``rows`` first, in their order, remembered for Undo as ``undo_as`` when given;
        False (nothing done) when they are first already."""
        picked = sorted({row for row in rows if 0 <= row < len(self.hand)})
        if picked == list(range(len(picked))):
            return False
        if undo_as:
            self.remember(undo_as)
        chosen = set(picked)
        self.hand = [self.hand[row] for row in picked] + [path for row, path in enumerate(self.hand)
                                                          if row not in chosen]
        return True

    def clear(self) -> None:
        self.hand.clear()

    def discard(self, path: Path) -> None:
        self.hand = [p for p in self.hand if p != path]

    # -- choosing ------------------------------------------------------------------------
    def next(self, mood: str | None, available: Sequence[Path], current: Path | None = None,
             weights: dict[Path, float] | None = None) -> tuple[Path | None, str]:
        """The next track and where it came from (``"queue"`` or ``"mood"``; ``""`` when none).

        Hand-queued tracks always come before mood picks.
        """
        if self.hand:
            return self.hand.pop(0), "queue"
        if mood is None:
            return None, ""
        choice = self.bag.draw(mood, available, avoid=current, weights=weights)
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
