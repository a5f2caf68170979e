"""Start-up time of a MoodPlayer command: seconds from launch to the "Window shown" log line
(the window is on screen; the emotion model is still loading in the background), or to another
log line (--until "model": the emotion model has loaded), median of N runs.

    python docs/measure_startup.py [--runs 3] [--until TEXT] -- COMMAND [ARGS...]

Needs a display (DISPLAY, e.g. from `Xvfb :77 &` and DISPLAY=:77). Each run is ended (its
process group) as soon as the line appears.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = open(f"/proc/{entry}/status").read()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if entry == str(pid) or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


MEMORY: list[float] = []  # RSS at the moment the line appeared, per run


def once(command: list[str], timeout_s: float, until: str = "Window shown") -> float | None:
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    shown = threading.Event()
    seen_at: list[float] = []

    def read():
        for line in process.stdout:
            if until in line and not shown.is_set():
                seen_at.append(time.monotonic())
                time.sleep(0.2)  # let the line's work finish (a model's first allocations)
                MEMORY.append(rss_mb(process.pid))
                shown.set()

    threading.Thread(target=read, daemon=True).start()
    shown.wait(timeout_s)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    return seen_at[0] - started if seen_at else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--until", default="Window shown",
                        help='log text to wait for (e.g. "model" for the emotion model loaded)')
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    times = []
    for run in range(args.runs):
        seconds = once(command, args.timeout, args.until)
        print(f"run {run + 1}: {'no window' if seconds is None else f'{seconds:.2f} s'}", flush=True)
        if seconds is not None:
            times.append(seconds)
    if not times:
        return 1
    print(f"median {statistics.median(times):.2f} s to {args.until!r} over {len(times)} runs; "
          f"memory then (RSS): median {statistics.median(MEMORY):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
