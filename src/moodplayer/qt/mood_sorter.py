"""The window's "Sort by mood": the sorting pipeline (sorting.py) on a thread of its own, and the
accepting of one suggestion through the session's folder edits (so undo, messages and the library
view stay right).

A run learns from the user's mood folders, then analyses the files to sort; the analysis itself
runs in worker processes (audio/batch.py). The run's thread only drives the generators and sends
queued signals, so the window stays responsive. It is not the shared pool of the library scan:
a run lasts minutes, and a scan must not wait behind it. A newer run cancels the older one, whose
late results are dropped (STYLE.md: one worker contract, stale results dropped).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from PySide6.QtCore import QObject, Signal

from moodplayer.audio.batch import DEFAULT_WORKERS, CancelToken, join_runs
from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.mood_model import AudioMoodModel
from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import display_name, readable
from moodplayer.library import folders
from moodplayer.library.scanner import mood_folder
from moodplayer.sorting import Progress, audio_files, learn_folders, suggest_files

logger = logging.getLogger(__name__)

SHUTDOWN_WAIT_S = 30.0  # at quit: the workers finish the file in hand (about a second) and exit


class _Relay(QObject):
    """One per sorter, made on the GUI thread, so that signals a run's thread emits are queued to it.
    Each carries the run's number: results of an older run are recognised and dropped. (A relay
    per run, deleted when the run ended, crashed now and then in QObject's destructor.)"""

    progress = Signal(int, str, int, int)  # run, stage, done, total
    suggested = Signal(int, object)  # run, Suggestion
    notice = Signal(int, str)  # run, text
    done = Signal(int, bool, str)  # run, cancelled, error message ("" when none)


class _Run:
    def __init__(self, number: int, token: CancelToken):
        self.number = number
        self.token = token
        self.thread: threading.Thread | None = None


