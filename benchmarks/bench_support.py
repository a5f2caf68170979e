"""What the benchmark scripts share: the machine's name, this process's memory (Linux /proc), and
how an expected failure ends one."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn


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


def exit_with(main: Callable[[], int | None]) -> NoReturn:
    """Runs a benchmark's ``main`` and exits with its code; an expected failure (a missing model or
    data folder) is one line and exit 2, as in the app, not a traceback."""
    from moodplayer.domain.errors import MoodPlayerError

    try:
        code = main()
    except MoodPlayerError as error:
        print(f"{Path(sys.argv[0]).name}: {error}", file=sys.stderr)
        code = 2
    sys.exit(code)
