"""The MoodPlayer window: camera and mood on the left, mood folders in the middle, the queue on the
right, now playing and the transport at the bottom. It receives its services from app.py."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFileDialog, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QMainWindow, QMessageBox, QProgressBar, QPushButton, QScrollArea,
                               QSplitter, QSystemTrayIcon, QVBoxLayout, QWidget)

from moodplayer.demo import SWITCH_HELP, is_demo_camera
from moodplayer.domain.paths import display_name, readable
from moodplayer.library.languages import UNTAGGED, language_name
from moodplayer.library.tag_writer import can_edit, write_all_tags
from moodplayer.library.tags import AUDIO_EXTENSIONS, TagReadError, find_cover, read_tags
from moodplayer.library.track import format_duration
from moodplayer.next_song import PICK_HINT
from moodplayer.playback.base import PlayerState
from moodplayer.playback.equalizer import CUSTOM
from moodplayer.library.playlists import PLAYLIST_SUFFIXES, is_playlist_path
from moodplayer.library.scanner import mood_folder
from moodplayer.qt.file_manager import show_in_file_manager
from moodplayer.qt.playlist_actions import PlaylistActions
from moodplayer.qt.session import DetectionState, PlaybackSession
from moodplayer.qt.sleep_timer import describe_minutes
from moodplayer.qt.tasks import run_task
from moodplayer.ui.equalizer_dialog import EqualizerDialog
from moodplayer.ui.language_dialog import LanguageDialog
from moodplayer.ui.lift_dialog import LiftPathDialog
from moodplayer.ui.lyrics_dialog import LyricsDialog
from moodplayer.ui.recent_dialog import RecentlyPlayedDialog
from moodplayer.ui.song_info_dialog import SongInfoDialog, gather
from moodplayer.ui.menus import build_menus
from moodplayer.ui.mood_history_dialog import MoodHistoryLauncher
from moodplayer.ui.sort_dialog import SortLauncher
from moodplayer.ui.tag_dialog import TagDialog
from moodplayer.ui.theme import apply_theme, dim_colour
from moodplayer.ui.tray import PlayerTray, tray_available
from moodplayer.ui.widgets.camera_view import CameraView
from moodplayer.ui.widgets.elided_label import ElidedLabel
from moodplayer.ui.widgets.library_tree import LibraryTree
from moodplayer.ui.widgets.mood_panel import REDETECT_TIP, FittingScrollArea, MoodPanel
from moodplayer.ui.widgets.player_bar import PlayerBar
from moodplayer.ui.widgets.queue_view import SHOWN_ROWS, QueuePanel

logger = logging.getLogger(__name__)

SEEK_STEP_S = 5.0
VOLUME_STEP = 5


class MainWindow(QMainWindow):
    def __init__(self, session: PlaybackSession, camera=None, store=None, playback_problem: str = "", parent=None,
                 sorter=None, history=None, loudness=None):
        super().__init__(parent)
        self.session = session
        self.camera = camera
        self._camera_blocked = True  # off, unavailable or not opened yet: its next "on" makes detection ready
        self.store = store
        self.setWindowTitle("MoodPlayer")
        self.resize(1200, 720)
        # Dialogs are attributes so tests can answer them without a modal loop.
        self.confirm = self._confirm
        self.run_dialog = self._run_dialog  # tests answer dialogs through this
        self.ask_save_path = self._ask_save_path
        self.ask_open_path = self._ask_open_path
        self.ask_open_files = self._ask_open_files
        self.ask_open_folder = self._ask_open_folder
        self.playlists = PlaylistActions(session)
        self.lyrics_dialog = None  # View > Lyrics…, made when first asked for
        self.song_info_dialog = None  # the last Song info… window opened
        self.recent_dialog = None  # View > Recently played…, made when first asked for
        self.sorting = SortLauncher(self, sorter)  # Mood > Sort…: sorter is a qt.mood_sorter.MoodSorter
        # Mood > Keep mood history / Mood history…: history is a qt.mood_history_recorder.MoodHistoryRecorder
        self.mood_history = MoodHistoryLauncher(self, history)
        self.loudness = loudness  # a qt.loudness_scanner.LoudnessScanner: measures songs without ReplayGain tags
        self._rescan_before: int | None = None  # songs shown when F5 was pressed (to say what changed)
        self.choose_directory = self._choose_directory

        self.camera_view = CameraView()
        self.mood_panel = MoodPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        camera_box = QGroupBox("Camera")
        QVBoxLayout(camera_box).addWidget(self.camera_view)
        # The mood panel takes the height it needs and the camera preview the rest; on a screen too
        # small for both the panel scrolls rather than setting the window's minimum height.
        left_layout.addWidget(camera_box, 1)
        self.mood_scroll = mood_scroll = FittingScrollArea()
        mood_scroll.setWidget(self.mood_panel)
        mood_scroll.setWidgetResizable(True)
        mood_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        mood_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_layout.addWidget(mood_scroll, 0)

        library_box = QGroupBox("Mood folders")
        library_layout = QVBoxLayout(library_box)
        self.root_banner = QWidget()
        banner_layout = QHBoxLayout(self.root_banner)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        self.root_message = ElidedLabel("")  # holds a path: must not widen the window
        self.choose_button = QPushButton("Choose music folder…")
        self.choose_button.setToolTip("The folder that holds one folder per mood")
        self.choose_button.setAccessibleName("Choose music folder")
        banner_layout.addWidget(self.root_message, 1)
        banner_layout.addWidget(self.choose_button)
        self.root_banner.hide()
        library_layout.addWidget(self.root_banner)
        self.library = LibraryTree()
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by title, artist or album")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter songs")
        # Escape empties it, as in most players' search boxes (only while it has the focus).
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_box, self.filter_box.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        library_layout.addWidget(self.filter_box)
        # While Mood > Languages… limits the songs played: says so, and the songs it skips are greyed.
        self.language_note = QWidget()
        note_layout = QHBoxLayout(self.language_note)
        note_layout.setContentsMargins(0, 0, 0, 0)
        self.language_label = ElidedLabel("")
        self.language_label.setAccessibleName("Language filter")
        self.language_button = QPushButton("Languages…")
        self.language_button.setToolTip("Choose the languages the mood folders play (Mood > Languages…)")
        note_layout.addWidget(self.language_label, 1)
        note_layout.addWidget(self.language_button)
        self.language_note.hide()
        self._language_filter_shown = None  # the LanguageFilter the rows are greyed for
        library_layout.addWidget(self.language_note)
        library_layout.addWidget(self.library, 1)
        library_buttons = QHBoxLayout()
        self.add_button = QPushButton("Add to queue")
        self.add_button.setToolTip("Queue the selected songs (or double-click a song)")
        self.play_next_button = QPushButton("Play next")
        self.play_next_button.setToolTip("Play the selected songs after the current one")
        self.remove_button = QPushButton("Move to Trash…")
        self.remove_button.setToolTip("Move the selected songs to the desktop's trash (asks first; restorable "
                                      "from the file manager)")
        self.remove_button.setAccessibleName("Move to trash")
        library_buttons.addWidget(self.add_button)
        library_buttons.addWidget(self.play_next_button)
        library_buttons.addStretch(1)  # apart from the queue actions: this one touches the files
        library_buttons.addWidget(self.remove_button)
        library_layout.addLayout(library_buttons)
        self.root_label = ElidedLabel("")  # a secondary line: dimmed (_dim_notes), readable in every theme
        library_layout.addWidget(self.root_label)
        # While the music folder is read: a busy bar and the count so far (songs are playable as found).
        self.scan_status = QWidget()
        scan_layout = QHBoxLayout(self.scan_status)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        self.scan_bar = QProgressBar()
        self.scan_bar.setRange(0, 0)
        self.scan_bar.setTextVisible(False)
        self.scan_bar.setFixedWidth(80)
        self.scan_label = QLabel("")
        scan_layout.addWidget(self.scan_bar)
        scan_layout.addWidget(self.scan_label, 1)
        self.scan_status.hide()
        library_layout.addWidget(self.scan_status)

        self.queue_panel = QueuePanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(library_box)
        self.splitter.addWidget(self.queue_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([360, 600, 300])  # a first start; later the saved layout is restored
        self.player_bar = PlayerBar()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        # Says what is demo content and how to use one's own (shown only in demo mode).
        self.demo_banner = QLabel("")
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setStyleSheet("#demoBanner { background:#fff4ce; color:#3b2f00; border:1px solid #e0c060;"
                                       " border-radius:4px; padding:6px; }")
        self.demo_banner.hide()
        self.demo_camera = False  # the camera thread fell back to the demo clip
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.splitter, 1)
        central_layout.addWidget(self.player_bar)
        self.setCentralWidget(central)
        # Made now, not at the first message: appearing later, it would push the layout up.
        self.statusBar().setSizeGripEnabled(True)
        # When the music will stop (stop after this song, the sleep timer), in view while it applies.
        self.stop_note = QLabel()
        self.stop_note.setAccessibleName("When the music stops")
        self.stop_note.hide()
        self.statusBar().addPermanentWidget(self.stop_note)
        self._stop_note_timer = QTimer(self, interval=15_000)  # the sleep timer's minutes, fresh enough
        self._stop_note_timer.timeout.connect(self._show_stop_note)
        self.playback_problem = playback_problem
        self.tray: PlayerTray | None = None
        self._quitting = False  # quit_app(): the close quits even with "keep playing in the tray"
        self._told_tray = False  # the tray says once per run where MoodPlayer went
        self._quit_event_loop = QApplication.quit  # (tests: a stand-in)
        self._build_menu()
        self._dim_notes()
        self._build_shortcuts()
        self._connect()
        self.set_tray_icon(session.settings.tray_icon)
        if camera is None:
            self.camera_view.show_message("Camera off")
            self._no_redetect("The camera is off.")
        if playback_problem:
            self.player_bar.title.setText(playback_problem)
            self.show_message("error", playback_problem)
        # Said once: at the start when known then (set aside, read-only), else when saving fails.
        self._told_unsaved = store is not None and not store.writable
        if store is not None and store.problem:
            self.show_message("warning", store.problem)
        self._show_library()
        self._on_root_problem(session.root_problem)
        if session.current is not None:  # restored from the last run
            self._show_track(session.current)
        if session.mood:
            self._on_mood_changed(session.mood, "restored")
        self._show_queue()
        self._show_volume(session.player.volume, session.player.muted)
        self.mood_panel.auto_redetect.setChecked(session.settings.auto_redetect)
        self.mood_panel.whose.setCurrentIndex(1 if session.settings.everyone_in_view else 0)
        self.mood_panel.mode.setCurrentIndex(max(0, self.mood_panel.mode.findData(session.journey.mode)))
        self._show_journey(session.journey.describe())
        if session.settings.geometry:
            self.restoreGeometry(session.settings.geometry)
        if session.settings.splitter:
            self.splitter.restoreState(session.settings.splitter)
        if session.settings.library_columns:
            self.library.header().restoreState(session.settings.library_columns)
        self.library.sort_by(session.settings.library_sort)  # after the header's state, which holds a sort too
        self._on_detection_state(DetectionState.LOADING if camera is not None else DetectionState.CAMERA_UNAVAILABLE,
                                 "Camera off" if camera is None else None)

    # -- construction ---------------------------------------------------------------------------
    def _build_menu(self) -> None:
        self.actions = build_menus(self)

    def _build_shortcuts(self) -> None:
        session, player = self.session, self.session.player
        bindings = {
            "Space": session.toggle,
            "Ctrl+Right": session.next,
            "Ctrl+Left": session.previous,
            "Right": lambda: player.seek_by(SEEK_STEP_S),
            "Left": lambda: player.seek_by(-SEEK_STEP_S),
            "Ctrl+Up": lambda: player.set_volume(player.volume + VOLUME_STEP),
            "Ctrl+Down": lambda: player.set_volume(player.volume - VOLUME_STEP),
            "M": lambda: player.set_muted(not player.muted),
            "D": self.detect,
            "N": self.correct_reading,
        }
        self.shortcuts = {}
        for keys, slot in bindings.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[keys] = shortcut

    def _connect(self) -> None:
        session, player = self.session, self.session.player
        session.library_changed.connect(self._show_library)
        session.queue_changed.connect(self._show_queue)
        session.track_changed.connect(self._show_track)
        session.mood_changed.connect(self._on_mood_changed)
        session.detection_state.connect(self._on_detection_state)
        session.message.connect(self.show_message)
        session.stop_after_changed.connect(self._show_stop_note)
        session.sleep_timer.changed.connect(self._show_stop_note)
        session.music_root_problem.connect(self._on_root_problem)
        session.tracks_added.connect(self.library.add_tracks)
        session.scan_progress.connect(self._show_scan_progress)
        player.state_changed.connect(lambda state: self.player_bar.show_playing(state == PlayerState.PLAYING))
        player.state_changed.connect(self._show_now)
        player.position_changed.connect(self.player_bar.show_position)
        player.volume_changed.connect(self._show_volume)
        player.level_changed.connect(self._show_level)
        self._measuring: tuple[int, int] | None = None  # (done, total) while songs without tags are measured
        if self.loudness is not None:
            self.loudness.progress.connect(self._show_measuring)
        self._show_level()  # a song restored before the window
        bar = self.player_bar
        bar.play_pause_clicked.connect(session.toggle)
        bar.stop_clicked.connect(session.stop)
        bar.previous_clicked.connect(session.previous)
        bar.next_clicked.connect(session.next)
        bar.seek_requested.connect(player.seek)
        bar.volume_requested.connect(player.set_volume)
        bar.mute_toggled.connect(player.set_muted)
        bar.like_clicked.connect(lambda: session.rate(True))
        bar.dislike_clicked.connect(lambda: session.rate(False))
        bar.set_show_remaining(session.settings.show_remaining)
        bar.remaining_toggled.connect(self.set_show_remaining)
        panel = self.mood_panel
        panel.detect_requested.connect(self.detect)
        panel.mood_picked.connect(session.pick_mood)
        panel.auto_redetect_toggled.connect(self._set_auto_redetect)
        panel.everyone_toggled.connect(self._set_everyone)
        panel.mode_chosen.connect(session.set_mood_mode)
        panel.correction_chosen.connect(session.correct_mood)
        session.corrected.connect(self._on_corrected)
        session.journey_changed.connect(self._show_journey)
        tree = self.library
        self.filter_box.textChanged.connect(tree.set_filter)
        self.language_button.clicked.connect(self.choose_languages)
        tree.files_dropped.connect(self._files_dropped)
        tree.tracks_moved.connect(self.move_tracks)
        tree.enqueue_requested.connect(session.enqueue)
        tree.play_next_requested.connect(lambda paths: [session.play_next(p) for p in paths])
        tree.play_now_requested.connect(session.play_opened)
        tree.remove_requested.connect(self.remove_tracks)
        tree.show_requested.connect(self.show_in_folder)
        tree.info_requested.connect(self.show_song_info)
        tree.edit_tags_requested.connect(self.edit_tags)
        tree.album_requested.connect(self.play_album)
        tree.mood_requested.connect(session.pick_mood)
        tree.mood_folder_requested.connect(self.show_mood_folder)
        self.add_button.clicked.connect(lambda: session.enqueue(tree.selected_paths()))
        self.play_next_button.clicked.connect(
            lambda: [session.play_next(p) for p in reversed(tree.selected_paths())])
        self.remove_button.clicked.connect(lambda: self.remove_tracks(tree.selected_paths()))
        self.choose_button.clicked.connect(self.ask_music_root)
        queue = self.queue_panel
        queue.list.tracks_dropped.connect(self._dropped_on_queue)
        queue.list.rows_moved.connect(session.move_in_queue)
        queue.list.remove_requested.connect(session.remove_from_queue)
        queue.clear_button.clicked.connect(session.clear_queue)
        queue.list.itemDoubleClicked.connect(self._play_from_queue)
        queue.list.play_requested.connect(self._play_from_queue)
        queue.list.to_top_requested.connect(session.queue_to_top)
        queue.list.info_requested.connect(self.show_song_info)
        queue.list.show_requested.connect(self.show_in_folder)
        queue.list.edit_tags_requested.connect(self.edit_tags)
        if self.camera is not None:
            self.camera.frame_ready.connect(self._on_frame)
            self.camera.status_changed.connect(self._on_camera_status)

    # -- camera and mood -----------------------------------------------------------------------
    def _on_frame(self, image, boxes) -> None:
        self.camera_view.show_frame(image, boxes)
        self.camera.frame_taken()

    def _on_camera_status(self, state: str, message: str) -> None:
        if state == "on":
            self.demo_camera = is_demo_camera(message)
            self._show_demo_banner()
        if state in ("unavailable", "off"):
            self._camera_blocked = True
        if state == "unavailable":
            self.camera_view.show_message(f"Camera unavailable\n{message}")
            self.mood_panel.set_problem(f"Camera unavailable: {message}. {PICK_HINT}", can_retry=False)
            self._no_redetect(f"The camera is unavailable ({message}).")
        elif state == "off":
            self.camera_view.show_message("Camera off")
            self.mood_panel.set_problem(f"{message}. {PICK_HINT}", can_retry=False)
        elif state == "starting":
            self.camera_view.show_message(message)
        elif state in ("on", "standby"):
            if state == "standby":  # only to read: closed between readings
                self.camera_view.show_message(f"Camera closed\n{message}")
            if self._camera_blocked:
                # Back after being off or unavailable (or first opened): detection, and the reading at
                # each song's end, again. Not after each reading's open and close: its result stays.
                self._camera_blocked = False
                box = self.mood_panel.auto_redetect
                box.setEnabled(True)
                box.setToolTip(REDETECT_TIP)
                if self.session.can_detect:
                    self.mood_panel.set_ready(True, "Ready: press Detect mood (D)")

    def detect(self) -> None:
        self.session.detect()

    def correct_reading(self) -> None:
        """N: "Not right?" for the last reading, when it can be corrected: its moods open."""
        button = self.mood_panel.correct_button
        if button.isVisible():
            button.showMenu()

    def _on_detection_state(self, state: str, payload) -> None:
        panel = self.mood_panel
        if state == DetectionState.LOADING:
            panel.set_ready(False, f"{payload or 'Loading the emotion model…'} {PICK_HINT}")
        elif state == DetectionState.READY:
            ok = self.session.camera_message == ""
            panel.set_ready(ok, "Ready: press Detect mood (D)" if ok else f"{self.session.camera_message}. {PICK_HINT}")
        elif state == DetectionState.RUNNING:
            panel.set_running()
        elif state in (DetectionState.RESULT, DetectionState.UNSURE):
            panel.show_result(payload)
            if payload.group:
                self.camera_view.set_face_moods([(f.box.x, f.box.y, f.box.w, f.box.h, f.mood) for f in payload.faces])
            else:
                self.camera_view.set_label(payload.mood + ("?" if payload.unsure else ""))
            if state == DetectionState.UNSURE:
                panel.status.setText(f"Not sure ({payload.mood}, {payload.confidence:.0%}): "
                                     f"the music stays {self.session.mood}.")
        elif state == DetectionState.NO_FACE:
            panel.set_problem(f"No face found: face the camera in good light. {PICK_HINT}", can_retry=True)
            panel.clear_result(f"Face found in 0 of {payload.frames} frames")
        elif state == DetectionState.CAMERA_UNAVAILABLE:
            # Opened only to read: the webcam failed this reading (busy?); the next one opens it again.
            session = self.session
            retry = session.camera_only_to_read and session.camera_on and session.can_detect
            panel.set_problem(f"{payload or 'Camera unavailable'}. {PICK_HINT}", can_retry=retry)
        elif state == DetectionState.MODEL_ERROR:
            panel.set_problem(f"{payload} {PICK_HINT}", can_retry=self.session.model_ready)

    def _on_mood_changed(self, mood: str, source: str) -> None:
        self.mood_panel.show_mood(mood, source)
        # The face in the preview is labelled only with what was read from it; a mood picked by
        # hand or remembered from last time says nothing about the face in front of the camera.
        if source != "detected":
            self.camera_view.set_label("")
            self.mood_panel.clear_result("")  # the last vote and bars are not about this mood
        if source == "picked" and self.session.can_detect:
            self.mood_panel.status.setText("Mood picked by hand. Detect mood (D) reads it from the camera again.")
        self._show_queue()

    # -- playlists -------------------------------------------------------------------------------
    def _files_dropped(self, mood: str, paths) -> None:
        """Files from the file manager on a mood: playlists bring their songs, audio files are copied."""
        playlists = [Path(p) for p in paths if is_playlist_path(Path(p)) and Path(p).is_file()]
        others = [p for p in paths if Path(p) not in playlists]
        for playlist in playlists:
            self.playlists.import_into_mood(playlist, mood)
        if others or not playlists:
            self.session.import_files(mood, others)

    def _dropped_on_queue(self, paths, row: int) -> None:
        playlists = [Path(p) for p in paths if is_playlist_path(Path(p))]
        for playlist in playlists:
            self.playlists.import_into_queue(playlist)
        songs = [p for p in paths if Path(p) not in playlists]
        if songs:
            self.session.enqueue(songs, None if row < 0 else row)

    def _ask_save_path(self, title: str, suggested: str) -> Path | None:
        start = str(Path(self.session.user_root or Path.home()) / suggested)
        chosen, _ = QFileDialog.getSaveFileName(self, title, start, "M3U8 playlist (*.m3u8);;XSPF playlist (*.xspf)")
        return Path(chosen) if chosen else None

    def _ask_open_files(self) -> list[Path]:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(AUDIO_EXTENSIONS | PLAYLIST_SUFFIXES))
        start = str(self.session.user_root or Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(self, "Open songs or playlists", start,
                                                 f"Songs and playlists ({patterns});;All files (*)")
        return [Path(path) for path in chosen]

    def _ask_open_folder(self) -> Path | None:
        start = str(self.session.user_root or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Open a folder of songs", start)
        return Path(chosen) if chosen else None

    def open_files(self) -> None:
        """File > Open…: as `moodplayer FILE...` — the first song plays now, the others are next."""
        paths = self.ask_open_files()
        if paths:
            self.playlists.open_paths(paths)

    def open_folder(self) -> None:
        """File > Open folder…: its songs (albums inside included) play now, in path order."""
        folder = self.ask_open_folder()
        if folder is not None:
            self.playlists.open_paths([folder])

    def play_album(self, path: Path) -> None:
        """Play its album: the album of the song at ``path`` (Track.album_key, from every mood
        folder) from its first song, the others next in the queue in the album's order."""
        songs = self.session.album_songs(path)
        if not songs:
            self.show_message("info", f"{display_name(path)} has no album tag: there is no album to play.")
            return
        self.session.play_opened(songs)

    def show_mood_folder(self, mood: str) -> None:
        """A mood row's Show in folder: the file manager with the mood's folder selected."""
        root = self.session.music_root
        if root is not None:
            self.show_in_folder([mood_folder(root, mood)])

    def show_playing_song(self) -> None:
        """View > Show the song playing (Ctrl+J): its row in the mood folders, opened, scrolled to
        and selected (the filter cleared when it hides the song)."""
        track = self.session.current
        if track is None:
            self.show_message("info", "No song is playing.")
            return
        tree = self.library
        item = tree.track_item(track.path)
        if item is None:
            self.show_message("info", f"{track.display_title} is not in your mood folders (opened from elsewhere).")
            return
        if item.isHidden():
            self.filter_box.clear()
        item.parent().setExpanded(True)
        tree.setCurrentItem(item)
        tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
        tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_songs(self) -> None:
        """Edit > Find songs (Ctrl+F): to the filter box, its text selected to type over."""
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def _ask_open_path(self, title: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, title, str(self.session.user_root or Path.home()),
                                                "Playlists (*.m3u *.m3u8 *.xspf *.pls *.csv)")
        return Path(chosen) if chosen else None

    def save_queue_playlist(self) -> None:
        target = self.ask_save_path("Save the queue as a playlist", "MoodPlayer queue.m3u8")
        if target is not None:
            self.playlists.save_queue(target, overwrite=True)  # the file dialog asked before replacing

    def save_recent_playlist(self) -> None:
        mood = self.session.mood
        if mood is None:
            self.show_message("info", "Nothing has played for a mood yet.")
            return
        target = self.ask_save_path(f"Save the last hour of {mood} as a playlist", f"{mood.title()} - last hour.m3u8")
        if target is not None:
            self.playlists.save_recent(target, mood, overwrite=True)

    def import_playlist(self) -> None:
        source = self.ask_open_path("Import a playlist into the queue")
        if source is not None:
            self.playlists.import_into_queue(source)

    def _on_corrected(self, text: str) -> None:
        if text:
            self.mood_panel.status.setText(text)
            self.show_message("info", text)

    def forget_corrections(self) -> None:
        """Edit > Forget my corrections…: asks first, then deletes them for good."""
        count = self.session.personal.store.count()
        if count == 0:
            self.show_message("info", "There are no corrections to forget.")
            return
        if self.confirm(f"Forget your {count} correction{'s' if count != 1 else ''}? MoodPlayer will read your "
                        "face as it reads anyone's until you correct it again."):
            self.session.forget_corrections()

    def forget_taste(self) -> None:
        if self.confirm("Forget every like, dislike and skip? Songs will be shuffled evenly again."):
            self.session.forget_taste()

    def choose_languages(self) -> None:
        """Mood > Languages…: which languages the mood folders play."""
        dialog = LanguageDialog(self.session.languages_in_library(), self.session.language_filter, self)
        if self.run_dialog(dialog):
            self.session.set_language_filter(dialog.chosen())
            self._show_language_filter()

    def _show_language_filter(self) -> None:
        """A lasting note while the language filter is on (it is per music folder), and the songs
        it skips greyed in the mood folders."""
        languages = self.session.language_filter
        if languages == self._language_filter_shown:
            return  # nothing to redo (a re-scan's rows are greyed as they are made)
        self._language_filter_shown = languages
        if not languages.active:
            self.language_note.hide()
            self.library.set_skipped(None)
            return
        names = [language_name(code) for code in sorted(languages.languages) if code != UNTAGGED]
        if UNTAGGED in languages.languages:
            names.append("songs without a language tag")
        self.language_label.setText(f"Playing only: {', '.join(names)}. The other songs are greyed.")
        self.language_note.show()
        self.library.set_skipped(lambda track: "" if languages.allows(track.languages) else
                                 "Not played: not in the languages chosen (Mood > Languages…)")

    def _run_dialog(self, dialog) -> bool:
        return dialog.exec() == dialog.DialogCode.Accepted

    def set_replay_gain(self, mode: str) -> None:
        """Playback > Volume levelling: applied at once (the playing song too) and remembered."""
        self.session.player.set_replay_gain(mode)
        self.session.settings.replay_gain = mode

    def _show_level(self, *_args) -> None:
        player = self.session.player
        self.player_bar.show_level(player.player.level_db, player.replay_gain, player.level_source, self._measuring)

    def _show_measuring(self, done: int, total: int) -> None:
        self._measuring = (done, total) if done < total else None
        self._show_level()

    def _show_stop_note(self, *_args) -> None:
        timer = self.session.sleep_timer
        parts = (["Stops after this song"] if self.session.stop_after_song else []) + (
            [f"Sleep timer: {describe_minutes(timer.minutes_left())}"] if timer.active else [])
        self.stop_note.setText(" · ".join(parts))
        self.stop_note.setVisible(bool(parts))
        if timer.active and not self._stop_note_timer.isActive():
            self._stop_note_timer.start()
        elif not timer.active:
            self._stop_note_timer.stop()

    def show_lyrics(self) -> None:
        """View > Lyrics…: one window, which follows the songs until closed."""
        if self.lyrics_dialog is None:
            self.lyrics_dialog = LyricsDialog(self.session, self)
        _to_front(self.lyrics_dialog)

    def show_recently_played(self) -> None:
        """View > Recently played…: one window, which follows the songs until closed."""
        if self.recent_dialog is None:
            self.recent_dialog = RecentlyPlayedDialog(self.session, self)
        _to_front(self.recent_dialog)

    def show_song_info(self, path: Path | None = None) -> None:
        """Song info… for ``path`` (default: the song playing), in a window of its own."""
        if path is None:
            if self.session.current is None:
                self.show_message("info", "No song is playing: right-click a song for its info.")
                return
            path = self.session.current.path
        sections, cover = gather(path, self.session, self.loudness)
        self.song_info_dialog = SongInfoDialog(path, sections, cover, self)
        self.song_info_dialog.show()

    def edit_selected_tags(self) -> None:
        """Edit > Edit tags…: the songs selected in the mood folders, else the song playing."""
        paths = self.library.selected_paths() or ([self.session.current.path] if self.session.current else [])
        if not paths:
            self.show_message("info", "Select songs in the mood folders (or play one) to edit their tags.")
            return
        self.edit_tags(paths)

    def edit_tags(self, paths: list[Path]) -> None:
        """Edit tags… of the songs selected: their title, artist, album, track and disc numbers and
        languages, written into the files (safely, library/tag_writer.py) on the pool; the mood
        folders show them after the rescan that follows."""
        if self.session.demo_root is not None:
            self.show_message("warning", "Demo songs cannot be edited. Choose your own music folder "
                                         "(File > Choose music folder…).")
            return
        paths = [Path(path) for path in paths]
        editable = [path for path in paths if can_edit(path)]
        tracks = []
        for path in editable:
            track = self.session.find_track(path)
            if track is None:
                try:
                    track = read_tags(path)
                except TagReadError as error:
                    self.show_message("error", f"Cannot edit the tags: {error}.")
                    return
            tracks.append(track)
        if not tracks:
            self.show_message("warning", "MoodPlayer cannot write the tags of these files.")
            return
        dialog = TagDialog(tracks, self)
        if not self.run_dialog(dialog):
            return
        changes = dialog.changes()
        if not changes:
            self.show_message("info", f"{tracks[0].display_title if len(tracks) == 1 else 'The songs'}: "
                                      "nothing changed.")
            return
        skipped = len(paths) - len(editable)
        run_task(lambda: write_all_tags(editable, changes),
                 lambda result, error: self._tags_written(result, error, skipped), self.session.pool)

    def _tags_written(self, result, error, skipped: int) -> None:
        saved, failures = result if error is None else ([], [str(error)])
        if len(saved) == 1 and not failures and not skipped:
            self.show_message("info", f"Tags saved in {display_name(saved[0])}.")
        elif not failures and not skipped:
            self.show_message("info", f"Tags saved in {len(saved)} songs.")
        else:
            total = len(saved) + len(failures) + skipped
            notes = failures + ([f"{skipped} in formats whose tags MoodPlayer does not write"] if skipped else [])
            text = "; ".join(notes[:3]) + (f"; and {len(notes) - 3} more" if len(notes) > 3 else "")
            self.show_message("error" if not saved else "warning",
                              text if total == 1 else f"Tags saved in {len(saved)} of {total} songs: {text}")
        if saved:
            self.session.rescan()  # the mood folders, the filter and the song playing show the new tags

    def show_in_folder(self, paths: list[Path]) -> None:
        """The songs selected in the file manager (or their folder opened)."""
        try:
            show_in_file_manager(paths)
        except OSError as error:
            self.show_message("warning", f"Cannot show {display_name(paths[0])} in its folder: {error}")

    def open_from_outside(self, paths: list[Path]) -> None:
        """Songs, folders or playlists from the command line or a later start (qt/single_instance.py);
        none: only come to the front."""
        if paths:
            self.playlists.open_paths(paths)
        if self.isMinimized() or not self.isVisible():  # minimized, or hidden in the tray
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def set_equalizer(self, preset: str) -> None:
        """Playback > Equalizer: applied at once (the playing song too) and remembered."""
        self.session.player.set_equalizer(preset)
        self.session.settings.equalizer = preset

    def edit_equalizer(self) -> None:
        """Playback > Equalizer > Custom…: the listener's bands, heard as they move; kept on OK, and
        what played before is back on Cancel."""
        dialog = EqualizerDialog(self.session.player, self)
        if self.run_dialog(dialog):
            self.session.settings.equalizer = CUSTOM
            self.session.settings.custom_equalizer = dialog.custom().text()
        else:
            dialog.restore()
        chosen = self.session.player.player.equalizer
        self.actions[f"equalizer_{'custom' if chosen == CUSTOM else chosen or 'off'}"].setChecked(True)

    def set_show_remaining(self, on: bool) -> None:
        """View > Show time left (or a click on the time right of the seek bar): remembered."""
        self.session.settings.show_remaining = on
        self.player_bar.set_show_remaining(on)

    def set_audio_device(self, device: str) -> None:
        """Playback > Audio device: the song playing moves to it at once; remembered ("" the default)."""
        self.session.player.set_audio_device(device)
        self.session.settings.audio_device = device

    def set_notify_song(self, on: bool) -> None:
        """View > Notify when a song starts: a desktop notification for each song that starts while
        the window is not in front (qt/notifications.py); remembered."""
        self.session.settings.notify_song = on

    def notifications_unavailable(self, reason: str) -> None:
        """No notification server: the menu entry is greyed with the reason (the choice is kept)."""
        action = self.actions["notify_song"]
        action.setEnabled(False)
        action.setToolTip(reason)

    def set_keep_in_tray(self, on: bool) -> None:
        """View > Keep playing in the tray when closed: the window's close hides it in the tray (the
        music plays on; the tray icon brings it back, its menu or File > Quit quits). Remembered."""
        self.session.settings.keep_in_tray = on

    def _keeps_playing_in_tray(self) -> bool:
        return self.session.settings.keep_in_tray and self.tray is not None and self.tray.isVisible()

    def quit_app(self) -> None:
        """File > Quit, the tray's Quit, MPRIS Quit, a stop signal: closes (settings saved) and quits,
        also while the window is hidden in the tray (closing a hidden window alone would not)."""
        hidden = not self.isVisible()
        self._quitting = True
        self.close()
        if hidden:
            self._quit_event_loop()

    def hide_to_tray(self) -> None:
        """The window goes; the music, MPRIS and the tray stay. Nothing unseen watches: a live camera
        opens only for readings (its light is not left on behind a hidden window) until it is back."""
        self.save_settings()
        self.hide()
        self.tray.refresh()
        if self.camera is not None and not self.camera.only_to_read:
            self.camera.set_only_to_read(True)
        if not self._told_tray:
            self._told_tray = True
            self.tray.showMessage("MoodPlayer plays on", "Click this icon to bring the window back; its menu quits.",
                                  QSystemTrayIcon.MessageIcon.Information, 8000)

    def showEvent(self, event) -> None:
        # Back from the tray: the camera as the listener set it (live, unless "only to read my mood").
        wanted = self.session.settings.camera_only_to_read
        if self.camera is not None and self.camera.only_to_read != wanted:
            self.camera.set_only_to_read(wanted)
        super().showEvent(event)

    def set_tray_icon(self, on: bool) -> None:
        """View > Show in the system tray: at once and remembered (kept, but not shown, on a desktop
        without a tray)."""
        self.session.settings.tray_icon = on
        if on and tray_available():
            if self.tray is None:
                self.tray = PlayerTray(self)
            self.tray.show()
        elif self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
        keep = getattr(self, "actions", {}).get("keep_in_tray")  # the menus are built after the first call
        if keep is not None:
            keep.setEnabled(self.tray is not None)

    def set_theme(self, name: str) -> None:
        """View > Theme: applied at once and remembered."""
        self.session.settings.theme = apply_theme(name)
        self.mood_panel.restyle()
        self._dim_notes()

    def _dim_notes(self) -> None:
        """The music folder line in the palette's dim colour, still 4.5:1 on the window."""
        palette = QApplication.palette()
        colour = dim_colour(palette, QPalette.ColorRole.Window)
        own = self.root_label.palette()
        own.setColor(QPalette.ColorRole.WindowText, colour)
        self.root_label.setPalette(own)

    def _no_redetect(self, why: str) -> None:
        box = self.mood_panel.auto_redetect
        box.setEnabled(False)
        box.setToolTip(f"{why} Moods are detected from the camera, so this needs one.")

    def _show_journey(self, text: str) -> None:
        lifting = self.session.journey.lifting
        self.mood_panel.journey_label.setText(text if lifting else "")  # its own line: nothing moves

    def edit_lift_paths(self) -> None:
        """Mood > Edit lift paths…: the path from each mood toward the target (one field per mood)."""
        dialog = LiftPathDialog(self.session.journey, self)
        if not self.run_dialog(dialog):
            return
        problems = []
        for start, text in dialog.edited().items():
            try:
                self.session.set_lift_path(start, text)
            except ValueError as error:
                problems.append(f"{start}: {error}")
        if problems:
            self.show_message("warning", "Not changed: " + "; ".join(problems))

    def _set_everyone(self, on: bool) -> None:
        self.session.settings.everyone_in_view = on

    def _set_auto_redetect(self, on: bool) -> None:
        self.session.settings.auto_redetect = on

    # -- library, queue, now playing ------------------------------------------------------------
    def _show_library(self) -> None:
        self.library.show_library(self.session.library)
        if self.session.current is not None:  # as the scan read it: its tags may have been edited
            self._show_track(self.session.current)
        root = self.session.music_root
        if self.session.demo_root is not None:
            self.root_label.setText(f"Demo library: {readable(root)} (read-only)")
        else:
            self.root_label.setText(f"Music folder: {readable(root)}" if root else "No music folder")
        self._show_demo_banner()
        self._show_language_filter()  # kept per music folder
        self._show_queue()  # the queue's titles and lengths come from the library (restored before the scan)

    def _show_scan_progress(self, scanning: bool, found: int) -> None:
        self.scan_label.setText(f"Reading the music folder… {found:,} song{'s' if found != 1 else ''} so far")
        self.scan_status.setVisible(scanning)
        if not scanning and self._rescan_before is not None:
            change = found - self._rescan_before
            self._rescan_before = None
            how = "no change" if change == 0 else f"{abs(change):,} {'new' if change > 0 else 'fewer'}"
            self.show_message("info", f"Rescanned: {found:,} song{'s' if found != 1 else ''} in the mood folders "
                                      f"({how}).")

    def _show_demo_banner(self) -> None:
        parts = []
        if self.session.demo_root is not None:
            user = self.session.user_root
            why = f"{user} has no songs yet" if user else "no music folder chosen yet"
            parts.append(f"the mood folders hold generated demo songs ({why})")
        if self.demo_camera:
            parts.append("the camera is a demo clip of a public-domain photo (no webcam found)")
        self.demo_banner.setText(f"<b>Demo mode</b>: {' and '.join(parts)}.<br>{SWITCH_HELP}" if parts else "")
        self.demo_banner.setVisible(bool(parts))

    def _on_root_problem(self, text: str) -> None:
        self.root_message.setText(text)
        self.root_banner.setVisible(bool(text))

    def _show_queue(self) -> None:
        entries = []
        hand = self.session.queue.hand
        # One look-up table per change (session.find_track reads the whole library for each song).
        tracks = {track.path: track for mood_tracks in self.session.library.values() for track in mood_tracks}
        for path in hand[:SHOWN_ROWS]:
            track = tracks.get(path)
            label = track.display_title + (f" — {track.artist}" if track and track.artist else "") if track \
                else display_name(path)
            entries.append((path, label, format_duration(track.duration_s if track else None)))
        mood = self.session.mood
        if mood:
            left = self.session.upcoming_mood_count()
            then = f"Then: shuffled songs from '{mood}' ({left} not played yet this round)"
        else:
            then = f"Then: songs of the detected mood. {PICK_HINT}"
        self.queue_panel.show_queue(entries, then, more=max(0, len(hand) - SHOWN_ROWS))
        self.queue_panel.setTitle(queue_title(hand, tracks))

    def _play_from_queue(self, item) -> None:
        row = self.queue_panel.list.row(item)
        path = self.queue_panel.list.item_path(item)
        self.session.remove_from_queue([row], undoable=False)  # it plays: nothing to put back
        self.session.play_now(path)

    def _show_track(self, track) -> None:
        self.library.mark_playing(track.path if track is not None else None)
        self._show_now()
        cover = find_cover(track.path, embedded=track.has_cover) if track is not None else None
        self.player_bar.show_track(track, cover)
        self.setWindowTitle(f"{track.display_title} — MoodPlayer" if track else "MoodPlayer")

    def _show_now(self, *_state) -> None:
        """Above the queue: the song playing (or paused) now; nothing while stopped."""
        track, state = self.session.current, self.session.player.state
        if track is None or state not in (PlayerState.PLAYING, PlayerState.PAUSED):
            self.queue_panel.show_now("")
            return
        text = track.display_title + (f" — {track.artist}" if track.artist else "") \
            + f" ({format_duration(track.duration_s)})"
        self.queue_panel.show_now(text, paused=state == PlayerState.PAUSED)

    def _show_volume(self, volume: int, muted: bool) -> None:
        self.player_bar.show_volume(volume, muted)

    def show_message(self, level: str, text: str) -> None:
        logger.log(logging.WARNING if level != "info" else logging.INFO, "%s", text)
        self.statusBar().showMessage(text, 0 if level == "error" else 8000)
        self.last_message = (level, text)

    # -- dialogs --------------------------------------------------------------------------------
    def _confirm(self, text: str) -> bool:
        """Yes or Cancel, with Cancel the default: Enter never moves or trashes a file by accident."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, "MoodPlayer", text, buttons.Yes | buttons.Cancel, buttons.Cancel)
        return answer == buttons.Yes

    def _choose_directory(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Choose the music folder (one folder per mood)",
                                                self.session.settings.music_root or str(Path.home()))

    def rescan(self) -> None:
        """F5: read the folders again and say what was found."""
        before = sum(map(len, self.session.library.values()))
        self._rescan_before = before
        self.session.rescan()

    def ask_music_root(self) -> None:
        folder = self.choose_directory()
        if folder:
            self.session.set_music_root(folder)

    def remove_tracks(self, paths) -> None:
        paths = list(paths)
        if not paths:
            return
        if self.confirm(f"Move {len(paths)} song{'s' if len(paths) != 1 else ''} to the trash?\n\n"
                        f"{file_list(paths)}"):
            self.session.delete_tracks(paths)

    def move_tracks(self, mood: str, paths) -> None:
        """Move tracks dropped on another mood, after the user saw exactly which files will move."""
        paths = self.session.tracks_to_move(mood, paths)
        if not paths:
            return  # dropped on the mood they are already in: they stay where they are
        if self.confirm(f"Move {len(paths)} song{'s' if len(paths) != 1 else ''} to {mood.title()}?\n\n"
                        f"{file_list(paths)}"):
            self.session.move_tracks(mood, paths)

    # -- closing --------------------------------------------------------------------------------
    def save_settings(self) -> None:
        self.playlists.finish_queueing()  # an import still being queued is saved whole
        settings = self.session.snapshot()
        settings.geometry = bytes(self.saveGeometry().data())
        settings.splitter = bytes(self.splitter.saveState().data())
        settings.library_columns = bytes(self.library.header().saveState().data())
        settings.library_sort = self.library.sort_text
        if self.store is not None and not self.store.save(settings) and not self._told_unsaved:
            self._told_unsaved = True
            self.show_message("error", self.store.problem)

    def closeEvent(self, event) -> None:
        if not self._quitting and self._keeps_playing_in_tray():
            event.ignore()
            self.hide_to_tray()
            return
        self.save_settings()
        if self.tray is not None:
            self.tray.hide()  # not left in the tray while the app winds down
        super().closeEvent(event)


def queue_title(hand: list[Path], tracks: dict) -> str:
    """"Up next: 5 songs, 17:40": the hand queue's songs and how long they play (a queue longer
    than the list shows gives its count alone: it is summed at every change)."""
    if not hand:
        return "Up next"
    title = f"Up next: {len(hand):,} song{'s' if len(hand) != 1 else ''}"
    if len(hand) > SHOWN_ROWS:
        return title
    lengths = [track.duration_s if (track := tracks.get(path)) else None for path in hand]
    known = sum(length for length in lengths if length)
    if not known:
        return title
    return f"{title}, {'at least ' if not all(lengths) else ''}{format_duration(known)}"


def file_list(paths, shown: int = 10) -> str:
    """The exact files an action will touch, full paths with odd bytes escaped, one per line."""
    lines = [readable(p) for p in paths[:shown]]
    if len(paths) > shown:
        lines.append(f"… and {len(paths) - shown} more")
    return "\n".join(lines)


def _to_front(window) -> None:
    """Show a window of the app's own, or bring it forward when it is open already."""
    window.show()
    window.raise_()
    window.activateWindow()
