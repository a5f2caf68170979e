"""Analyse many files in worker processes, with a cache and cancellation.

``analyse(paths, cache=..., cancel=...)`` is a generator: it yields one ``Analysis`` per file as
each finishes (cached files first), and the caller chooses the thread that drives it. Workers
are separate processes (``spawn``, so no Qt or lock state is inherited), at most ``workers`` files
are in flight at a time (so cancelling stops within one file per worker), and a worker that dies
(a native crash in librosa or a decoder, or killed from outside) costs at most its file: the pool is
rebuilt, whether the death shows in a result or at the next submit, the files that were in flight
are retried one at a time, and the one that kills a worker alone is reported as an error. A file
that holds its worker past its time limit (a decoder that hangs) has its worker killed, alike.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np

from moodplayer.audio import worker
from moodplayer.audio.access import check_file
from moodplayer.audio.cache import file_key
from moodplayer.audio.errors import AudioAccessError
from moodplayer.domain.paths import readable

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = 2  # processes; the budget is two cores
NICENESS = 5  # added to the workers' nice value: the window and the music come first
POLL = 0.1  # seconds between checks of the cancel token while files are in flight
CRASHED = "the analyser crashed on this file"
TIMED_OUT = "the analyser stopped on this file: it took too long"
# A file's time in a worker before the worker is killed: generous, since the workers run at low priority
# beside everything else (a song takes 0.4-2 s), with more for long files (a 10-hour mix measures in
# ~70 s). Only a hung decoder reaches it; without it, the worker and the quit would wait forever.
TIME_LIMIT_S = 120.0
TIME_LIMIT_PER_MB_S = 2.0
KILL_WAIT_S = 5.0  # for a killed worker to be gone (SIGKILL: at once, unless the kernel holds it)


def file_time_limit(path: Path) -> float:
    """Seconds ``path`` may hold a worker (from its submission)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return TIME_LIMIT_S + TIME_LIMIT_PER_MB_S * size / 1e6


@dataclass(frozen=True)
class Analysis:
    """One file's result: ``features`` (shape ``(NUM_FEATURES,)``) or ``error`` (a message)."""

    path: Path
    features: np.ndarray | None
    error: str | None = None
    cached: bool = False  # True when read from the cache (nothing decoded)

    @property
    def ok(self) -> bool:
        return self.features is not None


class CancelToken:
    """Set from any thread; the analysis stops submitting files and returns within ``POLL`` seconds."""

    def __init__(self):
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def join_runs(threads: list[threading.Thread], timeout_s: float, name: str) -> list[threading.Thread]:
    """At quit: wait up to ``timeout_s`` for each thread driving an analysis (a cancelled run ends
    within the file in hand); the ones still alive, each logged."""
    for thread in threads:
        thread.join(timeout_s)
        if thread.is_alive():
            logger.warning("The %s's thread did not stop within %.0f s", name, timeout_s)
    return [t for t in threads if t.is_alive()]


def analyse(paths: Iterable[Path], *, cache=None, cancel: CancelToken | None = None,
            workers: int = DEFAULT_WORKERS, extractor: Callable[[str], object] | None = None,
            niceness: int = NICENESS, quiet: bool = True,
            time_limit: Callable[[Path], float] = file_time_limit) -> Iterator[Analysis]:
    """Yield an ``Analysis`` for each of ``paths`` (cached ones first, then in order of completion).

    Args:
        cache: a ``FeatureCache`` (or None): read before analysing, written after.
        cancel: stops the analysis; files not yet yielded are simply not analysed.
        workers: worker processes (at least 1).
        extractor: ``f(path: str) -> features`` raising AudioDecodeError, a module-level function
            (it is pickled to the workers); default: ``features.extract_features``.
        niceness: added to the workers' nice value.
        quiet: send the workers' native stderr (decoder chatter) to /dev/null.
        time_limit: seconds a file may hold a worker; past it the worker is killed and the file
            reported (not cached: a busy machine, not the file, may be the cause).
    """
    cancel = cancel or CancelToken()
    todo: deque[Path] = deque()
    for path in paths:
        if cancel.cancelled:
            return
        path = Path(path)
        try:  # gone, unreadable, a folder, a pipe or a device: no need for a worker to say so
            check_file(path)
        except AudioAccessError as error:
            yield Analysis(path, None, str(error))
            continue
        hit = cache.get(path) if cache is not None else None
        if hit is not None:
            yield Analysis(path, hit.features, hit.error, cached=True)
        else:
            todo.append(path)
    if todo and not cancel.cancelled:
        yield from _analyse_in_workers(todo, cache, cancel, max(1, workers), extractor, niceness, quiet,
                                       time_limit)


def _job(extractor) -> Callable[[str], tuple]:
    return worker.extract if extractor is None else partial(worker.run_job, extractor)


def _new_pool(workers: int, niceness: int, quiet: bool) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=worker.init_worker, initargs=(niceness, quiet))


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (the pool then reads as broken). The executor has no public
    way to reach them before Python 3.14's ``kill_workers``."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError):  # already gone
            pass
    for process in processes:  # reaped now, not whenever the pool's thread notices
        process.join(KILL_WAIT_S)


