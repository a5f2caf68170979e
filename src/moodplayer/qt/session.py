"""PlaybackSession: the app's behaviour in one place, on the GUI thread.

mood (detected or picked) -> tracks of that mood's folder, shuffled -> play -> at the end of the
song: detect again (when auto re-detection is on) -> next track (hand queue first). Which track
is next_song.py's decision (a pure policy): the session asks it and plays the answer.
Every bad input becomes a message and a recovered state: skip to the next track, or ask for the
music folder.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from stat import S_ISDIR

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from moodplayer.demo import demo_music_root, has_songs
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import display_name, from_text, readable, to_text
from moodplayer.lift import MODES, MoodJourney, parse_path
from moodplayer.library.languages import UNTAGGED, LanguageFilter, count_languages, language_name
from moodplayer.library.taste import SKIP_WINDOW_S, TasteStore
from moodplayer.library.scanner import ensure_mood_folders
from moodplayer.library.tags import TagReadError, read_tags
from moodplayer.library.track import Track, album_position
from moodplayer.next_song import NextSong, lift_step, mood_to_play, next_song, songs_left
from moodplayer.playback.base import PlayerError, PlayerState
from moodplayer.qt.camera_worker import CAMERA_OFF
from moodplayer.qt.library_scan import LibraryScanner
from moodplayer.qt.folder_edits import MoodFolderEdits
from moodplayer.qt.personal_calibration import PersonalCalibration
from moodplayer.qt.player_adapter import QtPlayer
from moodplayer.qt.sleep_timer import SleepTimer, describe_minutes
from moodplayer.selection import PlayQueue
from moodplayer.settings import QUEUE_KEPT, Settings

logger = logging.getLogger(__name__)

RESCAN_DELAY_MS = 1000  # quiet time after the last file-system notification before a re-scan
RESCAN_MAX_WAIT_MS = 5000  # ...but during a long burst (copying albums in) re-scan at least this often
REDETECT_TIMEOUT_MS = 20000  # at a song's end, play on even if detection has not answered
# Camera only to read: the webcam opens this long before a song's end, so it has settled (about 1 s)
# when the reading at the end is asked for; the next song starts as soon after as with a live camera.
OPEN_BEFORE_END_S = 3.0
# Playback > Crossfade: how many seconds the next song overlaps the end of the last (0: none).
CROSSFADE_CHOICES_S = (0, 2, 4, 6, 10)
# A song shorter than this many crossfades (an interlude, a jingle) plays to its end: most of it
# would be spent fading.
CROSSFADE_MIN_SONG = 3
MAX_SKIPS = 50  # unplayable tracks skipped in a row before giving up
RESUME_END_MARGIN_S = 5.0  # a song stopped this close to its end is restored from the top


def _identity(folder: Path | None) -> tuple[int, int] | None:
    """(device, inode) of ``folder``, None when it is not a folder (gone, moved away, not mounted)."""
    try:
        stat = folder.stat() if folder is not None else None
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino) if stat is not None and S_ISDIR(stat.st_mode) else None


class DetectionState:
    LOADING = "loading"  # the model is loading
    READY = "ready"
    RUNNING = "running"
    RESULT = "result"
    UNSURE = "unsure"  # a reading at a song's end too unsure to change the mood (MoodResult.unsure): kept
    NO_FACE = "no_face"
    CAMERA_UNAVAILABLE = "camera_unavailable"
    MODEL_ERROR = "model_error"


class PlaybackSession(QObject):
    library_changed = Signal()
    queue_changed = Signal()
    mood_changed = Signal(str, str)  # mood, "detected" | "picked" | "restored" | "lift" (a step toward a target)
    journey_changed = Signal(str)  # where "match" / "lift my mood" stands, in words
    track_changed = Signal(object)  # Track or None
    detection_state = Signal(str, object)  # DetectionState, MoodResult or message
    message = Signal(str, str)  # "info" | "warning" | "error", text
    music_root_problem = Signal(str)  # why the music folder needs choosing ("" when fine)
    tracks_added = Signal(object)  # list[Track] found by the first scan of a folder, as they are found
    scan_progress = Signal(bool, int)  # scanning?, songs found so far
    corrected = Signal(str)  # a correction was kept or taken back: what changed, in words ("Thanks: …")
    files_imported = Signal(str, object)  # mood, ImportReport: a drop's copies are done (run on the pool)
    stop_after_changed = Signal(bool)  # "Stop after this song" turned on or off
    repeat_changed = Signal(bool)  # "Repeat this song" turned on or off

    def __init__(self, player: QtPlayer, settings: Settings, camera=None, pool=None, rng=None, parent=None,
                 taste: TasteStore | None = None, personal: PersonalCalibration | None = None):
        super().__init__(parent)
        self.player = player
        self.settings = settings
        self.camera = camera  # CameraThread or None (camera off)
        self.pool = pool
        self.queue = PlayQueue(rng)
        self.library: dict[str, list[Track]] = {mood: [] for mood in EMOTIONS}
        self.mood: str | None = settings.mood or None
        self.mood_before: str | None = None
        self.mood_source = "restored" if self.mood else ""  # how the mood was last told: detected, picked...
        self.taste = taste or TasteStore()  # likes and skips (in memory unless the app gives a file)
        # Once, when the file cannot be saved to any more; posted, so it follows the caller's "Noted: ...".
        self.taste.on_problem = lambda text: QTimer.singleShot(0, self, lambda: self.message.emit("warning", text))
        # The listener's corrections (qt/personal_calibration.py), in memory unless the app gives a file.
        self.personal = personal or PersonalCalibration(enabled=settings.adjust_to_me, parent=self)
        self.personal.store.on_problem = lambda text: QTimer.singleShot(
            0, self, lambda: self.message.emit("warning", text))
        self.personal.changed.connect(self._push_calibration)
        self.last_reading = None  # the last detection of one face, which "Not right?" corrects
        self._playing_for: str | None = None  # the mood the current song was chosen for
        self.played: list[tuple[float, Path, str | None]] = []  # (time, song, mood it played for)
        self.journey = MoodJourney(settings.mood_mode if settings.mood_mode in MODES else "match",
                                   songs_per_step=max(1, settings.songs_per_step))
        for problem in self.journey.paths_from_text(settings.lift_paths):
            logger.warning("Ignoring a saved lift path: %s", problem)
        self.current: Track | None = None
        self.current_origin = ""
        self.model_ready = False
        self.model_error = ""
        self.camera_message = ""
        self.root_problem = ""  # the last thing said about the music folder ("" when fine)
        self.demo_root: Path | None = None  # the demo library, played while the user has no songs (demo.py)
        self._detecting: int | None = None  # id of the running detection
        self._advance_after_detection = False
        self._user_actions = 0  # playback choices of the listener's (next, play now, pick a mood...)
        self._detection_action = 0  # the count when the running detection started
        self._detection_asked = False  # the listener asked for the running detection (not only a song's end)
        self._skips = 0
        self.scanning = False
        self.closed = False  # shut down: no more scans, timers or playback
        self._scan_generation = 0
        self._scan_root: Path | None = None
        self._shown_root: Path | None = None  # the folder self.library was read from
        self._roots_seen: set[Path] = set()  # music folders found in this run (so "gone" can be told apart)
        self._found = 0
        self._progressive = False  # this scan's songs are added to the library as they are found
        self.folder_edits = MoodFolderEdits(self)  # copy in, move between moods, trash (qt/folder_edits.py)
        self.scanner = LibraryScanner(self)
        self.scanner.tracks_found.connect(self._on_tracks_found)
        self.scanner.finished.connect(self._scan_done)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_folder_changed)
        # The watched folder holding the music folder (its parent, or the nearest that exists), that
        # folder, and its (device, inode) when watched (None: it was not there).
        self._anchor = ""
        self._anchored: Path | None = None
        self._root_identity: tuple[int, int] | None = None
        self._rescan_timer = QTimer(self, singleShot=True, interval=RESCAN_DELAY_MS)
        self._rescan_timer.timeout.connect(self.rescan)
        self._first_change: float | None = None  # monotonic time of the first change not yet scanned
        self._redetect_timer = QTimer(self, singleShot=True, interval=REDETECT_TIMEOUT_MS)
        self._redetect_timer.timeout.connect(self._redetect_timed_out)
        self.stop_after_song = False  # stop when the song playing ends, then turn this off
        self.repeat_song = False  # play the song again at its end, until turned off (not kept between runs)
        self._stop_after_reason = ""  # "" (asked from the menu) or "sleep" (the sleep timer's)
        self._stopped_after_song = False  # stopped at a song's end: Play goes on with the next song
        self.sleep_timer = SleepTimer(self)
        self.sleep_timer.expired.connect(self._sleep_time_up)
        player.ended.connect(self._on_track_ended)
        player.position_changed.connect(self._near_the_end)
        self._songs_started = 0  # counts _start(): the camera is opened ahead once per song
        self._camera_opened_for = -1
        # Crossfade: a song's end is handled when its crossfade begins, a few seconds before libvlc's
        # end; each marker holds the _songs_started of the song it concerns.
        self._crossfade_began_for = -1  # its crossfade began (never twice for one song)
        self._end_handled_for = -1  # its end was handled early: libvlc's ENDED for it is ignored
        self._end_counted_for = -1  # its full play taught the taste and stepped the lift path
        player.failed.connect(self._on_track_failed)
        if camera is not None:
            camera.detection_finished.connect(self._on_detection_finished)
            camera.detection_failed.connect(self._on_detection_failed)
            camera.status_changed.connect(self._on_camera_status)
        else:
            self.camera_message = "Camera off"

    # -- the music folder -----------------------------------------------------------------
    @property
    def music_root(self) -> Path | None:
        """The folder being played: the demo library in demo mode, else the user's folder."""
        if self.demo_root is not None:
            return self.demo_root
        return self.user_root

    @property
    def user_root(self) -> Path | None:
        """The music folder the user chose (kept in the settings), demo mode or not."""
        return Path(self.settings.music_root) if self.settings.music_root else None

    def start_demo(self, demo_root: Path, sync: bool = False) -> None:
        """Play the demo library (read-only) until the user chooses a folder or adds songs."""
        user = self.user_root
        if user is not None and user.is_dir():
            try:
                ensure_mood_folders(user)
            except OSError as error:
                logger.warning("Cannot create the mood folders in %r: %s", str(user), error)
        self.demo_root = Path(demo_root)
        self.queue.bag.reset()
        self.rescan(sync=sync)

    def set_music_root(self, path: str | Path | None, sync: bool = False) -> None:
        self.demo_root = None  # the user's own choice ends demo mode
        self.settings.music_root = str(path) if path else ""
        self.queue.bag.reset()
        root = self.music_root
        if root is not None and root.is_dir():
            try:
                ensure_mood_folders(root)
            except OSError as error:
                self.message.emit("warning", f"Cannot create the mood folders in {root}: {error.strerror}")
        self.rescan(sync=sync)

    def _watch(self, root: Path | None, folders: list[Path]) -> None:
        """Watch the folders the scan walked, and the music folder's parent (to notice it moved away
        and came back). Only the difference is applied: a large library has many album folders."""
        wanted: set[str] = {str(f) for f in folders}
        self._anchor, self._anchored, self._root_identity = "", None, None
        if root is not None:
            anchor = root.parent
            while not anchor.is_dir() and anchor != anchor.parent:
                anchor = anchor.parent  # the nearest folder that still exists
            if str(anchor) not in wanted:
                self._anchor, self._anchored, self._root_identity = str(anchor), root, _identity(root)
            wanted.add(str(anchor))
        watched = set(self._watcher.directories())
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    def set_root_problem(self, text: str) -> None:
        """What the music folder needs, for the window ("" when it is fine)."""
        self.root_problem = text
        self.music_root_problem.emit(text)

    def _on_folder_changed(self, path: str) -> None:
        if path == self._anchor and _identity(self._anchored) == self._root_identity:
            # Something beside the music folder changed (a settings or cache file kept in its parent),
            # not the music folder itself: nothing to read again.
            return
        self._schedule_rescan(path)

    def _schedule_rescan(self, *_args) -> None:
        # Coalesce a burst of changes into one scan: wait for a quiet second, but not forever.
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
        if (now - self._first_change) * 1000 < RESCAN_MAX_WAIT_MS or not self._rescan_timer.isActive():
            self._rescan_timer.start()

    def rescan(self, sync: bool = False) -> None:
        """Read the mood folders again on the scan thread (``sync``: on this thread, for scripts and tests).

        The newest scan wins: one still running is cancelled. Unchanged files are not read again.
        """
        self._rescan_timer.stop()
        self._first_change = None
        if self.closed:
            return
        if self.demo_root is not None and has_songs(self.user_root, (self.mood,) if self.mood else EMOTIONS):
            # Songs arrived in the user's folder for the mood being played: the demo is over. Until
            # then the demo plays on (a first song in "happy" must not silence a "sad" listener).
            self.demo_root = None
        root = self.music_root
        self._scan_root = root
        if root != self._shown_root:
            # Another folder: start from an empty list, and show its songs as they are found.
            self._shown_root = root
            self.library = {mood: [] for mood in EMOTIONS}
            self.library_changed.emit()
            self._progressive = True
        self._found = 0
        self.scanning = True
        self.scan_progress.emit(True, 0)
        # Known before the scan starts: a synchronous scan reports before start() returns.
        self._scan_generation = self.scanner.generation + 1
        self.scanner.start(root, sync=sync)

    def _on_tracks_found(self, generation: int, tracks: list[Track]) -> None:
        if generation != self._scan_generation:
            return
        self._found += len(tracks)
        if self._progressive:
            # The first scan of this folder: the songs are playable and shown as they arrive.
            for track in tracks:
                self.library[track.mood].append(track)
            self.tracks_added.emit(tracks)
        self.scan_progress.emit(True, self._found)

    def _scan_done(self, generation: int, result, error) -> None:
        if generation != self._scan_generation:
            return  # a newer scan is on its way
        if self.folder_edits.edited_during_scan and error is None:
            # This read began before our own edit (songs dropped as demo mode ended) and may not
            # see it: read again rather than show a library without them, and its folders unwatched.
            self.folder_edits.edited_during_scan = False
            self._progressive = False
            self.rescan()
            return
        root = self._scan_root
        self.scanning = False
        self._progressive = False
        if error is not None:
            logger.error("Scanning %r failed: %s", str(root), error)
            result = None
        self.library = result.library if result is not None else {mood: [] for mood in EMOTIONS}
        if self.current is not None:
            # The playing song as the scan read it (its mood, new tags), if it is still there.
            self.current = self.find_track(self.current.path) or self.current
        self._watch(root, result.folders if result is not None else [])
        if root is not None and root.is_dir():
            self._roots_seen.add(root)
        if result is not None:
            logger.info("Scanned %r: %d files read, %d unchanged", str(root), result.files_read, result.files_reused)
        if root is None:
            self.set_root_problem("No music folder chosen yet.")
        elif not root.is_dir() and root in self._roots_seen:
            self.set_root_problem(f"The music folder {readable(root)} is gone (moved, renamed or unmounted?). "
                                  "Choose it again, or put it back.")
        elif root.exists() and not root.is_dir():  # e.g. --music pointed at a song or a playlist
            self.set_root_problem(f"The music folder {readable(root)} is a file, not a folder. "
                                  "Choose the folder that holds your mood folders.")
        elif not root.is_dir():
            self.set_root_problem(f"The music folder {readable(root)} does not exist.")
        elif not any(self.library.values()):
            self.set_root_problem(f"The music folder {readable(root)} has no songs in its mood folders yet.")
        else:
            self.set_root_problem("")
        self.library_changed.emit()
        self.scan_progress.emit(False, sum(map(len, self.library.values())))

    def shutdown(self) -> None:
        """Stop every timer and the scan before the player is released (nothing may call it after)."""
        self.closed = True
        self._rescan_timer.stop()
        self._redetect_timer.stop()
        self.sleep_timer.cancel()
        self._advance_after_detection = False
        self._watcher.blockSignals(True)
        self.scanner.shutdown()

    def tracks(self, mood: str) -> list[Track]:
        return self.library.get(mood, [])

    def find_track(self, path: Path) -> Track | None:
        for tracks in self.library.values():
            for track in tracks:
                if track.path == path:
                    return track
        return None

    def album_songs(self, path: Path) -> list[Path]:
        """The library's songs of ``path``'s album (Track.album_key: the album tag, and the album
        artist or else the artist), in its order, in any mood folder. Empty for a song without an
        album tag."""
        track = self.find_track(path)
        if track is None or track.album_key is None:
            return []
        songs = [t for tracks in self.library.values() for t in tracks if t.album_key == track.album_key]
        return [t.path for t in sorted(songs, key=lambda t: (*album_position(t), t.display_title, str(t.path)))]

    # -- languages ----------------------------------------------------------------------------
    @property
    def language_filter(self) -> LanguageFilter:
        """The languages the current music folder's moods play (remembered per folder)."""
        key = to_text(self.music_root) if self.music_root else ""
        for entry in self.settings.language_filters:
            codes, _, folder = entry.partition("\t")
            if folder == key:
                return LanguageFilter.from_text(codes)
        return LanguageFilter()

    def set_language_filter(self, languages: LanguageFilter) -> None:
        key = to_text(self.music_root) if self.music_root else ""
        entries = [e for e in self.settings.language_filters if e.partition("\t")[2] != key]
        if languages.active:
            entries.append(f"{languages.to_text()}\t{key}")
        self.settings.language_filters = entries
        self.queue.bag.reset()
        if languages.active:
            names = ", ".join(language_name(c) for c in sorted(languages.languages) if c != UNTAGGED)
            untagged = " and songs without a language tag" if UNTAGGED in languages.languages else ""
            self.message.emit("info", f"Playing only {names or 'no tagged'} songs{untagged} from the mood folders.")
        else:
            self.message.emit("info", "Playing songs in every language.")
        self.queue_changed.emit()

    def languages_in_library(self) -> dict[str, int]:
        return count_languages(t.languages for tracks in self.library.values() for t in tracks)

    # -- mood -------------------------------------------------------------------------------
    def pick_mood(self, mood: str) -> None:
        """The listener chose a mood by hand: works at any time, camera or not. It wins over a
        detection still running (its answer is dropped: the camera does not overrule the listener)."""
        self._user_acted()
        if self._detecting is not None:
            self._detecting = None
            self.detection_state.emit(DetectionState.READY, None)
        self._set_mood(mood, "picked")

    def _set_mood(self, mood: str, source: str) -> None:
        changed = self._take_mood(mood, source) != self.mood_before
        self.queue_changed.emit()
        playing = self.player.state in (PlayerState.PLAYING, PlayerState.PAUSED)
        if not playing or self.current is None:
            self.advance()
        elif changed and self.current_origin != "queue":
            # A song picked for the old mood gives way to the new mood at once.
            self._cross_by_hand()
            self.advance()

    def _take_mood(self, mood: str, source: str) -> str:
        """A detected or picked mood: the mood to play follows it (matched, or lifted from it)."""
        self.mood_before = self.mood
        self.mood_source = source
        self.mood = self.settings.mood = mood_to_play(self.journey, mood, source)
        self.mood_changed.emit(self.mood, source if self.mood == mood else "lift")
        self.journey_changed.emit(self.journey.describe())
        return self.mood

    def set_mood_mode(self, mode: str) -> None:
        """Match my mood, or lift it toward happy or calm; the song playing now plays on."""
        self.journey.mode = self.settings.mood_mode = mode if mode in MODES else "match"
        self.journey.path = ()
        if self.mood:
            self._take_mood(self.mood, self.mood_source or "picked")  # still detected, picked or from last time
            self.queue_changed.emit()
        else:
            self.journey_changed.emit(self.journey.describe())

    def set_lift_path(self, start: str, text: str) -> None:
        """Edit the path from ``start`` toward the current target; ValueError when it is not a path."""
        target = self.journey.target or "happy"
        self.journey.set_path(start, parse_path(text), target)
        self.settings.lift_paths = self.journey.paths_to_text()
        self.journey_changed.emit(self.journey.describe())

    def set_model(self, classifier, error: BaseException | None) -> None:
        """The emotion model finished loading (on the pool) - or failed to."""
        if error is not None:
            self.model_ready = False
            self.model_error = str(error)
            self.detection_state.emit(DetectionState.MODEL_ERROR, f"Mood detection is unavailable: {error}")
            return
        self.model_ready = True
        try:
            model = str(getattr(classifier, "sha256", "") or "")
        except MoodPlayerError as problem:  # the file went away after loading: no corrections this run
            logger.warning("No model identity, so no personal adjustment: %s", problem)
            model = ""
        note = self.personal.set_model(model)
        if self.camera is not None:
            self.camera.set_classifier(classifier)
        if note:
            self.message.emit("info", note)
        self.detection_state.emit(DetectionState.READY, None)

    # -- personal calibration ("Not right?") ------------------------------------------------
    def _push_calibration(self) -> None:
        """The camera applies the adjustment as it stands now (None: the network's own reading)."""
        if self.camera is not None:
            self.camera.set_calibration(self.personal.active)

    def correct_mood(self, mood: str) -> bool:
        """"Not right? I'm actually feeling <mood>": keep the correction of the last detection and play
        ``mood`` as picking it would. Never called for a mood picked from the picker or the menu."""
        reading = self.last_reading
        if reading is None:
            self.message.emit("info", "Nothing to correct: Not right? follows a detection of your face.")
            return False
        try:
            count = self.personal.correct(reading, mood)
        except ValueError as error:
            self.message.emit("warning", f"This reading cannot be corrected: {error}.")
            return False
        self.last_reading = None  # one correction per reading
        text = f"Thanks: MoodPlayer is now adjusted to you ({count} correction{'s' if count != 1 else ''})."
        if not self.personal.enabled:
            text = (f"Thanks: kept ({count} correction{'s' if count != 1 else ''}); the adjustment is off "
                    "(Edit > Adjust readings to me).")
        self._user_acted()
        if self._detecting is not None:
            self._detecting = None
            self.detection_state.emit(DetectionState.READY, None)
        self._set_mood(mood, "corrected")
        self.corrected.emit(text)
        return True

    def forget_corrections(self) -> None:
        self.personal.forget()
        self.last_reading = None
        self.corrected.emit("")
        self.message.emit("info", "Your corrections are forgotten: readings are the network's own again.")

    def set_adjust_to_me(self, on: bool) -> None:
        self.settings.adjust_to_me = on
        self.personal.set_enabled(on)

    @property
    def can_detect(self) -> bool:
        return self.model_ready and self.camera is not None and self._detecting is None

    def detect(self, asked: bool = True) -> bool:
        """Start a detection; False (with a state and message) when it cannot run now. ``asked``: the
        listener asked for it (Detect mood), not the song's end; asking during the song's-end detection
        makes that one asked for too."""
        if self._detecting is not None:
            self._detection_asked = self._detection_asked or asked
            return True
        if self.camera is None or not self.camera_on or self.camera_message.startswith("Camera unavailable"):
            text = "Camera off" if self.camera is None else self.camera_message if self.camera_on else CAMERA_OFF
            self.detection_state.emit(DetectionState.CAMERA_UNAVAILABLE, text)
            return False
        if not self.model_ready:
            self.detection_state.emit(DetectionState.LOADING if not self.model_error else DetectionState.MODEL_ERROR,
                                      self.model_error or "The emotion model is still loading")
            return False
        self._detection_action = self._user_actions
        self._detection_asked = asked
        if hasattr(self.camera, "set_everyone"):
            self.camera.set_everyone(self.settings.everyone_in_view)
        self._detecting = self.camera.request_detection()
        self.detection_state.emit(DetectionState.RUNNING, None)
        return True

    def _on_camera_status(self, state: str, message: str) -> None:
        self.camera_message = {"unavailable": f"Camera unavailable: {message}", "off": message}.get(state, "")

    @property
    def camera_on(self) -> bool:
        """A camera that reads (not turned off by the listener, not missing)."""
        return self.camera is not None and getattr(self.camera, "is_on", True)

    def set_camera_on(self, on: bool) -> None:
        """Mood > Use the camera: off closes the device (its light goes out; a video call may take it),
        on opens it again. Remembered."""
        self.settings.camera_enabled = on
        if self.camera is not None and hasattr(self.camera, "set_on"):
            self.camera.set_on(on)

    @property
    def camera_only_to_read(self) -> bool:
        return self.camera is not None and getattr(self.camera, "only_to_read", False)

    def set_camera_only_to_read(self, on: bool) -> None:
        """Mood > Open the camera only to read my mood: the webcam is closed between readings (its
        light on only while a reading looks, a second or two); off: open all the time, with the live
        preview. Remembered."""
        self.settings.camera_only_to_read = on
        if self.camera is not None and hasattr(self.camera, "set_only_to_read"):
            self.camera.set_only_to_read(on)

    def _near_the_end(self, position: float, duration: float) -> None:
        """The player's position (every 300 ms): a crossfade begins, a closed camera opens ahead."""
        lead = self._crossfade_lead(duration)
        self._open_camera_before_the_end(position, duration, lead)
        if (lead and duration - position <= lead and self._crossfade_began_for != self._songs_started
                and self.current is not None and self.player.state == PlayerState.PLAYING):
            self._crossfade_began_for = self._end_handled_for = self._songs_started
            logger.info("Crossfade: %s ends in %.1f s, the next song starts now", self.current.path,
                        duration - position)
            self.player.crossfade_next(lead)  # the next song started (after the reading) overlaps it
            self._on_track_ended(self.current.path, early=True)

    def _crossfade_lead(self, duration: float) -> float:
        """How long before the playing song's end its crossfade begins; 0 where it plays to its end."""
        seconds = self.settings.crossfade_s
        if seconds <= 0 or duration < CROSSFADE_MIN_SONG * seconds or not self.player.can_crossfade:
            return 0.0
        if self.repeat_song or self.stop_after_song:
            return 0.0  # the song is heard to its very end: it starts again, or the music stops
        return float(seconds)

    def set_crossfade(self, seconds: int) -> None:
        """Playback > Crossfade: the next song starts ``seconds`` before the end of the last, the two
        overlapping (0: off). Remembered."""
        self.settings.crossfade_s = max(0, int(seconds))
        self.message.emit("info", f"Crossfade: each song fades into the next over {seconds} s."
                                  if seconds > 0 else "Crossfade off: each song plays to its end.")

    def set_crossfade_by_hand(self, on: bool) -> None:
        """Crossfade > Also when I change songs: Next, Previous, Play now and a new mood cross into the
        song they start, as a song's end does (off: they cut at once, as most players do). Remembered."""
        self.settings.crossfade_by_hand = bool(on)
        self.message.emit("info", "Songs you change cross into the next one too." if on
                          else "Songs you change stop at once; only a song's end crosses into the next.")

    def _cross_by_hand(self) -> None:
        """The listener changes songs: with the crossfade on for that too, the song playing fades out
        while the next one fades in (it plays its last seconds at most: the engine cuts the span there)."""
        seconds = self.settings.crossfade_s
        if (self.settings.crossfade_by_hand and seconds > 0 and self.player.can_crossfade
                and self.current is not None and self.player.state == PlayerState.PLAYING):
            logger.info("Crossfade by hand: %s fades out over %d s", self.current.path, seconds)
            self.player.crossfade_next(seconds)

    def _open_camera_before_the_end(self, position: float, duration: float, lead: float = 0.0) -> None:
        """Camera only to read: a song about to end (or to begin its crossfade) opens the webcam for
        the reading at its end."""
        if (duration <= 0 or duration - position > OPEN_BEFORE_END_S + lead
                or self._camera_opened_for == self._songs_started
                or self.current is None or not self.camera_only_to_read or not self.camera_on):
            return
        if not self.settings.auto_redetect or not self.model_ready or self.repeat_song or self.stop_after_song:
            return  # no reading at this song's end
        self._camera_opened_for = self._songs_started
        self.camera.prepare_for_reading()

    def _on_detection_finished(self, request_id: int, result) -> None:
        if request_id != self._detecting:
            return
        self._detecting = None
        advance = self._take_advance()
        if result.mood is None:
            self.detection_state.emit(DetectionState.NO_FACE, result)
            self.message.emit("warning", "No face found - keeping the current mood")
            if advance:
                self.advance()
            return
        logger.info("Detected mood %s (%s of %s frames, %.0f%%)", result.mood, result.votes.get(result.mood),
                    result.frames, 100 * result.confidence)
        self.last_reading = result if getattr(result, "correctable", False) else None
        if advance and result.unsure and self.mood and not self._detection_asked:
            # The camera looked on its own at a song's end and is unsure: the music stays with the
            # mood it had ("Not right?" and Detect mood still change it).
            self.detection_state.emit(DetectionState.UNSURE, result)
            if result.mood != self.mood:
                self.message.emit("info", f"Not sure of your mood ({result.mood}, {result.confidence:.0%}): "
                                          f"playing on with {self.mood}.")
            if self._user_actions == self._detection_action:
                self.advance()
            return
        self.detection_state.emit(DetectionState.RESULT, result)
        if self._user_actions != self._detection_action:
            # The listener chose something while the camera looked: their choice plays on; the
            # detected mood only applies to the songs after it.
            self._take_mood(result.mood, "detected")
            self.queue_changed.emit()
        elif advance:
            self._take_mood(result.mood, "detected")
            self.advance()
        else:
            self._set_mood(result.mood, "detected")

    def _on_detection_failed(self, request_id: int, kind: str, message: str) -> None:
        if request_id != self._detecting:
            return
        self._detecting = None
        state = DetectionState.CAMERA_UNAVAILABLE if kind == "camera" else DetectionState.MODEL_ERROR
        text = f"Camera unavailable: {message}" if kind == "camera" and message != CAMERA_OFF else message
        self.detection_state.emit(state, text)
        self.message.emit("warning", text)
        if self._take_advance():
            self.advance()

    def _take_advance(self) -> bool:
        advance, self._advance_after_detection = self._advance_after_detection, False
        self._redetect_timer.stop()
        return advance

    def _redetect_timed_out(self) -> None:
        if self._advance_after_detection:
            self.message.emit("warning", "Mood detection took too long - playing on with the current mood")
            self._detecting = None
            self._advance_after_detection = False
            self.advance()

    # -- playback ---------------------------------------------------------------------------
    def _on_track_ended(self, path: Path, early: bool = False) -> None:
        """The song playing ended (``early``: its crossfade began): what plays next."""
        if not early and self._end_handled_for == self._songs_started:
            return  # handled when its crossfade began: the next song is on its way
        counted, self._end_counted_for = self._end_counted_for == self._songs_started, self._songs_started
        self._skips = 0
        if self.current is not None and self._playing_for and not counted:
            self.taste.record(self.current.path, self._playing_for, "full")
        if self.repeat_song and not self.stop_after_song and self.current is not None:
            # Again, for the same mood: no lift step and no new reading, the listener chose this song.
            if self._start(NextSong(self.current.path, self._playing_for, self.current_origin, "repeated")):
                return
            self.set_repeat_song(False)  # gone or unplayable: the message said so, play goes on
        stepped = lift_step(self.journey, self.mood) if not counted else None
        if stepped is not None:
            self.mood = self.settings.mood = stepped  # one step toward the target
            self.mood_changed.emit(stepped, "lift")
        self.journey_changed.emit(self.journey.describe())
        if self.stop_after_song:
            self._stop_at_song_end()
            return
        if self.settings.auto_redetect and self.camera_on and self.model_ready:
            self._advance_after_detection = True
            if self.detect(asked=False):
                self._redetect_timer.start()
                return
            self._advance_after_detection = False
        self.advance()

    def _stop_at_song_end(self) -> None:
        title = self.current.display_title if self.current else "the song"
        why = "as the sleep timer asked" if self._stop_after_reason == "sleep" else "as asked"
        self.set_stop_after_song(False)
        self.player.stop()
        self._stopped_after_song = True
        self.message.emit("info", f"Stopped after {title}, {why}. Play goes on with the next song.")

    # -- stop after this song, repeat, sleep timer ---------------------------------------------
    def set_repeat_song(self, on: bool) -> None:
        on = bool(on)
        if on != self.repeat_song:
            self.repeat_song = on
            self.repeat_changed.emit(on)
            title = self.current.display_title if self.current else "the song playing"
            self.message.emit("info", f"Repeating {title} until Repeat this song is turned off." if on
                              else "Repeat off: play goes on with the next song.")

    def set_stop_after_song(self, on: bool, reason: str = "") -> None:
        on = bool(on)
        self._stop_after_reason = reason if on else ""
        if on != self.stop_after_song:
            self.stop_after_song = on
            self.stop_after_changed.emit(on)

    def set_sleep_timer(self, minutes: float) -> None:
        """Stop the music ``minutes`` from now, at the end of the song then playing; 0 turns it off
        (and takes back a stop the timer had already asked for)."""
        if minutes <= 0:
            was_on = self.sleep_timer.active or self._stop_after_reason == "sleep"
            self.sleep_timer.cancel()
            if self._stop_after_reason == "sleep":
                self.set_stop_after_song(False)
            if was_on:
                self.message.emit("info", "Sleep timer off.")
            return
        if self._stop_after_reason == "sleep":
            self.set_stop_after_song(False)  # a new time replaces the last one's stop
        self.sleep_timer.start(minutes)
        until = time.strftime("%H:%M", time.localtime(time.time() + minutes * 60))
        self.message.emit("info", f"Sleep timer: the music stops {describe_minutes(minutes)} from now "
                                  f"(about {until}), at the end of the song then playing.")

    def _sleep_time_up(self) -> None:
        if self.closed:
            return
        if self._advance_after_detection:  # a song has just ended: the next one would start
            self._take_advance()
            if self._detecting is not None:  # its answer would start music: dropped, as for a mood picked
                self._detecting = None
                self.detection_state.emit(DetectionState.READY, None)
            self.player.stop()
            self._stopped_after_song = True
            self.message.emit("info", "Sleep timer: stopped.")
        elif self.player.state == PlayerState.PLAYING:
            self.set_stop_after_song(True, "sleep")
            self.message.emit("info", "Sleep timer: the music stops at the end of this song.")
        else:
            self.message.emit("info", "Sleep timer: time is up (the music was not playing).")

    def _on_track_failed(self, path: Path, message: str) -> None:
        self.message.emit("error", f"Cannot play {display_name(path)}: {message}. Skipped.")
        self._skip_or_stop()

    def _skip_or_stop(self) -> None:
        self._skips += 1
        if self._skips >= MAX_SKIPS:
            self.message.emit("error", "Too many unplayable tracks in a row; stopped.")
            self._skips = 0
            self.player.stop()
            return
        self.advance()

    def advance(self) -> None:
        """Play the next track, as next_song.py chooses it (the hand queue first, else the mood's folder)."""
        if self.closed:
            return  # a late timer or event after shutdown: the player is gone
        for _ in range(MAX_SKIPS):
            root = self.music_root
            choice = next_song(self.queue, self.mood, self.library, self.language_filter, self.taste,
                               current=self.current.path if self.current else None,
                               has_folder=root is not None and root.is_dir())
            if choice.path is None:
                self._nothing_to_play(choice)
                return
            if self._start(choice):
                return
        self.message.emit("error", "Too many unplayable tracks in a row; stopped.")
        self.player.stop()

    def _nothing_to_play(self, choice: NextSong) -> None:
        if self._end_handled_for != self._songs_started:  # a song whose crossfade began plays out
            self.player.stop()
        self.queue_changed.emit()
        if choice.missing == "folder":
            self.set_root_problem("Choose the music folder (one folder per mood).")
        self.message.emit("info" if choice.missing == "mood" else "warning", choice.reason)

    def _start(self, choice: NextSong) -> bool:
        """Load and play the song chosen; a message and False when it cannot be played."""
        path = choice.path
        if not path.is_file():
            self.message.emit("warning", f"{display_name(path)} is gone (deleted or moved). Skipped.")
            self._forget(path)
            self.queue_changed.emit()
            return False
        track = self.find_track(path)
        if track is None:
            try:
                track = read_tags(path)
            except TagReadError as error:
                track = Track(path=path, error=str(error))
        if not track.playable:
            self.message.emit("error", f"Cannot play {display_name(path)}: {track.error}. Skipped.")
            self.queue_changed.emit()
            return False
        try:
            self.player.play_file(path)
        except PlayerError as error:
            self.message.emit("error", f"Cannot play {display_name(path)}: {error}. Skipped.")
            self.queue_changed.emit()
            return False
        logger.info("Playing %s (%s, mood %s)", path, choice.reason, track.mood)
        self.current, self.current_origin = track, choice.origin
        self._songs_started += 1
        self._stopped_after_song = False
        self._playing_for = choice.mood  # None for a song chosen by hand: it teaches the taste nothing
        self.played.append((time.time(), path, self._playing_for or track.mood))
        del self.played[:-1000]  # a few hours of listening: what "save the last hour" needs
        self.settings.current_track = to_text(path)
        self.queue.push_history(path)
        self.track_changed.emit(track)
        self.queue_changed.emit()
        return True

    def _forget(self, path: Path) -> None:
        self.queue.discard(path)
        for mood, tracks in self.library.items():
            self.library[mood] = [t for t in tracks if t.path != path]

    def _user_acted(self) -> None:
        """A playback choice of the listener's: it wins over a detection still under way."""
        self._user_actions += 1
        self._advance_after_detection = False
        self._redetect_timer.stop()
        # A song still sounding past its crossfade's start (paused, sought back): its end is handled
        # afresh, by a new crossfade or by libvlc's end.
        self._crossfade_began_for = self._end_handled_for = -1

    def _note_skip(self) -> None:
        """The listener moved on from a mood's song within its first seconds: not this one, for this mood."""
        if (self.current is not None and self._playing_for and self.player.state == PlayerState.PLAYING
                and self.player.player.position < SKIP_WINDOW_S):
            self.taste.record(self.current.path, self._playing_for, "skip")

    def rate(self, liked: bool) -> None:
        """Thumbs up or down on the playing song, for the mood it was chosen for; a song queued by
        hand counts for its own mood folder (a disgust song says nothing about happy songs)."""
        if self.current is None:
            self.message.emit("info", "Play a song first, then say whether you like it.")
            return
        mood = self._playing_for or self.current.mood
        if mood is None:
            self.message.emit("info", f"{self.current.display_title} is in no mood folder: likes are kept per mood.")
            return
        self.taste.record(self.current.path, mood, "like" if liked else "dislike")
        how = "comes up more often" if liked else "plays less often"
        self.message.emit("info", f"Noted: {self.current.display_title} {how} in {mood.title()}.")

    def forget_taste(self) -> None:
        self.taste.clear()
        self.message.emit("info", "Forgot every like, dislike and skip.")

    def next(self) -> None:
        self._note_skip()
        self._user_acted()
        self._skips = 0
        self._cross_by_hand()
        self.advance()

    def previous(self) -> None:
        self._user_acted()
        if self.player.player.position > 3.0 or self.current is None:
            self.player.seek(0.0)
            return
        path = self.queue.previous(self.current.path)
        if path is None:
            self.player.seek(0.0)
            return
        self._cross_by_hand()
        if not self._start(NextSong(path, None, "history", "played before")):
            self.advance()

    def toggle(self) -> None:
        # A song that just ended while its re-detection runs is over: play goes on with the next one.
        # One whose crossfade began is still heard: Space pauses it (its end comes when it plays out).
        crossfading = self._end_handled_for == self._songs_started and self.player.state == PlayerState.PLAYING
        ended = (self._advance_after_detection and not crossfading) or self._stopped_after_song
        self._user_acted()
        if crossfading and self._detecting is not None:
            # The reading for its end is dropped: its mood would start a song the listener just paused.
            # The song's end, when it is played on, reads the mood again.
            self._detecting = None
            self.detection_state.emit(DetectionState.READY, None)
        if self.player.current is None or ended:
            self.advance()
        else:
            self.player.toggle()

    def stop(self) -> None:
        self._user_acted()
        self.player.stop()

    def play_now(self, path: Path) -> None:
        self._note_skip()
        self._user_acted()
        self._skips = 0
        self._cross_by_hand()
        if not self._start(NextSong(Path(path), None, "queue", "chosen to play now")):
            self.advance()

    def play_opened(self, songs: list[Path]) -> None:
        """Songs opened from outside the window: the first plays now, the others are next in the queue."""
        self.enqueue(songs[1:], row=0)
        self.play_now(songs[0])

    # -- the hand queue -------------------------------------------------------------------
    def enqueue(self, paths, row: int | None = None) -> None:
        paths = [path if isinstance(path, Path) else Path(path) for path in paths]  # Path(a Path) parses again
        if row is None or row >= len(self.queue.hand):
            self.queue.hand.extend(paths)
        else:
            self.queue.hand[row:row] = paths
        self.queue_changed.emit()

    def play_next(self, path: Path) -> None:
        self.queue.play_next(Path(path))
        self.queue_changed.emit()

    def remove_from_queue(self, rows, undoable: bool = True) -> None:
        """Remove rows of the hand queue; ``undoable``: Edit > Undo can put them back (not for a song
        taken from the queue to play now)."""
        rows = sorted({row for row in rows if 0 <= row < len(self.queue.hand)}, reverse=True)
        if rows and undoable:
            self.queue.remember(f"remove {len(rows)} song{'s' if len(rows) != 1 else ''} from the queue")
        for row in rows:
            self.queue.remove_at(row)
        self.queue_changed.emit()

    def move_in_queue(self, source: int | list[int], destination: int) -> None:
        """Move a row of the hand queue, or several as one block (a drag of the rows selected)."""
        rows = [source] if isinstance(source, int) else list(source)
        if any(0 <= row < len(self.queue.hand) for row in rows):
            self.queue.remember("reorder the queue")
            self.queue.move_rows(rows, destination)
            self.queue_changed.emit()

    def queue_to_top(self, rows: list[int]) -> None:
        """The queue's "Play next": these rows first, in their order (one undoable edit)."""
        if self.queue.to_top(rows, undo_as="move songs to the top of the queue"):
            self.queue_changed.emit()

    def clear_queue(self) -> None:
        if self.queue.hand:
            self.queue.remember("clear the queue")
        self.queue.clear()
        self.queue_changed.emit()

    def _next_undo(self) -> str:
        """What Undo takes back, the newest of: "queue" (a queue edit), "move" (the last move between
        moods), "correction" (this run's last "Not right?"); "" for nothing."""
        times = {"queue": self.queue.undo_steps[-1][2] if self.queue.undo_steps else None,
                 "move": self.folder_edits.last_move_at if self.folder_edits.can_undo_move else None,
                 "correction": self.personal.last[1] if self.personal.last is not None else None}
        known = {kind: at for kind, at in times.items() if at is not None}
        return max(known, key=known.get) if known else ""

    @property
    def can_undo(self) -> bool:
        return self._next_undo() != ""

    @property
    def undo_text(self) -> str:
        """Edit > Undo's label: what it takes back."""
        kind = self._next_undo()
        if kind == "queue":
            return f"Undo: {self.queue.undo_steps[-1][0]}"
        if kind == "correction":
            last = self.personal.last[0]
            return f"Undo my correction ({last.corrected} for a reading of {last.detected})"
        return "Undo move between moods" if kind == "move" else "Undo"

    def undo(self) -> None:
        """Take back the newest queue edit or move between moods (Edit > Undo, Ctrl+Z)."""
        kind = self._next_undo()
        if kind == "move":
            self.undo_move()
        elif kind == "correction":
            taken, count = self.personal.take_back(), self.personal.count
            self.corrected.emit(f"Undone: your correction ({taken.corrected} for a reading of {taken.detected}); "
                                f"{count} correction{'s' if count != 1 else ''} adjust the readings now, and the "
                                "music plays on.")
        elif kind == "queue":
            # Songs moved to the trash since stay out; songs moved between moods were followed.
            what = self.queue.take_back()
            self.queue_changed.emit()
            self.message.emit("info", f"Undone: {what}.")
        else:
            self.message.emit("info", "Nothing to undo.")

    def upcoming_mood_count(self) -> int:
        return songs_left(self.queue, self.mood, self.library, self.language_filter) if self.mood else 0

    # -- edits of the mood folders: the window's calls, done by self.folder_edits -------------
    def import_files(self, mood: str, paths, sync: bool = False):
        return self.folder_edits.import_files(mood, paths, sync)

    def tracks_to_move(self, mood: str, paths) -> list[Path]:
        return self.folder_edits.tracks_to_move(mood, paths)

    def move_tracks(self, mood: str, paths) -> None:
        self.folder_edits.move_tracks(mood, paths)

    def delete_tracks(self, paths) -> None:
        self.folder_edits.delete_tracks(paths)

    def one_undo_step(self):
        return self.folder_edits.one_undo_step()

    @property
    def can_undo_move(self) -> bool:
        return self.folder_edits.can_undo_move

    def undo_move(self) -> None:
        self.folder_edits.undo_move()

    # -- state kept between runs ------------------------------------------------------------
    def restore(self) -> None:
        """The queue and the current track of the last run (loaded, not playing). Demo songs are
        left behind once the demo is over (songs were added while one played)."""
        demo = demo_music_root() if self.demo_root is None else None

        def wanted(path: Path) -> bool:
            return path.is_file() and (demo is None or not path.is_relative_to(demo))

        self.queue.hand = [p for p in map(from_text, self.settings.queue[:QUEUE_KEPT]) if wanted(p)]
        self.player.set_volume(self.settings.volume)
        self.player.set_muted(self.settings.muted)
        if self.mood:
            self.mood_changed.emit(self.mood, "restored")
        current = from_text(self.settings.current_track) if self.settings.current_track else None
        if current is not None and wanted(current):
            track = self.find_track(current)
            if track is None:
                try:
                    track = read_tags(current)
                except TagReadError:
                    track = None
            if track is not None and track.playable:
                try:
                    self.player.load_file(current)
                    resume = self.settings.position_ms / 1000
                    # Where the last run stopped; a song that had all but ended starts again.
                    if 0 < resume < track.duration_s - RESUME_END_MARGIN_S:
                        self.player.seek(resume)
                    self.current, self.current_origin = track, "restored"
                    self.queue.push_history(current)
                    self.track_changed.emit(track)
                except PlayerError as error:
                    logger.warning("Cannot restore %r: %s", str(current), error)
        self.queue_changed.emit()

    def snapshot(self) -> Settings:
        # Lossless text (a file:// URI for a non-UTF-8 name): the INI file would drop the odd bytes.
        self.settings.queue = [to_text(p) for p in self.queue.hand[:QUEUE_KEPT]]  # a restart stays quick
        # A song stopped at its end (stop after this song) was heard whole: the next start does not offer it again.
        kept = self.current if self.current and not self._stopped_after_song else None
        self.settings.current_track = to_text(kept.path) if kept else ""
        self.settings.position_ms = round(1000 * self.player.player.position) if kept else 0
        self.settings.volume = self.player.volume
        self.settings.muted = self.player.muted
        self.settings.mood = self.mood or ""
        return self.settings
