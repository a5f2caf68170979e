"""SleepTimer: "stop the music in 30 minutes", for listening in bed.

When the time is up the session lets the song playing finish rather than cutting it off mid-phrase
(qt/session.py: stop after this song). Not kept between runs: a timer set last night must not stop
this morning's music.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

CHOICES_MIN = (15, 30, 45, 60, 90, 120)  # the Playback menu's choices, minutes


class SleepTimer(QObject):
    changed = Signal()  # started or cancelled
    expired = Signal()  # the time is up

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        # A coarse timer (Qt's default) may fire 5% late: 6 minutes on two hours.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._expire)
        self.minutes: float = 0  # the length chosen; 0 while off
        self._deadline = 0.0  # time.monotonic() when the time is up

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self, minutes: float) -> None:
        """(Re)starts the count from now; 0 or less turns the timer off."""
        if minutes <= 0:
            self.cancel()
            return
        self.minutes = minutes
        self._deadline = time.monotonic() + minutes * 60
        self._timer.start(max(1, round(minutes * 60_000)))
        self.changed.emit()

    def cancel(self) -> None:
        was_active = self.active
        self._timer.stop()
        self.minutes = 0
        if was_active:
            self.changed.emit()

    def minutes_left(self) -> int:
        """Whole minutes left, rounded up (a timer with 10 s to go has "1 min" left); 0 when off."""
        if not self.active:
            return 0
        return max(1, math.ceil((self._deadline - time.monotonic()) / 60))

    def _expire(self) -> None:
        self.minutes = 0
        self.changed.emit()
        self.expired.emit()


def describe_minutes(minutes: float) -> str:
    """15 -> "15 min", 60 -> "1 hour", 90 -> "1 h 30 min"."""
    minutes = round(minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{hours} h {rest} min"
