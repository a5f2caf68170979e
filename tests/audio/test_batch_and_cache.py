"""Analysis in worker processes: the cache, cancellation, crashes and vanished files."""

import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import wait
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest
from mp_testkit import audio_jobs

from moodplayer.audio import batch
from moodplayer.audio.batch import CRASHED, TIMED_OUT, CancelToken, analyse
from moodplayer.audio.cache import CACHE_FILE, FeatureCache


def files(folder, names):
    folder.mkdir(exist_ok=True)
    paths = []
    for i, name in enumerate(names):
        path = folder / name
        path.write_bytes(b"x" * (100 + i))
        paths.append(path)
    return paths


def children_left(within_s=30.0):
    """The worker processes still alive after up to ``within_s``: a killed worker is gone at once on a
    quiet machine, but on a starved core the kernel may take a while to finish it off (seen once in CI)."""
    deadline = time.monotonic() + within_s
    while (alive := multiprocessing.active_children()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def test_results_come_back_for_every_file_and_a_second_run_reads_the_cache(tmp_path):
    paths = files(tmp_path / "music", ["a.mp3", "b.mp3", "bad.mp3"])
    with FeatureCache(tmp_path / "cache") as cache:
        first = {r.path: r for r in analyse(paths, cache=cache, extractor=audio_jobs.size_features)}
        assert set(first) == set(paths)
        assert first[paths[0]].features[0] == 100 and not first[paths[0]].cached
        assert "cannot decode" in first[paths[2]].error
        second = list(analyse(paths, cache=cache, extractor=audio_jobs.crash_on_boom))
    # everything, the error included, came from the cache: nothing was decoded again
    assert all(r.cached for r in second) and len(second) == 3
    assert {r.path: r.error for r in second} == {p: r.error for p, r in first.items()}


def test_a_changed_file_is_analysed_again(tmp_path):
    (path,) = files(tmp_path / "music", ["a.mp3"])
    with FeatureCache(tmp_path / "cache") as cache:
        list(analyse([path], cache=cache, extractor=audio_jobs.size_features))
        path.write_bytes(b"y" * 500)
        os.utime(path, ns=(1, 1))
        (again,) = analyse([path], cache=cache, extractor=audio_jobs.size_features)
    assert not again.cached and again.features[0] == 500


def test_a_file_changed_while_it_was_analysed_is_analysed_again(tmp_path):
    paths = files(tmp_path / "music", ["a.mp3", "changing.mp3"])
    cache = FeatureCache(tmp_path / CACHE_FILE)
    assert all(r.ok for r in analyse(paths, cache=cache, extractor=audio_jobs.changed_while_read))
    second = {r.path.name: r for r in analyse(paths, cache=cache, extractor=audio_jobs.size_features)}
    assert second["a.mp3"].cached
    assert not second["changing.mp3"].cached  # what was kept described the file before its change
    assert second["changing.mp3"].features[0] == os.path.getsize(paths[1])
    assert cache.get(paths[1]) is not None  # and now it is kept as it is


def test_the_cache_survives_a_restart(tmp_path):
    (path,) = files(tmp_path / "music", ["a.mp3"])
    with FeatureCache(tmp_path / "cache") as cache:
        list(analyse([path], cache=cache, extractor=audio_jobs.size_features))
    with FeatureCache(tmp_path / "cache") as cache:
        entry = cache.get(path)
    assert entry is not None and np.all(entry.features == 100)


def test_a_corrupt_cache_is_set_aside_and_started_afresh(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    (path,) = files(tmp_path / "music", ["a.mp3"])
    with FeatureCache(folder) as cache:
        assert cache.enabled and cache.problem is None
        (result,) = analyse([path], cache=cache, extractor=audio_jobs.size_features)
        assert result.ok
    assert (folder / (CACHE_FILE + ".corrupt")).read_bytes().startswith(b"this is not")


def test_a_locked_cache_leaves_the_cache_off_and_everything_analysed(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    FeatureCache(folder).close()
    blocker = sqlite3.connect(folder / CACHE_FILE)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        (path,) = files(tmp_path / "music", ["a.mp3"])
        cache = FeatureCache(folder)  # waits out SQLite's timeout, then gives up on the cache
        assert not cache.enabled and "unusable" in cache.problem
        (result,) = analyse([path], cache=cache, extractor=audio_jobs.size_features)
        assert result.ok  # analysed all the same
        cache.close()
    finally:
        blocker.rollback()
        blocker.close()


def test_cancel_stops_the_analysis_without_touching_the_rest(tmp_path):
    paths = files(tmp_path / "music", [f"{i:02}.mp3" for i in range(30)])
    cancel = CancelToken()
    seen = []
    for result in analyse(paths, cancel=cancel, extractor=audio_jobs.slow_features):
        seen.append(result)
        cancel.cancel()
    # at most the files already in flight (two workers) finish
    assert 1 <= len(seen) <= 2


def test_a_worker_crash_costs_only_its_file(tmp_path):
    paths = files(tmp_path / "music", ["a.mp3", "boom.mp3", "c.mp3", "d.mp3"])
    results = {r.path.name: r for r in analyse(paths, extractor=audio_jobs.crash_on_boom)}
    assert set(results) == {"a.mp3", "boom.mp3", "c.mp3", "d.mp3"}
    assert CRASHED in results["boom.mp3"].error
    assert all(results[name].ok for name in ("a.mp3", "c.mp3", "d.mp3"))


def stuck_files_only(limit_s):
    """A time limit of ``limit_s`` for files named 'stuck*', and one no busy machine reaches for the rest."""
    return lambda path: limit_s if path.name.startswith("stuck") else 3600.0


def test_a_file_that_hangs_its_worker_is_stopped_and_costs_only_itself(tmp_path):
    paths = files(tmp_path / "music", ["a.mp3", "stuck.mp3", "c.mp3", "d.mp3", "e.mp3"])
    cache = FeatureCache(tmp_path / CACHE_FILE)
    results = {r.path.name: r for r in analyse(paths, cache=cache, extractor=audio_jobs.stuck_on_stuck,
                                               time_limit=stuck_files_only(1.0))}
    assert set(results) == {p.name for p in paths}
    assert TIMED_OUT in results["stuck.mp3"].error
    assert all(results[name].ok for name in ("a.mp3", "c.mp3", "d.mp3", "e.mp3"))
    assert cache.get(paths[1]) is None  # not kept: a busy machine may have been the cause
    assert not children_left()  # the stuck worker is gone (it would sleep an hour)


def test_cancelling_while_a_file_hangs_returns_without_waiting_for_it(tmp_path):
    paths = files(tmp_path / "music", ["stuck.mp3", "stuck2.mp3"])
    cancel = CancelToken()
    seen = []
    run = threading.Thread(target=lambda: seen.extend(analyse(paths, cancel=cancel, extractor=audio_jobs.stuck_on_stuck,
                                                              time_limit=stuck_files_only(3600.0))))
    run.start()
    while not multiprocessing.active_children():  # the files are in the workers' hands
        run.join(0.05)
    cancel.cancel()
    run.join(60)  # an hour's sleep otherwise
    assert not run.is_alive()
    assert seen == []
    assert not children_left()


def test_workers_killed_between_two_results_cost_no_file_and_the_run_goes_on(tmp_path, monkeypatch):
    # The pool breaks while the caller holds a result: the next submit finds it broken (it used to
    # raise BrokenProcessPool out of the run, "Sorting by mood failed").
    paths = files(tmp_path / "music", [f"{i:02}.mp3" for i in range(6)])
    pools = []
    new_pool = batch._new_pool
    monkeypatch.setattr(batch, "_new_pool", lambda *args: pools.append(new_pool(*args)) or pools[-1])
    results = analyse(paths, extractor=audio_jobs.size_features)
    seen = [next(results)]
    for process in multiprocessing.active_children():  # the pool's workers, as an OOM killer would
        os.kill(process.pid, signal.SIGKILL)
    try:  # wait until the pool knows: work given to it now fails once it has seen a worker die
        wait([pools[0].submit(int, 0)])
    except BrokenProcessPool:
        pass
    seen += list(results)
    assert sorted(r.path.name for r in seen) == [p.name for p in paths]
    assert all(r.ok and r.features[0] == os.path.getsize(r.path) for r in seen)
    assert len(pools) == 2  # rebuilt once


def test_a_file_that_vanished_is_reported_and_the_rest_go_on(tmp_path):
    paths = files(tmp_path / "music", ["a.mp3", "b.mp3"])
    paths[0].unlink()
    results = {r.path.name: r for r in analyse(paths, extractor=audio_jobs.size_features)}
    assert "no such file" in results["a.mp3"].error and results["b.mp3"].ok


@pytest.mark.skipif(os.getuid() == 0, reason="root can write anywhere")
def test_an_unwritable_cache_folder_leaves_the_cache_off(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        cache = FeatureCache(folder)
        assert not cache.enabled and "unusable" in cache.problem
    finally:
        folder.chmod(0o700)
