"""Volume levelling for songs without ReplayGain tags: their loudness is measured in the background
(audio/loudness.py, in one low-priority worker process through audio/batch.py) and kept in
``loudness.sqlite3`` beside the settings, so each song is decoded once. The player asks ``gain``
when a song starts; a song not measured yet plays as it is.

Songs are measured in the order the listener is likely to hear them: the song playing, the queue,
the mood playing, then the rest of the library. A new order (another mood, a rescan, levelling
turned on) cancels the run in hand, which ends within the file being measured, and starts again:
what was measured is in the cache, so nothing is decoded twice. Nothing is written to the songs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from moodplayer.audio.batch import CancelToken, analyse, join_runs
from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.loudness import (LOUDNESS_VERSION, MEASURE_SIZE, REFERENCE_LUFS, Loudness, album_loudness,
                                       from_measure, measure_untagged)
from moodplayer.library.replay_gain import ReplayGain

logger = logging.getLogger(__name__)

CACHE_FILE = "loudness.sqlite3"
NICENESS = 10  # below the mood sorter's workers (5): levelling can wait, the window and the music cannot
PROGRESS_EVERY_S = 0.5  # at most two progress signals a second (a cached library answers 10,000 at once)
SHUTDOWN_WAIT_S = 30.0


def measured_gain(song: Loudness, album: list[Loudness] | None = None) -> ReplayGain:
    """A song's measure as the ReplayGain tags it stands in for: its track gain and peak, and the
    album's when the measures of all the album's songs (``album``, the song among them) are given."""
    gain = ReplayGain(track_db=song.gain_db, track_peak=song.peak if song.peak > 0 else None)
    if not album or len(album) < 2:
        return gain
    lufs = album_loudness([m.histogram for m in album])
    if lufs is None:
        return gain
    peak = max(m.peak for m in album)
    return ReplayGain(gain.track_db, gain.track_peak, album_db=REFERENCE_LUFS - lufs,
                      album_peak=peak if peak > 0 else None)


def listening_order(*groups: Iterable[Path]) -> list[Path]:
    """The songs of ``groups`` in order, each once (the playing song, the queue, the mood, the rest)."""
    seen: set[Path] = set()
    order = []
    for group in groups:
        for path in group:
            if path not in seen:
                seen.add(path)
                order.append(path)
    return order


class _Relay(QObject):
    measured = Signal(int, object)  # run, Path
    progress = Signal(int, int, int)  # run, done, total


class LoudnessScanner(QObject):
    """``measure(paths)`` measures, in that order, the songs that are neither tagged nor measured.

    Signals (GUI thread, newest run only):
        measured(Path): a song's measure is ready (``gain`` now answers for it).
        progress(done, total): songs of the run that are known (measured, tagged, or not
            measurable) out of its songs; done == total when the run ends.
    """

    measured = Signal(object)
    progress = Signal(int, int)

    def __init__(self, cache_folder: Path | None, *, workers: int = 1, niceness: int = NICENESS,
                 job: Callable[[str], list[float]] = measure_untagged, parent: QObject | None = None):
        """
        Args:
            cache_folder: where ``loudness.sqlite3`` lives (None: measures last until quit).
            job: the measure run in the worker (a module-level function; tests pass their own).
        """
        super().__init__(parent)
        self.cache = (FeatureCache(cache_folder, file_name=CACHE_FILE, version=LOUDNESS_VERSION, size=MEASURE_SIZE)
                      if cache_folder is not None else None)
        if self.cache is not None and not self.cache.enabled:
            logger.warning("Loudness measures are kept until quit only: %s", self.cache.problem)
        self.workers = workers
        self.niceness = niceness
        self.job = job
        self._known: dict[Path, Loudness | None] = {}  # this session's measures (and no cache at all)
        self._token: CancelToken | None = None
        self._runs = 0
        self._threads: list[threading.Thread] = []
        self.done, self.total = 0, 0
        self.closed = False
        self._relay = _Relay(self)
        self._relay.measured.connect(self._on_measured)
        self._relay.progress.connect(self._on_progress)

    @property
    def running(self) -> bool:
        self._threads = [t for t in self._threads if t.is_alive()]
        return bool(self._threads)

    def loudness(self, path: Path) -> Loudness | None:
        """The song's measure, or None (tagged, not measured yet, or not measurable). Reads the cache
        on the calling thread: one indexed row."""
        path = Path(path)
        if path in self._known:
            return self._known[path]
        entry = self.cache.get(path) if self.cache is not None else None
        return from_measure(entry.features) if entry is not None else None

    def gain(self, path: Path, album: list[Path] | None = None) -> ReplayGain | None:
        """The song's measured levelling as ReplayGain (None as for ``loudness``), with an album gain
        when ``album`` (the paths of the song's album, itself among them) are all measured."""
        song = self.loudness(path)
        if song is None:
            return None
        measures = [self.loudness(p) for p in album or []]
        return measured_gain(song, measures if measures and all(m is not None for m in measures) else None)

    def measure(self, paths: Iterable[Path]) -> None:
        """Measure ``paths`` in this order; the run in hand is cancelled."""
        if self.closed:
            return
        self.stop()
        self._runs += 1
        token = CancelToken()
        self._token = token
        paths = [Path(p) for p in paths]
        self.done, self.total = 0, len(paths)
        previous = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=self._work, args=(self._runs, token, paths, previous),
                                  name="loudness-scan", daemon=True)
        self._threads = previous + [thread]
        thread.start()

    def stop(self) -> None:
        """Cancel the run in hand (levelling turned off); what it measured is kept."""
        if self._token is not None:
            self._token.cancel()
            self._token = None

    def shutdown(self, timeout_s: float = SHUTDOWN_WAIT_S) -> None:
        """At quit: cancel, wait for the thread (and so the worker), close the cache."""
        self.closed = True
        self.stop()
        self._threads = join_runs(self._threads, timeout_s, "loudness scan")
        if self.cache is not None and not self._threads:
            self.cache.close()

    # -- GUI thread ------------------------------------------------------------------------------
    def _on_measured(self, run: int, path: Path) -> None:
        if run == self._runs:
            self.measured.emit(path)

    def _on_progress(self, run: int, done: int, total: int) -> None:
        if run == self._runs:
            self.done, self.total = done, total
            self.progress.emit(done, total)

    # -- the run's thread ----------------------------------------------------------------------------
    def _work(self, run: int, token: CancelToken, paths: list[Path], previous: list[threading.Thread]) -> None:
        for thread in previous:
            thread.join()  # one run at a time on the cache and the CPU; a cancelled run ends within a file
        todo = [p for p in paths if p not in self._known]
        done, told = len(paths) - len(todo), 0.0
        try:
            for result in analyse(todo, cache=self.cache, cancel=token, workers=self.workers, extractor=self.job,
                                  niceness=self.niceness):
                done += 1
                if not result.cached:
                    if result.error is not None:
                        logger.info("Loudness not measured: %s", result.error)
                    self._known[result.path] = from_measure(result.features) if result.ok else None
                    if result.ok:
                        self._relay.measured.emit(run, result.path)
                if time.monotonic() - told >= PROGRESS_EVERY_S:
                    told = time.monotonic()
                    self._relay.progress.emit(run, done, len(paths))
            if not token.cancelled:
                self._relay.progress.emit(run, len(paths), len(paths))
        except Exception as error:  # a bug: logged with its traceback; levelling goes on with what is known
            logger.error("The loudness scan failed", exc_info=error)


