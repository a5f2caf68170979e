"""What the benchmark scripts share: the machine's name and this process's memory (Linux /proc)."""

from __future__ import annotations

import platform


def cpu_name() -> str:
    """The CPU's model name, to write beside every timing (machines differ from session to session)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
