"""What runs inside an analysis worker process. Imports nothing heavy at module level: the
initializer must set the environment before NumPy and numba load in the worker."""

from __future__ import annotations

import os

# One thread per worker: the pool is the parallelism (two workers on two cores, not 2 x N BLAS threads).
_WORKER_ENVIRONMENT = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                       "NUMBA_NUM_THREADS": "1", "NUMBA_CPU_NAME": "generic"}


def init_worker(niceness: int, quiet: bool) -> None:
    """Runs first in every worker: lower priority (the window and the music come first), one thread,
    numba for a generic CPU (see features.py), and libmpg123's "Note: Illegal Audio-MPEG-Header"
    chatter on undecodable files kept off the user's terminal when ``quiet``."""
    for name, value in _WORKER_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    if niceness > 0:
        try:
            os.nice(niceness)
        except OSError:
            pass  # not permitted here: run at normal priority
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)  # NumPy may already be loaded (the parent's __main__ re-imported by spawn)
    except ImportError:
        pass
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def extract(path: str) -> tuple[list[float] | None, str | None, bool]:
    """The default job: (features, None, True), or (None, message, keep) for a file that cannot be
    analysed; ``keep`` is False for an error about access rather than content (never cached)."""
    from moodplayer.audio.features import extract_features

    return run_job(extract_features, path)


def run_job(extractor, path: str) -> tuple[list[float] | None, str | None, bool]:
    """Calls ``extractor(path)`` (features, or an AudioDecodeError) the way ``extract`` does: for a
    caller's own extractor (tests, benchmarks); must be a module-level function to reach the worker."""
    from moodplayer.audio.errors import AudioAccessError, AudioDecodeError

    try:
        return [float(v) for v in extractor(path)], None, True
    except AudioDecodeError as error:
        return None, str(error), not isinstance(error, AudioAccessError)
