"""The Player interface every playback engine implements, and its states and events.

Units: positions and durations in seconds (float), volume 0-100 (int).
Events (``ENDED``, ``ERROR``) reach the listener on whatever thread the engine uses; the listener
must only record them or hand them to the GUI thread, never call back into the engine.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from moodplayer.domain.errors import MoodPlayerError
from moodplayer.playback.equalizer import CUSTOM, CustomEqualizer


class PlayerError(MoodPlayerError):
    """The playback engine cannot start (libvlc missing) or cannot play a file."""


class PlayerState(enum.Enum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    ERROR = "error"


class PlayerEvent(enum.Enum):
    ENDED = "ended"  # the track played to its end
    ERROR = "error"  # the track cannot be played (message attached)


# listener(event, path of the media it concerns, message)
Listener = Callable[[PlayerEvent, Path | None, str], None]


class Player(ABC):
    name = "abstract"
    can_crossfade = False  # plays two songs at once: the next one fades in while the last fades out

    def __init__(self) -> None:
        self._listener: Listener | None = None
        self.level_db = 0.0  # the current song's levelling gain (ReplayGain), dB
        self.equalizer = ""  # the equalizer preset shaping the sound, CUSTOM for custom_equalizer; "" for none
        self.custom_equalizer: CustomEqualizer | None = None  # the listener's own bands (kept while a preset plays)
        self.audio_device = ""  # the sound device played on (an id of audio_devices()); "" for the default

    def set_listener(self, listener: Listener | None) -> None:
        """``listener`` may be called from a foreign thread."""
        self._listener = listener

    def _notify(self, event: PlayerEvent, path: Path | None, message: str = "") -> None:
        listener = self._listener
        if listener is not None:
            listener(event, path, message)

    @abstractmethod
    def load(self, path: Path) -> None:
        """Make ``path`` the current media (stopped). PlayerError when the file does not exist."""

    @abstractmethod
    def play(self) -> None:
        """Start, or resume when paused."""

    @abstractmethod
    def pause(self) -> None: ...

    @abstractmethod
    def stop(self) -> None: ...

    @property
    @abstractmethod
    def state(self) -> PlayerState: ...

    @property
    @abstractmethod
    def position(self) -> float:
        """Seconds into the current track (when stopped: 0.0, or where a seek while stopped put it)."""

    @abstractmethod
    def seek(self, seconds: float) -> None:
        """Move to ``seconds``; while stopped, the next play() starts there."""

    @property
    @abstractmethod
    def duration(self) -> float | None:
        """Length of the current track in seconds, None until known."""

    @property
    @abstractmethod
    def volume(self) -> int:
        """0-100."""

    @volume.setter
    @abstractmethod
    def volume(self, value: int) -> None: ...

    @property
    @abstractmethod
    def muted(self) -> bool: ...

    @muted.setter
    @abstractmethod
    def muted(self, value: bool) -> None: ...

    @property
    @abstractmethod
    def current(self) -> Path | None: ...

    def set_level(self, db: float) -> None:
        """Play the current song ``db`` louder (negative: quieter), beside the user's volume; 0 = as
        it is. Set after load() for each song. An engine that cannot level only records it."""
        self.level_db = float(db)

    def equalizer_presets(self) -> tuple[str, ...]:
        """The engine's equalizer presets by name, in its order; () for an engine without one."""
        return ()

    def set_equalizer(self, preset: str) -> None:
        """Shapes the sound with one of equalizer_presets(), for every song from now on ("": none;
        CUSTOM: the custom_equalizer set last). PlayerError for a name the engine does not have."""
        custom = preset == CUSTOM and self.custom_equalizer is not None
        if preset and not custom and preset not in self.equalizer_presets():
            raise PlayerError(f"no equalizer preset called {preset!r}")
        self.equalizer = preset

    def equalizer_bands_hz(self) -> tuple[float, ...]:
        """The centre of each of the engine's equalizer bands; () for an engine without an equalizer."""
        return ()

    def preset_equalizer(self, preset: str) -> CustomEqualizer:
        """One of equalizer_presets() as bands (a start for custom ones); PlayerError for an unknown one."""
        raise PlayerError(f"no equalizer preset called {preset!r}")

    def set_custom_equalizer(self, custom: CustomEqualizer) -> None:
        """Shapes the sound with the listener's own bands, one gain for each of equalizer_bands_hz(),
        from now on; PlayerError when the bands do not match the engine's."""
        if len(custom.bands_db) != len(self.equalizer_bands_hz()):
            raise PlayerError(f"{len(custom.bands_db)} equalizer bands given, the engine has "
                              f"{len(self.equalizer_bands_hz())}")
        self.custom_equalizer = custom.clamped()
        self.equalizer = CUSTOM

    def audio_devices(self) -> list[tuple[str, str]]:
        """The sound devices the engine's audio output can play on, as (id, description), in its
        order (headphones, HDMI, a USB DAC...); [] when it cannot tell or choose."""
        return []

    def set_audio_device(self, device: str) -> None:
        """Play on ``device`` (an id from audio_devices()), the playing song too and every song after;
        "" for the system's default output. An engine that cannot choose only records it."""
        self.audio_device = device

    def crossfade_next(self, seconds: float) -> None:
        """Crossfade into the next song: the song playing plays on while the next load() and play()
        start the next one; from that play() the two cross over ``seconds`` (or what is left of the
        song playing, when less), and the song handed over sends no more events. A load() without
        it, pause() and stop() silence any song still fading out. Ignored by an engine that cannot
        play two songs at once (can_crossfade False): its next load() stops the song playing."""

    def toggle(self) -> None:
        if self.state == PlayerState.PLAYING:
            self.pause()
        else:
            self.play()

    def shutdown(self) -> None:
        """Release the engine; the player is unusable afterwards."""
        self.stop()


def clamp_volume(value: int) -> int:
    return max(0, min(100, int(value)))