class MoodSorter(QObject):
    """``start(paths, root)`` suggests a mood folder for each audio file under ``paths``.

    Signals (all on the GUI thread, only for the newest run that was not cancelled):
        progress(stage, done, total): stage "learning" (the user's mood folders) or "analysing".
        suggested(Suggestion): one per file, as each is analysed.
        finished(cancelled): the run ended; emitted at once by ``cancel()``.
        failed(message): the run could not start or broke (e.g. the audio model is missing).
        notice(message): something the user should know that does not stop the run.
    """

    progress = Signal(str, int, int)
    suggested = Signal(object)
    finished = Signal(bool)
    failed = Signal(str)
    notice = Signal(str)

    def __init__(self, cache_folder: Path | None = None, *, load_model: Callable[[], AudioMoodModel] | None = None,
                 learn=learn_folders, suggest=suggest_files, workers: int = DEFAULT_WORKERS, parent=None):
        """
        Args:
            cache_folder: where ``audio-features.sqlite3`` lives (None: no cache, every file is analysed).
            load_model: returns the AudioMoodModel or raises ModelLoadError (default: the shipped model).
            learn, suggest: ``sorting.learn_folders`` and ``sorting.suggest_files`` (tests pass fakes).
            workers: analysis processes.
        """
        super().__init__(parent)
        self.cache_folder = Path(cache_folder) if cache_folder is not None else None
        self._load_model = load_model or AudioMoodModel.load
        self._learn = learn
        self._suggest = suggest
        self.workers = workers
        self._model: AudioMoodModel | None = None
        self._cache: FeatureCache | None = None
        self._cache_opened = False
        self._current: _Run | None = None
        self._runs = 0  # numbers the runs
        self._threads: list[threading.Thread] = []  # every run's thread not yet joined
        self.closed = False
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.suggested.connect(self._on_suggested)
        self._relay.notice.connect(self._on_notice)
        self._relay.done.connect(self._run_done)

    @property
    def running(self) -> bool:
        """A run's thread is still alive (a cancelled one finishes the files in hand first)."""
        self._threads = [t for t in self._threads if t.is_alive()]
        return bool(self._threads)

    @property
    def active(self) -> bool:
        """The newest run has not finished, failed or been cancelled."""
        return self._current is not None

    def start(self, paths: list[Path], root: Path | None) -> None:
        """Learn from ``root``'s mood folders (None: the model alone), then analyse the audio files
        in ``paths`` (files, or folders walked recursively). An older run is cancelled."""
        if self.closed:
            return
        self._drop_current()
        self._runs += 1
        run = _Run(self._runs, CancelToken())
        previous = [t for t in self._threads if t.is_alive()]
        run.thread = threading.Thread(target=self._work, args=(run, [Path(p) for p in paths], root, previous),
                                      name="mood-sorter", daemon=True)
        self._current = run
        self._threads = previous + [run.thread]
        run.thread.start()

    def cancel(self) -> None:
        """Stop the run; its results from now on are dropped. ``finished(True)`` at once."""
        if self._current is None:
            return
        self._drop_current()
        self.finished.emit(True)

    def shutdown(self, timeout_s: float = SHUTDOWN_WAIT_S) -> None:
        """At quit: cancel, wait for the threads (and so the analysis workers), close the cache."""
        self.closed = True
        self._drop_current()
        self._threads = join_runs(self._threads, timeout_s, "mood sorter")
        if self._cache is not None and not self._threads:
            self._cache.close()

    # -- GUI thread ------------------------------------------------------------------------------
    def _fresh(self, number: int) -> bool:
        run = self._current
        return run is not None and run.number == number and not run.token.cancelled

    def _on_progress(self, number: int, stage: str, done: int, total: int) -> None:
        if self._fresh(number):
            self.progress.emit(stage, done, total)

    def _on_suggested(self, number: int, suggestion) -> None:
        if self._fresh(number):
            self.suggested.emit(suggestion)

    def _on_notice(self, number: int, text: str) -> None:
        if self._fresh(number):
            self.notice.emit(text)

    def _drop_current(self) -> None:
        run, self._current = self._current, None
        if run is not None:
            run.token.cancel()

    def _run_done(self, number: int, cancelled: bool, error: str) -> None:
        if not self._fresh(number):
            return  # cancelled (finished was said then) or replaced by a newer run
        self._current = None
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(cancelled)

    # -- the run's thread --------------------------------------------------------------------------
    def _work(self, run: _Run, paths: list[Path], root: Path | None, previous: list[threading.Thread]) -> None:
        # gets called on the run's own thread: only emits signals (queued to the GUI thread)
        for thread in previous:
            thread.join()  # one run at a time on the cache and the CPU; a cancelled run ends within a file
        token, relay, number = run.token, self._relay, run.number
        error = ""
        try:
            if not token.cancelled:
                self._drive(run, paths, root)
        except MoodPlayerError as exc:  # ModelLoadError: the message names the file and what is wrong
            error = f"Mood suggestions are unavailable: {exc}"
        except Exception as exc:  # a bug: logged with its traceback, reported in words
            logger.error("Sorting by mood failed", exc_info=exc)
            error = f"Sorting by mood failed: {type(exc).__name__}: {exc}"
        try:
            relay.done.emit(number, token.cancelled, error)
        except RuntimeError:  # the app quit while the run ended: nobody is left to tell
            logger.debug("Sort run finished after its receiver was deleted")

    def _drive(self, run: _Run, paths: list[Path], root: Path | None) -> None:
        token, relay, number = run.token, self._relay, run.number
        if self._model is None:
            self._model = self._load_model()
        cache = self._open_cache(number)

        def report(progress: Progress) -> None:
            relay.progress.emit(number, progress.stage, progress.done, progress.total)

        files = []
        for path in audio_files(paths):  # a big folder takes a while to walk: here, not on the GUI thread
            if token.cancelled:
                return
            files.append(path)
        profile = self._learn(root, self._model, cache=cache, cancel=token, workers=self.workers, progress=report)
        if token.cancelled:
            return
        relay.progress.emit(number, "analysing", 0, len(files))
        # Closed on the way out (done, cancelled or failed): the analysis workers are shut down here.
        with closing(self._suggest(files, self._model, profile=profile, cache=cache, cancel=token,
                                   workers=self.workers, progress=report)) as suggestions:
            for suggestion in suggestions:
                if token.cancelled:
                    return
                relay.suggested.emit(number, suggestion)

    def _open_cache(self, number: int) -> FeatureCache | None:
        if not self._cache_opened and self.cache_folder is not None:
            self._cache_opened = True
            self._cache = FeatureCache(self.cache_folder)
            if self._cache.problem:
                self._relay.notice.emit(number, self._cache.problem)
        return self._cache