START_DELAY_MS = 5000
QUEUE_FIRST = 200  # queued songs measured before the mood's (a long import's tail waits its turn)


def follow(scanner: LoudnessScanner, session) -> None:
    """While levelling is on, measure what ``session`` (a qt.session.PlaybackSession) is likely to
    play, in that order; again when the mood, the library or the levelling changes. The player
    asks ``scanner.gain`` for songs without tags from now on."""
    player = session.player

    def gain(path: Path) -> ReplayGain | None:
        return scanner.gain(path, session.album_songs(path))

    player.measured_gain = gain
    last: list[list[Path]] = [[]]
    started = [False]  # the launch's delay is over, or the listener turned levelling on

    def refresh(*_args) -> None:
        if session.closed or scanner.closed or not started[0]:
            return
        if player.replay_gain == "off":
            scanner.stop()
            last[0] = []
            return
        mood = session.mood
        order = listening_order([session.current.path] if session.current is not None else [],
                                session.queue.hand[:QUEUE_FIRST],
                                (track.path for track in session.tracks(mood)) if mood else (),
                                (track.path for tracks in session.library.values() for track in tracks))
        if order != last[0]:  # a rescan that found nothing new changes nothing
            last[0] = order
            scanner.measure(order)

    def start(*_args) -> None:
        started[0] = True
        refresh()

    scanner.measured.connect(player.relevel_if_silent)
    session.mood_changed.connect(refresh)
    session.library_changed.connect(refresh)
    player.levelling_changed.connect(start)
    # At launch the window and the emotion model come first: a worker process starting beside them
    # would slow both on two cores.
    QTimer.singleShot(START_DELAY_MS, scanner, start)
