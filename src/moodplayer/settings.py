"""Every setting declared once, with its type and default. No Qt here: qt/settings_store.py saves
and loads these through QSettings.

``SETTINGS`` are the user's choices; ``STATE`` is what the app remembers between runs (window
geometry, volume, the queue, the current track).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

SETTINGS_VERSION = 1
PLAYER_ENGINES = ("vlc", "null")
THEMES = ("system", "light", "dark")  # "system": follow the desktop
# The queue saved for the next start: its first 10,000 songs (24 days of music at 3.5 minutes a song).
# Restoring checks that each file is still there, ~20 us a song on a slow CPU: 10,000 keep a restart
# well under a second, where a 100,000-song queue took seconds (and 8 MB of settings).
QUEUE_KEPT = 10_000

SETTINGS = ("music_root", "camera", "camera_enabled", "auto_redetect", "everyone_in_view", "player", "theme",
            "language_filters", "mood_mode", "songs_per_step", "lift_paths", "keep_mood_history",
            "sort_automatically", "adjust_to_me", "replay_gain", "equalizer",
            "custom_equalizer", "tray_icon", "show_remaining", "notify_song", "camera_only_to_read",
            "keep_in_tray", "audio_device", "crossfade_s", "crossfade_by_hand")
STATE = ("volume", "muted", "geometry", "splitter", "library_columns", "library_sort", "queue", "current_track",
         "position_ms", "mood")


@dataclass
class Settings:
    # -- settings: the user's choices
    music_root: str = ""  # folder holding one folder per mood; "" until chosen
    camera: str = "0"  # webcam index or a video/image file
    camera_enabled: bool = True
    camera_only_to_read: bool = False  # Mood > Open the camera only to read my mood: closed between readings
    auto_redetect: bool = True  # detect the mood again at the end of every song
    everyone_in_view: bool = False  # group mood: every face votes (else the closest face)
    player: str = "vlc"  # playback engine: "vlc" or "null"
    theme: str = "system"  # "system", "light" or "dark"
    # Per music folder, the languages its moods play: "<codes, comma-separated>\t<folder>" entries.
    language_filters: list[str] = field(default_factory=list)
    mood_mode: str = "match"  # "match", "lift-happy" or "lift-calm" (lift.py)
    songs_per_step: int = 2  # lift: songs before each step toward the target
    lift_paths: list[str] = field(default_factory=list)  # edited lift paths, "target:start>...>target"
    keep_mood_history: bool = False  # Mood > Keep mood history: detected moods kept with the time (mood_history.py)
    sort_automatically: bool = False  # Sort by mood: accept confident suggestions as they arrive
    adjust_to_me: bool = True  # apply the listener's corrections ("Not right?") to readings (calibration.py)
    replay_gain: str = "off"  # Playback > Volume levelling: "off", "track" or "album" (library/replay_gain.py)
    audio_device: str = ""  # Playback > Audio device: the engine's id of the sound device; "" for the default
    crossfade_s: int = 0  # Playback > Crossfade: seconds the next song overlaps the last; 0 for none
    crossfade_by_hand: bool = False  # Crossfade > Also when I change songs: Next, Play now, a mood chosen
    equalizer: str = ""  # Playback > Equalizer: a preset of the playback engine's, by name, "Custom"; "" for none
    custom_equalizer: str = ""  # Equalizer > Custom…: "preamp band1 band2 …" in dB (playback/equalizer.py)
    tray_icon: bool = True  # View > Show in the system tray (where the desktop has one)
    keep_in_tray: bool = False  # View > Keep playing in the tray when closed (with the tray icon shown)
    show_remaining: bool = False  # the player bar shows the time left, not the song's length (click it)
    notify_song: bool = True  # View > Notify when a song starts (while the window is not in front)
    # -- state: remembered between runs
    volume: int = 80  # 0-100
    muted: bool = False
    geometry: bytes = b""  # QMainWindow.saveGeometry()
    splitter: bytes = b""
    library_columns: bytes = b""  # the mood folders' header (QHeaderView.saveState(): the album column's width)
    library_sort: str = ""  # the mood folders' sort: a column's name, "-" before it when descending; "" by title
    queue: list[str] = field(default_factory=list)  # hand-queued file paths, in order
    current_track: str = ""
    position_ms: int = 0  # where in current_track the last run stopped: the next run resumes there
    mood: str = ""


FIELD_TYPES = {f.name: f.type for f in fields(Settings)}