class _Submitted(NamedTuple):
    limit_s: float  # the file's time limit
    deadline: float  # time.monotonic() past which the file's worker is killed
    as_of: tuple | None  # the file's cache key before its read: a file changed meanwhile is measured again


def _submit(pool: ProcessPoolExecutor, job, path: Path, in_flight: dict[Future, Path],
            submitted: dict[Future, _Submitted], time_limit: Callable[[Path], float]) -> bool:
    """Give ``path`` to the pool; False when the pool is broken (a worker died since the last look:
    killed, out of memory, a crash between two files), so the caller rebuilds it."""
    as_of = file_key(path)
    try:
        future = pool.submit(job, os.fsdecode(path))
    except BrokenProcessPool:
        return False
    in_flight[future] = path
    limit_s = time_limit(path)
    submitted[future] = _Submitted(limit_s, time.monotonic() + limit_s, as_of)
    return True


def _analyse_in_workers(todo: deque[Path], cache, cancel: CancelToken, workers: int, extractor,
                        niceness: int, quiet: bool, time_limit: Callable[[Path], float]) -> Iterator[Analysis]:
    job = _job(extractor)
    workers = min(workers, len(todo))
    suspects: deque[Path] = deque()  # in flight when a worker died: retried alone
    in_flight: dict[Future, Path] = {}
    submitted: dict[Future, _Submitted] = {}  # beside in_flight, left with it

    def take(future: Future) -> tuple[Path, _Submitted]:
        """A future's file and what was noted at its submission, no longer in flight."""
        return in_flight.pop(future), submitted.pop(future)

    submit = partial(_submit, in_flight=in_flight, submitted=submitted, time_limit=time_limit)
    pool = _new_pool(workers, niceness, quiet)
    try:
        while (todo or suspects or in_flight) and not cancel.cancelled:
            broken = False
            # A suspect runs alone, so that a second crash names its file.
            while suspects and not in_flight and not broken:
                path = suspects.popleft()
                if not submit(pool, job, path):
                    suspects.appendleft(path)
                    broken = True
            while todo and not suspects and len(in_flight) < workers and not broken:
                path = todo.popleft()
                if not submit(pool, job, path):
                    todo.appendleft(path)
                    broken = True
            alone = len(in_flight) == 1 and not broken
            done = set() if broken else wait(in_flight, timeout=POLL, return_when=FIRST_COMPLETED)[0]
            crashed = []
            now = time.monotonic()
            for future in [f for f in in_flight if f not in done and now > submitted[f].deadline]:
                path, noted = take(future)
                logger.warning("Audio analysis of %r took over %.0f s; stopping its worker", path, noted.limit_s)
                yield Analysis(path, None, f"{readable(path)}: {TIMED_OUT} ({noted.limit_s:.0f} s)")
                _kill_workers(pool)  # the other files in flight die with it and are retried alone
                broken = True
            for future in done:
                path, noted = take(future)
                try:
                    answer = future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        # Not cached: a crash may come from the machine (memory), not the file.
                        logger.warning("Audio analysis crashed a worker on %r", path)
                        yield Analysis(path, None, f"{readable(path)}: {CRASHED}")
                    else:
                        crashed.append(path)
                    continue
                except Exception as error_:  # a bug in the extractor, not a bad file: say so, go on
                    logger.error("Audio analysis of %r failed", path, exc_info=error_)
                    yield Analysis(path, None, f"{readable(path)}: analysis failed ({error_ or type(error_).__name__})")
                    continue
                yield _finished(path, *answer, cache, noted.as_of)
            if broken:
                # Every file still in flight dies with the pool (one may have finished just before):
                # the rest are retried one at a time.
                for future in list(in_flight):
                    path, noted = take(future)
                    if future.done() and not future.cancelled() and future.exception() is None:
                        yield _finished(path, *future.result(), cache, noted.as_of)
                    else:
                        crashed.append(path)
                if crashed:
                    logger.warning("An audio analysis worker died; retrying %d file(s) one at a time", len(crashed))
                suspects.extend(crashed)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers, niceness, quiet)
    finally:
        # Done, cancelled or abandoned by the caller: queued work is dropped. Files still in hand are
        # not wanted, and a hung decoder would never return, so their workers are killed (they only
        # read; the cache is written here). Waiting for the pool keeps the executor's exit handler
        # from writing to a closed pipe when the interpreter ends.
        if any(not future.done() for future in in_flight):
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _finished(path: Path, features, error: str | None, keep: bool, cache, as_of: tuple | None) -> Analysis:
    """A worker's answer as an ``Analysis``, kept in the cache unless ``keep`` is False (an error
    about access, not content: the file is analysed again once it can be read); kept under the file
    as it was before the read (``as_of``), so a file changed during its analysis is analysed again."""
    result = Analysis(path, None if features is None else np.asarray(features, np.float64), error)
    if cache is not None and keep:
        cache.put(path, result.features, result.error, as_of=as_of)
    return result
