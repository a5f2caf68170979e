"""QtPlayer: a Player seen from the GUI thread. Engine events arrive on foreign threads and are
re-emitted through a queued signal; the position is polled every 300 ms (not pushed per frame)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from moodplayer.library.replay_gain import ReplayGain, level_db
from moodplayer.library.tags import read_replay_gain
from moodplayer.playback.base import Player, PlayerError, PlayerEvent, PlayerState
from moodplayer.playback.equalizer import CustomEqualizer

logger = logging.getLogger(__name__)

POLL_MS = 300


class QtPlayer(QObject):
    state_changed = Signal(object)  # PlayerState
    position_changed = Signal(float, float)  # position, duration (seconds; duration 0 when unknown)
    ended = Signal(object)  # Path of the track that ended
    failed = Signal(object, str)  # Path, message
    volume_changed = Signal(int, bool)  # 0-100, muted
    level_changed = Signal(float, str, str)  # the song's levelling in dB, the levelling mode, its source
    levelling_changed = Signal(str)  # the levelling mode was changed
    _engine_event = Signal(object, object, str)

    def __init__(self, player: Player, parent: QObject | None = None):
        super().__init__(parent)
        self.player = player
        self._last_state: PlayerState | None = None
        self._closed = False
        self.replay_gain = "off"  # volume levelling: library.replay_gain.MODES
        # Levelling for a song without ReplayGain tags: path -> its measured gain, or None
        # (qt/loudness_scanner.LoudnessScanner.gain); None here: untagged songs play as they are.
        self.measured_gain: Callable[[Path], ReplayGain | None] | None = None
        # Where the song's levelling came from: "tags", "measured" (its loudness), "measured album"
        # (its album's) or "" (none).
        self.level_source = ""
        self._engine_event.connect(self._on_engine_event, Qt.ConnectionType.QueuedConnection)
        player.set_listener(lambda *event: self._engine_event.emit(*event))  # gets called from the engine's thread
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _on_engine_event(self, event: PlayerEvent, path: Path | None, message: str) -> None:
        if self._closed:
            return
        if path is None or path != self.player.current:
            logger.debug("Dropping stale %s event for %r", event, path)
            return
        self._poll()
        if event == PlayerEvent.ENDED:
            self.ended.emit(path)
        else:
            self.failed.emit(path, message)

    def _poll(self) -> None:
        if self._closed:
            return
        state = self.player.state
        if state != self._last_state:
            self._last_state = state
            self.state_changed.emit(state)
        self.position_changed.emit(self.player.position, self.player.duration or 0.0)

    # -- commands (GUI thread) ----------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise PlayerError("the player has been shut down")

    def play_file(self, path: Path) -> None:
        """Load and start ``path``; PlayerError when it cannot be opened (or after shutdown)."""
        self._check_open()
        self.player.load(path)
        self._level(path)  # before play: no loud first moment
        self.player.play()
        self._poll()

    @property
    def can_crossfade(self) -> bool:
        return self.player.can_crossfade

    def crossfade_next(self, seconds: float) -> None:
        """The song playing plays on and crosses into the next play_file() over ``seconds``."""
        if not self._closed:
            self.player.crossfade_next(seconds)

    def load_file(self, path: Path) -> None:
        self._check_open()
        self.player.load(path)
        self._level(path)
        self._poll()

    def set_replay_gain(self, mode: str) -> None:
        """Volume levelling by ReplayGain tags: "off", "track" or "album"; the playing song too."""
        level_db(None, mode)  # refuses an unknown mode before anything changes
        changed, self.replay_gain = mode != self.replay_gain, mode
        if not self._closed and self.player.current is not None:
            self._level(self.player.current)
        if changed:
            self.levelling_changed.emit(mode)

    def relevel_if_silent(self, path: Path) -> None:
        """A new measure of ``path``: applied at once if it is the song loaded and not playing (a
        restored song, or one paused), where a change of level cannot be heard; else from its next start."""
        if not self._closed and path == self.player.current and self.player.state != PlayerState.PLAYING:
            self._level(path)

    def equalizer_presets(self) -> tuple[str, ...]:
        return self.player.equalizer_presets()

    def audio_devices(self) -> list[tuple[str, str]]:
        return self.player.audio_devices() if not self._closed else []

    @property
    def audio_device(self) -> str:
        return self.player.audio_device

    def set_audio_device(self, device: str) -> None:
        """Play on ``device`` (an id of audio_devices(); "" for the default), the playing song too."""
        if not self._closed:
            self.player.set_audio_device(device)

    def set_equalizer(self, preset: str) -> None:
        """An equalizer preset ("" for none), the playing song too; PlayerError for an unknown one."""
        if not self._closed:
            self.player.set_equalizer(preset)

    def equalizer_bands_hz(self) -> tuple[float, ...]:
        return self.player.equalizer_bands_hz()

    def preset_equalizer(self, preset: str) -> CustomEqualizer:
        return self.player.preset_equalizer(preset)

    def set_custom_equalizer(self, custom: CustomEqualizer) -> None:
        """The listener's own bands, the playing song too; PlayerError when they do not fit the engine."""
        if not self._closed:
            self.player.set_custom_equalizer(custom)

    def _level(self, path: Path) -> None:
        gain, source = None, ""
        if self.replay_gain != "off":
            gain = read_replay_gain(path)
            source = "tags" if gain is not None and gain.has_gain else ""
            if not source and self.measured_gain is not None:
                gain = self.measured_gain(path)
                if gain is not None:
                    by_album = self.replay_gain == "album" and gain.album_db is not None
                    source = "measured album" if by_album else "measured"
        self.level_source = source
        self.player.set_level(level_db(gain, self.replay_gain))
        self.level_changed.emit(self.player.level_db, self.replay_gain, source)

    def toggle(self) -> None:
        if self._closed:
            return
        self.player.toggle()
        self._poll()

    def stop(self) -> None:
        if self._closed:
            return
        self.player.stop()
        self._poll()

    def seek(self, seconds: float) -> None:
        if self._closed:
            return
        self.player.seek(seconds)
        self._poll()

    def seek_by(self, delta: float) -> None:
        if self._closed:
            return
        self.seek(max(0.0, self.player.position + delta))

    @property
    def state(self) -> PlayerState:
        return PlayerState.STOPPED if self._closed else self.player.state

    @property
    def current(self) -> Path | None:
        return self.player.current

    @property
    def volume(self) -> int:
        return self.player.volume

    def set_volume(self, value: int) -> None:
        if self._closed:
            return
        self.player.volume = value
        self.volume_changed.emit(self.player.volume, self.player.muted)

    def set_muted(self, muted: bool) -> None:
        if self._closed:
            return
        self.player.muted = muted
        self.volume_changed.emit(self.player.volume, self.player.muted)

    @property
    def muted(self) -> bool:
        return self.player.muted

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self.player.set_listener(None)
        self.player.shutdown()
