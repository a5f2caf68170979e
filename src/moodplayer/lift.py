"""Match or lift the listener's mood. Pure Python.

"Match my mood" plays the detected mood. "Lift my mood" meets the listener where they are and
moves one step toward a target every few songs, along a path through the valence/arousal
circle (music therapy's iso principle): sad -> neutral -> happy, angry -> neutral -> happy. A new
detection on the way that finds the listener further along the path jumps there; one off the
path starts a new path from it. A mood picked by hand always starts a new path from itself. The
target is happy, or calm (neutral).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from moodplayer.domain.emotions import EMOTIONS

MODES = ("match", "lift-happy", "lift-calm")
TARGETS = {"lift-happy": "happy", "lift-calm": "neutral"}

# From each mood to the target, one step at a time through calmer, less negative moods.
DEFAULT_PATHS = {
    "happy": {"angry": ("angry", "neutral", "happy"), "disgust": ("disgust", "neutral", "happy"),
              "fear": ("fear", "neutral", "happy"), "sad": ("sad", "neutral", "happy"),
              "surprise": ("surprise", "happy"), "neutral": ("neutral", "happy"), "happy": ("happy",)},
    "neutral": {"angry": ("angry", "neutral"), "disgust": ("disgust", "neutral"), "fear": ("fear", "neutral"),
                "sad": ("sad", "neutral"), "surprise": ("surprise", "happy", "neutral"),
                "happy": ("happy", "neutral"), "neutral": ("neutral",)},
}


def parse_path(text: str) -> tuple[str, ...]:
    """"sad > neutral > happy" -> ("sad", "neutral", "happy"); ValueError for unknown moods or repeats."""
    steps = tuple(part.strip().lower() for part in text.replace("→", ">").split(">") if part.strip())
    unknown = [s for s in steps if s not in EMOTIONS]
    if not steps or unknown:
        raise ValueError(f"unknown mood(s): {', '.join(unknown) or 'none given'}; use {', '.join(EMOTIONS)}")
    if len(set(steps)) != len(steps):
        raise ValueError("a mood appears twice in the path")
    return steps


def check_path(start: str, steps: tuple[str, ...], target: str) -> None:
    """ValueError unless ``steps`` lead from ``start`` to ``target``."""
    if steps[0] != start or steps[-1] != target:
        raise ValueError(f"a path from {start} toward {target} must start with {start} and end with {target}")


def format_path(steps: tuple[str, ...]) -> str:
    return " → ".join(steps)


@dataclass
class MoodJourney:
    """Which mood to play, song after song, in the chosen mode."""

    mode: str = "match"
    songs_per_step: int = 2
    paths: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=lambda: {t: dict(p) for t, p in
                                                                                   DEFAULT_PATHS.items()})
    path: tuple[str, ...] = ()
    step: int = 0
    songs_in_step: int = 0

    @property
    def lifting(self) -> bool:
        return self.mode in TARGETS

    @property
    def target(self) -> str | None:
        return TARGETS.get(self.mode)

    @property
    def current(self) -> str | None:
        return self.path[self.step] if self.path else None

    def set_path(self, start: str, steps: tuple[str, ...], target: str) -> None:
        """Edit the path from ``start`` toward ``target``: it must begin at ``start`` and end at ``target``."""
        check_path(start, steps, target)
        self.paths.setdefault(target, {})[start] = steps

    def observe(self, mood: str, picked: bool = False) -> str:
        """A mood detected (or ``picked`` by hand); returns the mood to play now."""
        if not self.lifting:
            self.path, self.step, self.songs_in_step = (mood,), 0, 0
            return mood
        if mood in self.path and not picked:
            # Further along: meet them there. A mood already behind on this path (the listener
            # still a little sad on the way up) does not undo the progress.
            if self.path.index(mood) > self.step:
                self.step, self.songs_in_step = self.path.index(mood), 0
        else:
            # Off the path, or picked by hand (the listener says where they are): start from there.
            target = self.target
            self.path = self.paths.get(target, {}).get(mood) or DEFAULT_PATHS[target][mood]
            self.step, self.songs_in_step = 0, 0
        return self.current

    def song_finished(self) -> str | None:
        """A song played to its end; every ``songs_per_step`` songs, one step toward the target."""
        if not self.lifting or not self.path:
            return self.current
        self.songs_in_step += 1
        if self.songs_in_step >= self.songs_per_step and self.step < len(self.path) - 1:
            self.step += 1
            self.songs_in_step = 0
        return self.current

    def describe(self) -> str:
        """Where the journey stands, for the window."""
        if not self.lifting:
            return "Matching your mood"
        if not self.path:
            return f"Lifting toward {self.target}: detect your mood to start"
        shown = " → ".join(f"[{m}]" if i == self.step else m for i, m in enumerate(self.path))
        if self.step == len(self.path) - 1:
            return f"Lifting toward {self.target}: {shown} (arrived)"
        return f"Lifting toward {self.target}: {shown} (next step after {self.songs_per_step - self.songs_in_step} " \
               f"more song{'s' if self.songs_per_step - self.songs_in_step != 1 else ''})"

    # -- settings ------------------------------------------------------------------------------
    def paths_to_text(self) -> list[str]:
        """Edited paths only (defaults are not stored): "target:start>...>target" entries."""
        return [f"{target}:{'>'.join(steps)}" for target, paths in self.paths.items()
                for start, steps in paths.items() if DEFAULT_PATHS.get(target, {}).get(start) != steps]

    def paths_from_text(self, entries: list[str]) -> list[str]:
        """Load edited paths; returns the problems of entries that were skipped."""
        problems = []
        for entry in entries:
            target, _, text = entry.partition(":")
            try:
                steps = parse_path(text)
                self.set_path(steps[0], steps, target)
            except (ValueError, IndexError) as error:
                problems.append(f"{entry!r}: {error}")
        return problems
