"""Logging set up once, in main(): the thread name in every line; errors that escape are logged."""

from __future__ import annotations

import logging
import sys


def configure_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s",
        stream=sys.stderr,
    )


def install_excepthook(report=None) -> None:
    """Log uncaught exceptions (Qt slots included) and hand a one-line summary to ``report``."""

    def hook(kind, value, traceback):
        logging.getLogger("moodplayer").error("Unexpected error", exc_info=(kind, value, traceback))
        if report is not None:
            try:
                report(f"Unexpected error: {kind.__name__}: {value}")
            except Exception:  # noqa: BLE001 - the reporter must never raise from the hook
                pass

    sys.excepthook = hook
