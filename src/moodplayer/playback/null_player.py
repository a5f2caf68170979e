"""A player that plays nothing but keeps time: for tests, demos and machines without libvlc."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from moodplayer.domain.paths import display_name
from moodplayer.playback.base import Player, PlayerError, PlayerEvent, PlayerState, clamp_volume


class NullPlayer(Player):
    """Every track lasts ``duration_s`` seconds (or the length given by ``durations``); the ENDED
    event fires from a timer thread, like a real engine's callback thread."""

    name = "null"
    can_crossfade = True  # nothing to fade: each crossfade is recorded in ``crossfaded``

    def __init__(self, duration_s: float = 1.0, durations: dict[Path, float] | None = None,
                 audio_devices: list[tuple[str, str]] | None = None):
        super().__init__()
        self._devices = list(audio_devices or [])  # what audio_devices() answers (tests: a machine's devices)
        self._default = duration_s
        self._durations = durations or {}
        self._path: Path | None = None
        self._state = PlayerState.STOPPED
        self._offset = 0.0  # seconds played before the last (re)start
        self._started_at: float | None = None  # time.monotonic() of the last (re)start
        self._timer: threading.Timer | None = None
        self._volume = 100
        self._muted = False
        self._lock = threading.Lock()
        self._crossfade_s = 0.0
        self.crossfaded: list[tuple[Path, Path, float]] = []  # (song handed over, next song, seconds)

    def audio_devices(self) -> list[tuple[str, str]]:
        return list(self._devices)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _length(self) -> float:
        return self._durations.get(self._path, self._default)

    def _schedule(self) -> None:
        self._cancel()
        path = self._path
        self._timer = threading.Timer(max(0.0, self._length() - self._offset), self._end, args=(path,))
        self._timer.daemon = True
        self._timer.start()

    def _end(self, path: Path | None) -> None:
        with self._lock:
            if path != self._path or self._state != PlayerState.PLAYING:
                return
            self._state = PlayerState.ENDED
            self._started_at = None
            self._offset = self._length()
        self._notify(PlayerEvent.ENDED, path)

    def load(self, path: Path) -> None:
        path = Path(path)
        if not path.is_file():
            raise PlayerError(f"{display_name(path)}: file not found")
        seconds, self._crossfade_s = self._crossfade_s, 0.0
        with self._lock:
            if seconds > 0 and self._state == PlayerState.PLAYING:
                self.crossfaded.append((self._path, path, seconds))
            self._cancel()
            self._path, self._state, self._offset, self._started_at = path, PlayerState.STOPPED, 0.0, None

    def crossfade_next(self, seconds: float) -> None:
        self._crossfade_s = max(0.0, float(seconds))

    def play(self) -> None:
        with self._lock:
            if self._path is None or self._state == PlayerState.PLAYING:
                return
            if self._state == PlayerState.ENDED:
                self._offset = 0.0
            self._state = PlayerState.PLAYING
            self._started_at = time.monotonic()
            self._schedule()

    def pause(self) -> None:
        self._crossfade_s = 0.0
        with self._lock:
            if self._state != PlayerState.PLAYING:
                return
            self._offset = self._position_locked()
            self._started_at = None
            self._state = PlayerState.PAUSED
            self._cancel()

    def stop(self) -> None:
        self._crossfade_s = 0.0
        with self._lock:
            self._cancel()
            self._state, self._offset, self._started_at = PlayerState.STOPPED, 0.0, None

    @property
    def state(self) -> PlayerState:
        return self._state

    def _position_locked(self) -> float:
        if self._started_at is None:
            return self._offset  # stopped: 0, or where a seek while stopped will start
        return min(self._length(), self._offset + time.monotonic() - self._started_at)

    @property
    def position(self) -> float:
        with self._lock:
            return self._position_locked()

    def seek(self, seconds: float) -> None:
        with self._lock:
            if self._path is None:
                return
            self._offset = max(0.0, min(self._length(), float(seconds)))
            if self._state == PlayerState.PLAYING:
                self._started_at = time.monotonic()
                self._schedule()

    @property
    def duration(self) -> float | None:
        return self._length() if self._path is not None else None

    @property
    def volume(self) -> int:
        return self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        self._volume = clamp_volume(value)

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)

    @property
    def current(self) -> Path | None:
        return self._path
