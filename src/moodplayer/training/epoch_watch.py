"""Says when a training epoch is slow: over 1.5x the run's median epoch means something else is
competing for the two cores (measured: 109 s an epoch on a quiet AMD EPYC, 500-650 s beside other
work). ``python -m moodplayer.training.epoch_watch RUN_DIR PID`` follows a run's history.csv
until process PID ends (scripts/campaign.sh starts it beside each training). Stdlib only."""

from __future__ import annotations

import csv
import os
import statistics
import sys
import time
from pathlib import Path

SLOW_FACTOR = 1.5  # the threshold: a fifth of the speed was lost to contention at 5x
POLL_S = 30.0  # an epoch takes minutes; a check every half minute costs nothing


def epoch_seconds(history: Path) -> list[float]:
    """Each epoch's wall-clock seconds from a run's history.csv (rows without the column are left out)."""
    try:
        with open(history, newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        return []
    seconds = []
    for row in rows:
        try:
            seconds.append(float(row.get("epoch_seconds") or ""))
        except ValueError:
            continue
    return seconds


def slow_epoch_warning(seconds: list[float], factor: float = SLOW_FACTOR) -> str:
    """A warning when the last epoch took over ``factor`` x the median of the run's epochs, else ""."""
    if len(seconds) < 3:  # the first epochs include start-up: no median worth the name yet
        return ""
    median = statistics.median(seconds)
    last = seconds[-1]
    if last <= factor * median:
        return ""
    return (f"epoch {len(seconds)} took {last:.0f} s, {last / median:.1f}x the run's median of {median:.0f} s: "
            "something else is competing for the cores")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch(run: Path, pid: int) -> None:
    history = run / "history.csv"
    told = len(epoch_seconds(history))
    while _alive(pid):
        time.sleep(POLL_S)
        seconds = epoch_seconds(history)
        for count in range(told + 1, len(seconds) + 1):
            warning = slow_epoch_warning(seconds[:count])
            if warning:
                print(f"campaign: {run.name}: {warning}", flush=True)
        told = max(told, len(seconds))


if __name__ == "__main__":
    watch(Path(sys.argv[1]), int(sys.argv[2]))
