"""Playback through libvlc (python-vlc). The only module that imports vlc.

libvlc calls event callbacks on its own threads. Here they only record facts (the track reached a
length or a time) and notify the listener, which hands the event to the GUI thread; no callback
calls a libvlc function.

A corrupt file does not raise MediaPlayerEncounteredError: libvlc goes straight to Ended. So an
end reached without ever knowing a length or a time is reported as an ERROR, not as ENDED.

libvlc's own messages go to this module's logger (``<module>.libvlc``), never to the terminal.
Without a sound card or a sound server, libvlc retries ALSA many times a second and ALSA prints
each failure (~2,400 lines a minute): then the dummy output is used from the start and ``note``
says so for the status bar.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import math
import os
import re
import sys
import threading
import time
from pathlib import Path

from moodplayer.domain.paths import display_name, to_uri
from moodplayer.playback.base import Player, PlayerError, PlayerEvent, PlayerState, clamp_volume
from moodplayer.playback.equalizer import CUSTOM, CustomEqualizer

logger = logging.getLogger(__name__)

DEFAULT_ARGS = ("--no-video", "--quiet", "--no-xlib")
NO_SOUND_OUTPUT = "No sound output found (no sound card, no sound server): playing silently"

libvlc_logger = logging.getLogger(__name__ + ".libvlc")
LIBVLC_WARNING, LIBVLC_ERROR = 3, 4  # libvlc_log_level (vlc.LogLevel)
# Levelling goes through libvlc's equalizer preamp, which changes while a song plays and reaches
# every format (libvlc 3's own ReplayGain ignores FLAC's tags and is fixed when libvlc starts).
# With all bands flat the equalizer only scales, but by a quarter (-12 dB, its headroom): a preamp
# of +12 dB is the song as it is. The preamp spans -20..+20 dB, so levels of -32..+8 dB.
# An equalizer preset (libvlc's own, as VLC's menu lists them) brings its bands and its own preamp,
# below +12 dB to leave room for the bands it raises; the level is added to that preamp.
EQUALIZER_UNITY_DB = 12.0
PREAMP_RANGE_DB = (-20.0, 20.0)
# A crossfade moves both songs' volumes every 40 ms (25 steps a second: no audible steps), along
# equal-power curves (cosine out, sine in), so the sum stays as loud as one song throughout.
FADE_STEP_S = 0.04


def sound_output_problem(cards: Path = Path("/proc/asound/cards"), devices: Path = Path("/dev/snd"),
                         environ=None, runtime_dirs: list[Path] | None = None) -> str | None:
    """NO_SOUND_OUTPUT when this Linux machine has neither an ALSA card nor a PulseAudio/PipeWire
    server, else None (elsewhere, and whenever in doubt: libvlc picks its output itself)."""
    if not sys.platform.startswith("linux"):
        return None
    environ = os.environ if environ is None else environ
    if environ.get("PULSE_SERVER"):
        return None
    if runtime_dirs is None:
        runtime_dirs = [Path(environ["XDG_RUNTIME_DIR"])] if environ.get("XDG_RUNTIME_DIR") else []
        runtime_dirs += [Path(f"/run/user/{os.getuid()}"), Path("/run"), Path("/var/run")]
    servers = [folder / name for folder in runtime_dirs for name in ("pulse/native", "pipewire-0")]
    if any(server.exists() for server in servers):
        return None
    try:
        listed = re.search(r"^\s*\d+\s+\[", cards.read_text(errors="replace"), re.M) is not None
    except OSError:
        listed = False
    try:
        nodes = any(child.name.startswith("pcmC") for child in devices.iterdir())
    except OSError:
        nodes = False
    return None if listed or nodes else NO_SOUND_OUTPUT


class _LogRoute:
    """libvlc's messages into ``libvlc_logger`` instead of the terminal.

    An error is logged at WARNING the first time its text is seen, then at DEBUG (a failing audio
    output repeats the same lines many times a second); libvlc's warnings at DEBUG; its notices and
    debug messages (hundreds per song) are dropped unformatted. Called on libvlc's threads: it
    formats and logs, and calls no libvlc function.
    """

    MAX_REMEMBERED = 1000

    def __init__(self, vlc, instance):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        self._format = libc.vsnprintf
        self._format.restype = ctypes.c_int
        self._format.argtypes = (ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p)
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        # Kept on the object: libvlc holds only the function pointer.
        self.callback = vlc.CallbackDecorators.LogCb(self._on_message)
        self._instance = instance
        instance.log_set(self.callback, None)
        _ROUTES.add(self)

    def close(self) -> None:
        """Stop routing (waits for a message being logged): before the instance is released."""
        if self in _ROUTES:
            _ROUTES.discard(self)
            self._instance.log_unset()

    def _on_message(self, data, level, context, text_format, arguments) -> None:
        try:
            if level < LIBVLC_WARNING or (level < LIBVLC_ERROR and not libvlc_logger.isEnabledFor(logging.DEBUG)):
                return
            buffer = ctypes.create_string_buffer(1024)
            self._format(buffer, len(buffer), text_format, arguments)  # a va_list is read once: here
            text = buffer.value.decode("utf-8", "replace")
            first = False
            if level >= LIBVLC_ERROR:
                with self._lock:
                    first = text not in self._seen and len(self._seen) < self.MAX_REMEMBERED
                    self._seen.add(text)
            libvlc_logger.log(logging.WARNING if first else logging.DEBUG, "%s", text)
        except Exception:  # noqa: BLE001 - nothing may escape into libvlc's thread
            pass


_ROUTES: set[_LogRoute] = set()


@atexit.register
def _close_routes() -> None:
    # A player never shut down must not call into Python while the interpreter is finalizing.
    for route in list(_ROUTES):
        route.close()


def _text(value) -> str:
    """A libvlc string (bytes, str or None) as text."""
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _import_vlc():
    try:
        import vlc  # noqa: PLC0415 (imported lazily: a missing libvlc must be a message, not an ImportError)
    # python-vlc raises NotImplementedError("Cannot find libvlc lib") on Linux when VLC is not installed.
    except (ImportError, OSError, NameError, AttributeError, NotImplementedError) as error:
        raise PlayerError(f"libvlc is not available ({error}); install VLC to play music") from error
    return vlc


def _gain(fade_in: tuple[float, float] | None) -> float:
    """The share of the listener's volume a song fading in has now (a sine over the fade, ``fade_in``
    being its start and span); 1 when it is not fading in."""
    if fade_in is None:
        return 1.0
    progress = min(1.0, (time.monotonic() - fade_in[0]) / fade_in[1])
    return math.sin(progress * math.pi / 2)


class _Outgoing:
    """A song handed over for a crossfade: it plays on as it was until the next song starts
    (``start`` None), then fades out over ``span`` seconds; ``cut``: silenced at once (a skip, a pause)."""

    def __init__(self, player, span: float, gain: float = 1.0):
        self.player = player
        self.span = span
        self.gain = gain  # its share of the listener's volume when handed over: below 1 while it faded in
        self.start: float | None = None
        self.cut = False
        self.muted: bool | None = None


class VlcPlayer(Player):
    name = "vlc"
    can_crossfade = True  # each song handed over plays on its own libvlc player while it fades out

    def __init__(self, args: tuple[str, ...] | list[str] | None = None, aout: str | None = None):
        super().__init__()
        vlc = self._vlc = _import_vlc()
        arguments = list(args if args is not None else DEFAULT_ARGS)
        self.note = ""  # one line for the status bar (no sound output: playing silently)
        if not aout and not any(argument.startswith("--aout") for argument in arguments):
            problem = sound_output_problem()
            if problem:
                aout, self.note = "dummy", problem
                logger.info("%s: libvlc's dummy audio output", problem)
        self.audio_output = aout or "default"
        if aout:
            arguments.append(f"--aout={aout}")
        try:
            self._instance = vlc.Instance(arguments)
        except (NameError, OSError, AttributeError) as error:
            raise PlayerError(f"libvlc cannot start: {error}") from error
        if self._instance is None:
            raise PlayerError("libvlc cannot start (no plugins found?); install VLC to play music")
        self._log_route = _LogRoute(vlc, self._instance)
        self._player = self._instance.media_player_new()
        self._crossfade_s = 0.0  # crossfade_next(): consumed by the next load()
        self._fresh_player = False  # self._player was made for a crossfade and has had no media yet
        # Crossfades. The fader thread moves the volumes and releases the songs handed over; the GUI
        # thread only adds or marks them. Under _fade_lock: _outgoing, _fade_in, _fade_span, _closing
        # and which libvlc player is self._player.
        self._fade_lock = threading.Lock()
        self._outgoing: list[_Outgoing] = []
        self._fade_span = 0.0  # the crossfade the next play() starts (a song was handed over)
        self._fade_in: tuple[float, float] | None = None  # (start, span) of the current song's fade-in
        self._fader: threading.Thread | None = None
        self._fader_wake = threading.Event()
        self._closing = False
        self._path: Path | None = None
        self._volume = 100
        self._muted = False
        self._equalized = False  # an equalizer (a preset, levelling or both) is set on the player
        self._presets: tuple[str, ...] | None = None  # libvlc's equalizer presets, read once
        self._device_chosen = False  # a sound device was chosen in this run (set_audio_device)
        self._output_module = ""  # _device_module()'s answer, once found
        self._start = 0.0  # seconds: where the next play() from stopped starts (a seek while stopped)
        self._media_start = 0.0  # the start point baked into the current media (0: none)
        # Written by libvlc's event thread, read by the GUI thread.
        self._lock = threading.Lock()
        self._saw_length = False
        self._ended = False
        self._events(self._player, attach=True)

    _EVENTS = ("MediaPlayerEndReached", "MediaPlayerEncounteredError", "MediaPlayerLengthChanged",
               "MediaPlayerTimeChanged")

    def _events(self, player, attach: bool) -> None:
        manager, events = player.event_manager(), self._vlc.EventType
        handlers = (self._on_end_reached, self._on_error, self._on_length, self._on_time)
        for name, handler in zip(self._EVENTS, handlers, strict=True):
            if attach:
                manager.event_attach(getattr(events, name), handler)
            else:
                manager.event_detach(getattr(events, name))

    # -- libvlc event thread: record and notify only ----------------------------------------
    def _on_length(self, event) -> None:
        if event.u.new_length > 0:
            with self._lock:
                self._saw_length = True

    def _on_time(self, event) -> None:
        if event.u.new_time > 0:
            with self._lock:
                self._saw_length = True

    def _on_end_reached(self, event) -> None:
        with self._lock:
            self._ended = True
            played = self._saw_length
            path = self._path
        if played:
            self._notify(PlayerEvent.ENDED, path)
        else:
            self._notify(PlayerEvent.ERROR, path, "not a playable audio file")

    def _on_error(self, event) -> None:
        with self._lock:
            self._ended = True
            path = self._path
        self._notify(PlayerEvent.ERROR, path, "libvlc could not play it")

    # -- GUI thread -------------------------------------------------------------------------
    def load(self, path: Path) -> None:
        if self._instance is None:
            raise PlayerError("the player has been shut down")
        path = Path(path)
        if not path.is_file():
            raise PlayerError(f"{display_name(path)}: file not found")
        seconds, self._crossfade_s = self._crossfade_s, 0.0
        if seconds > 0 and self.state == PlayerState.PLAYING:
            self._hand_over(seconds)
        else:
            self._cut_crossfade()
        self._set_media(path)
        self._start = 0.0

    # -- crossfade ------------------------------------------------------------------------------
    def crossfade_next(self, seconds: float) -> None:
        self._crossfade_s = max(0.0, float(seconds))

    def _hand_over(self, seconds: float) -> None:
        """The song playing moves to the outgoing ones (it plays on; its events are no longer ours)
        and a fresh libvlc player, with the same sound settings, takes the next song."""
        old = self._player
        self._events(old, attach=False)
        length, played = old.get_length(), old.get_time()
        left = (length - played) / 1000.0 if length > 0 and played >= 0 else seconds
        span = max(FADE_STEP_S, min(seconds, left))  # both curves end with the song handed over
        new = self._instance.media_player_new()
        self._events(new, attach=True)
        with self._fade_lock:
            # A song changed while it still faded in (Next twice in a row, crossing by hand) fades
            # out from where it was, not from full volume.
            self._outgoing.append(_Outgoing(old, span, _gain(self._fade_in)))
            self._player, self._fade_span, self._fade_in = new, span, None
        self._fresh_player = True
        self._equalized = False
        self._apply_equalizer()  # the levelling of the next song follows with set_level()
        new.audio_set_mute(self._muted)
        if self._fader is None:
            self._fader = threading.Thread(target=self._fade, name="crossfade", daemon=True)
            self._fader.start()
        self._fader_wake.set()

    def _cut_crossfade(self) -> None:
        """Silence the songs still fading out (the fader stops them within a step) and end a fade-in."""
        with self._fade_lock:
            for outgoing in self._outgoing:
                outgoing.cut = True
            fading_in, self._fade_in, self._fade_span = self._fade_in, None, 0.0
        if fading_in is not None and self._player is not None:
            self._player.audio_set_volume(self._volume)
        self._fader_wake.set()

    def _start_crossfade(self) -> None:
        """play() of the song after a hand-over: the songs handed over start fading out, it fades in."""
        with self._fade_lock:
            if not self._fade_span:
                return
            now = time.monotonic()
            self._fade_in, self._fade_span = (now, self._fade_span), 0.0
            for outgoing in self._outgoing:
                if outgoing.start is None:
                    outgoing.start = now
        self._fader_wake.set()

    def crossfade_levels(self) -> tuple[list[tuple[int, bool]], int]:
        """What libvlc plays at now: (volume, muted) of each song still fading out, oldest first, and
        the current song's volume (for the log and the tests)."""
        with self._fade_lock:
            return ([(song.player.audio_get_volume(), bool(song.player.audio_get_mute())) for song in self._outgoing],
                    self._player.audio_get_volume() if self._player is not None else 0)

    def _volume_now(self) -> int:
        """The current song's libvlc volume: the listener's, times its fade-in while one runs."""
        return round(self._volume * _gain(self._fade_in))

    def _fade(self) -> None:
        """The fader thread: every FADE_STEP_S, each song handed over follows the listener's volume
        and mute (faded out along a cosine once the next song plays) until it ends or is cut, then is
        stopped and released here; the current song's fade-in follows a sine. Idle without fades."""
        ended = (self._vlc.State.Ended, self._vlc.State.Stopped, self._vlc.State.Error)
        while True:
            with self._fade_lock:
                if self._closing:
                    return
                outgoing, fade_in, current = list(self._outgoing), self._fade_in, self._player
            if not outgoing and fade_in is None:
                self._fader_wake.wait()
                self._fader_wake.clear()
                continue
            now = time.monotonic()
            for song in outgoing:
                progress = 0.0 if song.start is None else (now - song.start) / song.span
                if song.cut or progress >= 1.0 or song.player.get_state() in ended:
                    with self._fade_lock:
                        self._outgoing.remove(song)
                    song.player.stop()
                    song.player.release()
                    continue
                song.player.audio_set_volume(round(self._volume * song.gain * math.cos(progress * math.pi / 2)))
                if song.muted != self._muted:
                    song.muted = self._muted
                    song.player.audio_set_mute(self._muted)
            if fade_in is not None and current is not None:
                done = now - fade_in[0] >= fade_in[1]
                if done:
                    with self._fade_lock:
                        if self._fade_in is fade_in:
                            self._fade_in = None
                current.audio_set_volume(self._volume_now())
            self._fader_wake.wait(FADE_STEP_S)
            self._fader_wake.clear()

    def _set_media(self, path: Path, start: float = 0.0) -> None:
        # A file:// URI of the path's bytes: media_new_path() encodes to UTF-8 and fails on (or
        # mangles) a name that is not valid UTF-8.
        media = self._instance.media_new(to_uri(path))
        if media is None:
            raise PlayerError(f"{display_name(path)}: libvlc cannot open it")
        if start > 0:
            media.add_option(f":start-time={start:.3f}")
        if self._fresh_player:
            # A crossfade's next song: libvlc's stop() would also drop the player's audio output,
            # and the fade-in's first, silent volume with it (the song's start would blare).
            self._fresh_player = False
        else:
            self._player.stop()
        with self._lock:
            self._path, self._saw_length, self._ended = path, False, False
        self._player.set_media(media)
        self._media_start = start
        media.release()  # the player holds its own reference

    def play(self) -> None:
        if self._path is None:
            return
        state = self.state
        if state == PlayerState.PAUSED:
            self._player.set_pause(0)
            return
        if self._start != self._media_start:
            # libvlc ignores a seek before playback: a start point chosen while stopped (or one
            # left in the media by the last such start) goes in, or out, with the media itself.
            self._set_media(self._path, self._start)
        elif state in (PlayerState.ENDED, PlayerState.ERROR):
            self._player.stop()
            with self._lock:
                self._saw_length, self._ended = False, False
        self._start = 0.0
        self._apply_device()
        self._start_crossfade()
        self._player.audio_set_volume(self._volume_now())
        if self._player.play() == -1:
            self._notify(PlayerEvent.ERROR, self._path, "libvlc could not start playback")
            return
        self._apply_audio()

    def set_level(self, db: float) -> None:
        super().set_level(db)
        self._apply_equalizer()

    def equalizer_presets(self) -> tuple[str, ...]:
        if self._presets is None:
            vlc = self._vlc
            names = (vlc.libvlc_audio_equalizer_get_preset_name(index)
                     for index in range(vlc.libvlc_audio_equalizer_get_preset_count()))
            self._presets = tuple(map(_text, names))
        return self._presets

    def set_equalizer(self, preset: str) -> None:
        super().set_equalizer(preset)
        self._apply_equalizer()

    def equalizer_bands_hz(self) -> tuple[float, ...]:
        vlc = self._vlc
        return tuple(float(vlc.libvlc_audio_equalizer_get_band_frequency(index))
                     for index in range(vlc.libvlc_audio_equalizer_get_band_count()))

    def preset_equalizer(self, preset: str) -> CustomEqualizer:
        if preset not in self.equalizer_presets():
            return super().preset_equalizer(preset)
        equalizer = self._vlc.libvlc_audio_equalizer_new_from_preset(self.equalizer_presets().index(preset))
        try:
            # libvlc keeps float32s (4.800000190734863): a tenth of a dB is what a slider shows.
            return CustomEqualizer(round(equalizer.get_preamp() - EQUALIZER_UNITY_DB, 1),
                                   tuple(round(equalizer.get_amp_at_index(band), 1)
                                         for band in range(len(self.equalizer_bands_hz()))))
        finally:
            equalizer.release()

    def set_custom_equalizer(self, custom: CustomEqualizer) -> None:
        super().set_custom_equalizer(custom)
        self._apply_equalizer()

    def _apply_equalizer(self) -> None:
        """The preset's (or the custom) bands, and its preamp plus the song's level; nothing at all
        when neither is set."""
        if self._player is None:
            return
        if not self.equalizer and self.level_db == 0.0:
            if self._equalized:  # nothing in the signal path (with neither chosen: never was)
                self._player.set_equalizer(None)
                self._equalized = False
            return
        if self.equalizer == CUSTOM:
            equalizer = self._vlc.AudioEqualizer()
            for band, gain in enumerate(self.custom_equalizer.bands_db):
                equalizer.set_amp_at_index(gain, band)
            preamp = EQUALIZER_UNITY_DB + self.custom_equalizer.preamp_db
        elif self.equalizer:
            equalizer = self._vlc.libvlc_audio_equalizer_new_from_preset(
                self.equalizer_presets().index(self.equalizer))
            preamp = equalizer.get_preamp()
        else:
            equalizer, preamp = self._vlc.AudioEqualizer(), EQUALIZER_UNITY_DB
        low, high = PREAMP_RANGE_DB
        equalizer.set_preamp(min(high, max(low, preamp + self.level_db)))
        self._player.set_equalizer(equalizer)  # libvlc copies the settings
        equalizer.release()
        self._equalized = True

    def _device_module(self) -> str:
        """The audio output module whose devices are chosen from: the one asked for, else the one
        libvlc picks itself (PulseAudio's, also PipeWire's, where a sound server runs, else ALSA).
        Found once (each song's play() asks), or asked again while none lists a device."""
        if not self._output_module:
            if self.audio_output != "default":
                self._output_module = self.audio_output
            else:
                self._output_module = next((module for module in ("pulse", "alsa") if self._module_devices(module)), "")
        return self._output_module

    def _module_devices(self, module: str) -> list[tuple[str, str]]:
        devices, listed = [], self._vlc.libvlc_audio_output_device_list_get(self._instance, module.encode())
        entry = listed
        while entry:
            device, description = entry.contents.device, entry.contents.description
            devices.append((_text(device), _text(description) or _text(device)))
            entry = entry.contents.next
        if listed:
            self._vlc.libvlc_audio_output_device_list_release(listed)
        return devices

    def audio_devices(self) -> list[tuple[str, str]]:
        module = self._device_module() if self._instance is not None else ""
        return self._module_devices(module) if module else []

    def set_audio_device(self, device: str) -> None:
        self._device_chosen = self._device_chosen or bool(device)
        super().set_audio_device(device)
        self._apply_device()

    def _apply_device(self) -> None:
        # Both ways, measured with libvlc 3.0.24: set for the running output (module NULL) it moves
        # the song playing at once, and serves a player's first output, but is lost at the next
        # stop, so at the next song (python-vlc #221, vlcj #1119); set for the output module, every
        # output made after a stop has it. "": the default output.
        if self._player is None or not self._device_chosen:
            return  # never chosen: libvlc's own default, untouched
        module = self._device_module()
        if module:
            self._player.audio_output_device_set(module, self.audio_device)
            self._player.audio_output_device_set(None, self.audio_device)

    def audio_device_in_use(self) -> str:
        """The device libvlc's output plays on now ("" before a song or for the default)."""
        return _text(self._player.audio_output_device_get()) if self._player is not None else ""

    def _apply_audio(self) -> None:
        # libvlc ignores volume changes until its audio output exists; set them again on play.
        self._player.audio_set_volume(self._volume_now())
        self._player.audio_set_mute(self._muted)

    def pause(self) -> None:
        self._crossfade_s = 0.0
        self._cut_crossfade()  # a pause is silence: the song fading out goes too
        if self.state == PlayerState.PLAYING:
            self._player.set_pause(1)

    def stop(self) -> None:
        self._crossfade_s = 0.0
        self._cut_crossfade()
        self._player.stop()
        self._start = 0.0  # a stopped song starts again from the top

    @property
    def state(self) -> PlayerState:
        vlc = self._vlc
        state = self._player.get_state()
        if state == vlc.State.Paused:
            return PlayerState.PAUSED
        if state in (vlc.State.Playing, vlc.State.Opening, vlc.State.Buffering):
            return PlayerState.PLAYING
        if state == vlc.State.Ended:
            return PlayerState.ENDED
        if state == vlc.State.Error:
            return PlayerState.ERROR
        return PlayerState.STOPPED

    @property
    def position(self) -> float:
        if self._start and self.state == PlayerState.STOPPED:
            return self._start
        milliseconds = self._player.get_time()
        return max(0.0, milliseconds / 1000.0) if milliseconds and milliseconds > 0 else 0.0

    def seek(self, seconds: float) -> None:
        """While playing or paused, at once; while stopped, where the next play() starts."""
        if self._path is None:
            return
        duration = self.duration
        target = max(0.0, float(seconds))
        if duration:
            target = min(target, max(0.0, duration - 0.05))
        if self.state == PlayerState.STOPPED:
            self._start = target
            return
        self._player.set_time(int(target * 1000))

    @property
    def duration(self) -> float | None:
        milliseconds = self._player.get_length()
        return milliseconds / 1000.0 if milliseconds and milliseconds > 0 else None

    @property
    def volume(self) -> int:
        return self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        self._volume = clamp_volume(value)  # songs fading out follow it at the fader's next step
        self._player.audio_set_volume(self._volume_now())

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)
        self._player.audio_set_mute(self._muted)

    @property
    def current(self) -> Path | None:
        return self._path

    def shutdown(self) -> None:
        self.set_listener(None)
        with self._fade_lock:
            self._closing = True
            outgoing, self._outgoing = self._outgoing, []
        self._fader_wake.set()
        if self._fader is not None:
            self._fader.join(5.0)  # at most one step and a libvlc stop()
        for song in outgoing:
            song.player.stop()
            song.player.release()
        player, self._player = self._player, None
        if player is not None:
            player.stop()
            player.release()
        instance, self._instance = self._instance, None
        if instance is not None:
            self._log_route.close()
            instance.release()
