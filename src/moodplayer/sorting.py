"""Suggest mood folders for unsorted songs: the pipeline behind ``moodplayer suggest`` and the
window's "Sort a folder..." (files -> cached audio features -> model + the user's folders -> Suggestion).

Generators, so the caller picks the thread (the CLI runs them inline, the window on a worker).
No Qt; librosa only inside ``audio.batch``'s worker processes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from moodplayer.audio.batch import CancelToken, analyse
from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.mood_model import AudioMoodModel
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.paths import readable
from moodplayer.library.scanner import iter_mood_files, list_audio_files
from moodplayer.suggestion import FolderProfile, Suggestion, suggest

logger = logging.getLogger(__name__)

INBOX = "Unsorted"  # the folder under the music root where new songs wait to be sorted


@dataclass(frozen=True)
class Progress:
    """Where a run stands: ``stage`` is "learning" (reading the user's folders) or "analysing"."""

    stage: str
    done: int
    total: int


def inbox_folder(root: Path) -> Path:
    return Path(root) / INBOX


def audio_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly (whatever their extension: a bad one gets an error entry, not silence)
    and the audio files inside folders, recursively, in name order, as the library scan finds them
    (hidden entries skipped)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from (f.path for f in list_audio_files(path))
        else:
            yield path


def learn_folders(root: Path | None, model: AudioMoodModel, *, cache: FeatureCache | None = None,
                  cancel: CancelToken | None = None, workers: int = 2,
                  progress: Callable[[Progress], None] | None = None) -> FolderProfile:
    """The profile of the songs already in ``root``'s mood folders (analysed once, then cached)."""
    if root is None or not Path(root).is_dir():
        return FolderProfile({})
    mood_of: dict[Path, str] = {}
    for mood in EMOTIONS:
        for path in iter_mood_files(Path(root), mood):
            mood_of[path] = mood
    by_mood: dict[str, list[np.ndarray]] = {}
    for done, result in enumerate(analyse(list(mood_of), cache=cache, cancel=cancel, workers=workers), 1):
        if result.ok:
            by_mood.setdefault(mood_of[result.path], []).append(result.features)
        if progress is not None:
            progress(Progress("learning", done, len(mood_of)))
    return FolderProfile.from_features(model, by_mood)


def suggest_files(paths: list[Path], model: AudioMoodModel, *, profile: FolderProfile | None = None,
                  cache: FeatureCache | None = None, cancel: CancelToken | None = None, workers: int = 2,
                  progress: Callable[[Progress], None] | None = None) -> Iterator[Suggestion]:
    """One Suggestion per file as each is analysed (cached files first); a file that cannot be
    analysed gets one with ``error`` set, and the rest go on."""
    for done, result in enumerate(analyse(paths, cache=cache, cancel=cancel, workers=workers), 1):
        if progress is not None:
            progress(Progress("analysing", done, len(paths)))
        if not result.ok:
            yield Suggestion(result.path, error=result.error or f"{readable(result.path)}: cannot be analysed")
            continue
        yield suggest(result.path, result.features, model, profile)