# -- accepting a suggestion -------------------------------------------------------------------------
@dataclass(frozen=True)
class Accepted:
    """What accepting one suggestion did: ``ok`` (moved or copied to ``path``), or why not."""

    ok: bool
    text: str  # for the user: "Moved to Angry", "cannot move: its folder … is read-only"
    path: Path | None = None  # where the song is now (None when it stayed put)
    gone: bool = False  # the file is no longer there: the row cannot be accepted again


def _read_only_reason(source: Path, target_folder: Path, moving: bool) -> str:
    """Why the file cannot leave its folder or enter the mood folder ("" when both are writable)."""
    if moving and not os.access(source.parent, os.W_OK | os.X_OK):
        return f"its folder {readable(source.parent)} is read-only"
    folder = target_folder
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent  # the mood folder is made on the way: its nearest existing parent decides
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {readable(folder)} is read-only"
    return ""


class _Messages:
    """Collects what the session says while one edit runs (same thread: the signal is direct)."""

    def __init__(self, session):
        self.session = session
        self.said: list[tuple[str, str]] = []

    def __enter__(self) -> Self:
        self.session.message.connect(self._note)
        return self

    def _note(self, level: str, text: str) -> None:
        self.said.append((level, text))

    def __exit__(self, *exc) -> None:
        self.session.message.disconnect(self._note)

    def last(self, level: str) -> str:
        return next((text for lvl, text in reversed(self.said) if lvl == level), "")


def accept(session, path: Path, mood: str, copy: bool = False) -> Accepted:
    """Move (or ``copy``) the song at ``path`` into ``mood``'s folder with the session's folder edits:
    never overwriting (a name clash is renamed), undoable (moves), the library shown updated."""
    path = Path(path)
    root = session.music_root
    verb = "copy" if copy else "move"
    if root is None or session.demo_root is not None:
        return Accepted(False, f"cannot {verb}: choose your music folder first")
    if not path.is_file():
        return Accepted(False, f"cannot {verb}: {display_name(path)} is gone (deleted or moved)", gone=True)
    target = mood_folder(root, mood)
    if not copy and folders.is_within(path, target):
        return Accepted(True, f"already in {mood.title()}", path)
    why = _read_only_reason(path, target, moving=not copy)
    if why:
        session.message.emit("error", f"Cannot {verb} {display_name(path)} to {mood.title()}: {why}.")
        return Accepted(False, f"cannot {verb}: {why}")
    if copy:
        with _Messages(session):  # the session's own summary goes to the status bar as usual
            report = session.import_files(mood, [path], sync=True)
        if report is None or not report.copied:
            why = report.failed[0][1] if report is not None and report.failed else "not copied"
            return Accepted(False, f"cannot copy: {why}")
        new = report.copied[0]
        return Accepted(True, f"Copied to {mood.title()}" + _renamed(path, new), new)
    with _Messages(session) as said:
        session.move_tracks(mood, [path])
    if path.exists():  # a move is all or nothing: the file is still here, so it did not move
        # folder_edits.py says "Cannot move <name> to <mood>: <why>"; the row names the file already.
        why = said.last("error").removeprefix(f"Cannot move {display_name(path)} to {mood}: ") or "not moved"
        return Accepted(False, f"cannot move: {why}")
    new = _moved_to(session, path)
    return Accepted(True, f"Moved to {mood.title()}" + (_renamed(path, new) if new else ""), new)


def _moved_to(session, old: Path) -> Path | None:
    """The new path of ``old`` after the session moved it: its undo record (folder_edits.py) names it."""
    for new, original in session.folder_edits.last_moves:
        if original == old:
            return new
    return None


def _renamed(old: Path, new: Path) -> str:
    if new.name == old.name:
        return ""
    return f" as '{display_name(new)}' (a song of that name was already there)"
