"""The menu bar a desktop user expects: File, Edit, Playback, Mood, View, Help.

Keys that the window already binds as shortcuts (Space, D, M, Ctrl+arrows) are shown in the
menus after a tab, not bound a second time: two bindings of one key would make both ambiguous.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

from moodplayer import __version__
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.playback.equalizer import CUSTOM
from moodplayer.qt.session import CROSSFADE_CHOICES_S, CROSSFADE_MIN_SONG
from moodplayer.qt.sleep_timer import CHOICES_MIN, describe_minutes
from moodplayer.ui.tray import NO_TRAY, tray_available

SHORTCUTS = (
    ("Space", "Play / pause"),
    ("Ctrl+Right / Ctrl+Left", "Next / previous song"),
    ("Right / Left", "Seek 5 s forward / back"),
    ("Ctrl+Up / Ctrl+Down", "Volume up / down"),
    ("M", "Mute"),
    ("D", "Detect mood"),
    ("N", "Not right? (after a detection): choose what you are really feeling"),
    ("Ctrl+1 … Ctrl+7", "Play a mood's songs, picked by hand (angry, disgust, fear, happy, sad, surprise, neutral)"),
    ("F5", "Rescan the mood folders"),
    ("Enter / double-click", "Queue the selected songs (in the queue: play it now)"),
    ("Delete", "Move the selected songs to the trash (in the mood folders) or remove them from the queue"),
    ("Ctrl+Z", "Undo the last queue edit, move between moods or correction (Not right?)"),
    ("Ctrl+O", "Open songs, folders or playlists (the first plays now)"),
    ("Ctrl+F", "Find songs (the filter box)"),
    ("Ctrl+I", "Song info of the song playing (right-click a song for its own)"),
    ("Ctrl+J", "Show the song playing in the mood folders"),
    ("Ctrl+H", "Recently played songs (queue one again)"),
    ("Ctrl+Q", "Quit"),
)


def _action(window, menu, text: str, slot, shortcut=None, shown_key: str = "") -> QAction:
    action = QAction(text + (f"\t{shown_key}" if shown_key else ""), window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _sleep_timer_menu(window, playback, actions: dict[str, QAction]) -> None:
    """Playback > Sleep timer: Off or a time; its title says how long is left."""
    session = window.session
    timer = session.sleep_timer
    menu = playback.addMenu("Sleep timer")
    actions["sleep_timer"] = menu.menuAction()  # its text is the menu's title
    group = QActionGroup(window)
    for minutes in (0, *CHOICES_MIN):
        text = "Off" if not minutes else f"Stop after {describe_minutes(minutes)}"
        action = _action(window, menu, text, lambda checked=False, m=minutes: session.set_sleep_timer(m))
        action.setCheckable(True)
        group.addAction(action)
        actions[f"sleep_{minutes}"] = action

    def show() -> None:
        left = timer.minutes_left()
        menu.setTitle(f"Sleep timer ({describe_minutes(left)} left)" if left else "Sleep timer")
        actions[f"sleep_{round(timer.minutes) if timer.minutes in CHOICES_MIN else 0}"].setChecked(True)

    timer.changed.connect(show)
    playback.aboutToShow.connect(show)  # the minutes left, fresh each time the menu opens
    show()


def _crossfade_menu(window, playback, actions: dict[str, QAction]) -> None:
    """Playback > Crossfade: Off, or how many seconds each song fades into the next."""
    session = window.session
    menu = playback.addMenu("Crossfade")
    menu.setToolTipsVisible(True)
    actions["crossfade"] = menu.menuAction()
    if not session.player.can_crossfade:
        menu.setEnabled(False)
        menu.menuAction().setToolTip("This playback engine plays one song at a time")
        return
    group = QActionGroup(window)
    for seconds in CROSSFADE_CHOICES_S:
        text = f"{seconds} seconds" if seconds else "Off"
        action = _action(window, menu, text, lambda checked=False, s=seconds: session.set_crossfade(s))
        action.setCheckable(True)
        action.setChecked(session.settings.crossfade_s == seconds)
        if seconds:
            action.setToolTip(f"The next song starts {seconds} s before the end of the last, the two crossing "
                              f"(songs under {CROSSFADE_MIN_SONG * seconds} s, a repeat and a stop after the "
                              "song play to their end)")
        group.addAction(action)
        actions[f"crossfade_{seconds}"] = action
    menu.addSeparator()
    by_hand = _action(window, menu, "Also when I change songs", session.set_crossfade_by_hand)
    by_hand.setCheckable(True)
    by_hand.setChecked(session.settings.crossfade_by_hand)
    by_hand.setToolTip("Next, Previous, Play now and a new mood fade the song playing out while the next "
                       "fades in (off: they change at once)")
    actions["crossfade_by_hand"] = by_hand


def _equalizer_menu(window, playback, actions: dict[str, QAction]) -> None:
    """Playback > Equalizer: Off, one of the engine's presets (libvlc's, as VLC lists them), or Custom…
    (the listener's own bands)."""
    player = window.session.player
    menu = playback.addMenu("Equalizer")
    actions["equalizer"] = menu.menuAction()
    presets = [name for name in player.equalizer_presets() if name != "Flat"]  # Flat is Off
    if not presets:
        menu.setEnabled(False)
        menu.menuAction().setToolTip("This playback engine has no equalizer")
        return
    group = QActionGroup(window)
    for preset in ("", *presets):
        action = _action(window, menu, preset or "Off", lambda checked=False, p=preset: window.set_equalizer(p))
        action.setCheckable(True)
        action.setChecked(player.player.equalizer == preset)
        group.addAction(action)
        actions[f"equalizer_{preset or 'off'}"] = action
        if not preset:
            menu.addSeparator()
    menu.addSeparator()
    custom = actions["equalizer_custom"] = _action(window, menu, "Custom…", window.edit_equalizer)
    custom.setCheckable(True)
    custom.setChecked(player.player.equalizer == CUSTOM)
    group.addAction(custom)


def _audio_device_menu(window, playback, actions: dict[str, QAction]) -> None:
    """Playback > Audio device: the system's default, or one of the sound devices the engine lists
    now (read again each time the menu opens: headphones and USB DACs come and go)."""
    menu = playback.addMenu("Audio device")
    actions["audio_device"] = menu.menuAction()

    def fill() -> None:
        menu.clear()  # the entries belong to the menu: cleared, they go (the checks are set afresh)
        for gone in [key for key in actions if key.startswith("audio_device_")]:
            del actions[gone]
        player = window.session.player
        chosen = window.session.settings.audio_device  # the listener's choice, also while it is unplugged
        devices = player.audio_devices()
        missing = bool(chosen) and chosen not in dict(devices)
        if missing:  # checked, so that the listener sees it is still the choice
            devices.append((chosen, f"{chosen} (not connected)"))
        for device, description in [("", "System default"), *devices]:
            action = menu.addAction(description)
            action.triggered.connect(lambda checked=False, d=device: window.set_audio_device(d))
            action.setCheckable(True)
            action.setChecked(device == (chosen if missing else player.audio_device))
            action.setToolTip(device)
            actions[f"audio_device_{device or 'default'}"] = action
            if not device:
                menu.addSeparator()

    menu.aboutToShow.connect(fill)  # listed when opened, not at start: asking a sound server takes time


def build_menus(window) -> dict[str, QAction]:
    """Adds the menus to ``window`` (a MainWindow); returns the actions by name (tests, enabling)."""
    session, player = window.session, window.session.player
    bar = window.menuBar()
    actions: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    actions["open_files"] = _action(window, file_menu, "Open…", window.open_files, QKeySequence.StandardKey.Open)
    actions["open_folder"] = _action(window, file_menu, "Open folder…", window.open_folder)
    file_menu.addSeparator()
    actions["choose"] = _action(window, file_menu, "Choose music folder…", window.ask_music_root)
    actions["rescan"] = _action(window, file_menu, "Rescan mood folders", window.rescan, "F5")
    file_menu.addSeparator()
    actions["save_queue"] = _action(window, file_menu, "Save queue as playlist…", window.save_queue_playlist,
                                    QKeySequence.StandardKey.Save)
    actions["save_recent"] = _action(window, file_menu, "Save the last hour of this mood as playlist…",
                                     window.save_recent_playlist)
    actions["import_playlist"] = _action(window, file_menu, "Import playlist into the queue…",
                                         window.import_playlist)
    file_menu.addSeparator()
    actions["quit"] = _action(window, file_menu, "Quit", window.quit_app, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    actions["undo"] = _action(window, edit_menu, "Undo", session.undo, QKeySequence.StandardKey.Undo)
    # Enabled exactly while there is something to undo (a disabled action's Ctrl+Z does nothing), and
    # named for it: the newest queue edit or move between moods. The Sort dialog adds the same
    # action, so Ctrl+Z works there too.

    def refresh_undo():
        actions["undo"].setEnabled(session.can_undo)
        actions["undo"].setText(session.undo_text)

    session.library_changed.connect(refresh_undo)
    session.queue_changed.connect(refresh_undo)
    session.corrected.connect(lambda _text: refresh_undo())  # a "Not right?" can be taken back
    refresh_undo()
    window.filter_box.installEventFilter(UndoFirst(actions["undo"], window.filter_box))
    actions["trash"] = _action(window, edit_menu, "Move to Trash…",
                               lambda: window.remove_tracks(window.library.selected_paths()), shown_key="Delete")
    # One action for the button, this menu and the mood folders' context menu.
    window.library.trash_action = actions["trash"]
    refresh_trash = lambda: actions["trash"].setEnabled(window.library.has_selected_songs())  # noqa: E731
    window.library.itemSelectionChanged.connect(refresh_trash)
    refresh_trash()
    actions["edit_tags"] = _action(window, edit_menu, "Edit tags…", window.edit_selected_tags)
    moves = edit_menu.addMenu("Move to mood")  # the selected songs, as the context menu's
    actions["move_to_mood"] = moves.menuAction()
    window.library.fill_move_menu(moves)
    actions["find"] = _action(window, edit_menu, "Find songs", window.find_songs, QKeySequence.StandardKey.Find)
    edit_menu.addSeparator()
    actions["forget_taste"] = _action(window, edit_menu, "Forget likes and skips…", window.forget_taste)
    # It learns your face: the corrections made with "Not right?" (qt/personal_calibration.py).
    actions["adjust_to_me"] = _action(window, edit_menu, "Adjust readings to me", session.set_adjust_to_me)
    actions["adjust_to_me"].setCheckable(True)
    actions["adjust_to_me"].setChecked(session.personal.enabled)
    actions["forget_corrections"] = _action(window, edit_menu, "Forget my corrections…", window.forget_corrections)
    edit_menu.aboutToShow.connect(lambda: (refresh_undo(), refresh_trash(), window.library.fill_move_menu(moves)))

    playback = bar.addMenu("&Playback")
    actions["play_pause"] = _action(window, playback, "Play / pause", session.toggle, shown_key="Space")
    actions["stop"] = _action(window, playback, "Stop", session.stop)
    actions["stop_after"] = _action(window, playback, "Stop after this song", session.set_stop_after_song)
    actions["stop_after"].setCheckable(True)
    session.stop_after_changed.connect(actions["stop_after"].setChecked)
    actions["repeat"] = _action(window, playback, "Repeat this song", session.set_repeat_song)
    actions["repeat"].setCheckable(True)
    session.repeat_changed.connect(actions["repeat"].setChecked)
    _sleep_timer_menu(window, playback, actions)
    actions["next"] = _action(window, playback, "Next song", session.next, shown_key="Ctrl+Right")
    actions["previous"] = _action(window, playback, "Previous song", session.previous, shown_key="Ctrl+Left")
    playback.addSeparator()
    actions["mute"] = _action(window, playback, "Mute", lambda checked: player.set_muted(checked), shown_key="M")
    actions["mute"].setCheckable(True)
    actions["mute"].setChecked(player.muted)
    player.volume_changed.connect(lambda _volume, muted: actions["mute"].setChecked(muted))
    # ReplayGain tags, or measures of songs without them, bring songs from different albums to one
    # loudness (library/replay_gain.py, qt/loudness_scanner.py).
    levelling = playback.addMenu("Volume levelling")
    levelling.setToolTipsVisible(True)
    levels = QActionGroup(window)
    for mode, text, tip in (("off", "Off", "Every song as loud as it was made"),
                            ("track", "By song (for shuffle)", "Each song at its own ReplayGain: one loudness for all"),
                            ("album", "By album", "Each song at its album's ReplayGain: an album's quiet songs stay "
                                                  "quiet")):
        action = _action(window, levelling, text, lambda checked=False, m=mode: window.set_replay_gain(m))
        action.setCheckable(True)
        action.setChecked(player.replay_gain == mode)
        action.setToolTip(tip + ". Songs without ReplayGain tags are measured in the background, once each")
        levels.addAction(action)
        actions[f"levelling_{mode}"] = action
    levelling.addSeparator()
    # How far the measuring of songs without tags has got: shown only while it runs.
    progress = actions["levelling_progress"] = levelling.addAction("")
    progress.setEnabled(False)
    progress.setVisible(False)
    if window.loudness is not None:
        def show_progress(done: int, total: int) -> None:
            progress.setText(f"Measuring songs without tags: {done:,} of {total:,}")
            progress.setVisible(done < total)

        window.loudness.progress.connect(show_progress)

    _crossfade_menu(window, playback, actions)
    _equalizer_menu(window, playback, actions)
    _audio_device_menu(window, playback, actions)

    mood_menu = bar.addMenu("&Mood")
    actions["detect"] = _action(window, mood_menu, "Detect mood", window.detect, shown_key="D")
    # Off closes the webcam (its light goes out, a video call may take it) without quitting.
    camera = actions["camera_on"] = _action(window, mood_menu, "Use the camera", session.set_camera_on)
    camera.setCheckable(True)
    camera.setChecked(session.camera_on)
    # Privacy: the webcam's light is on only while a reading looks (no live preview between them).
    only_to_read = actions["camera_only_to_read"] = _action(window, mood_menu, "Open the camera only to read my mood",
                                                            session.set_camera_only_to_read)
    only_to_read.setCheckable(True)
    only_to_read.setChecked(session.settings.camera_only_to_read)
    if session.camera is None:
        for action in (camera, only_to_read):
            action.setEnabled(False)
            action.setToolTip("Started without a camera (--no-camera)")
        mood_menu.setToolTipsVisible(True)
    mood_menu.addSeparator()
    # The mood playing is checked (none before the first mood).
    moods = QActionGroup(window)
    moods.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
    for number, mood in enumerate(EMOTIONS, start=1):  # Ctrl+1 … Ctrl+7, in the order shown
        action = _action(window, mood_menu, f"Play {mood.title()} songs",
                         lambda checked=False, m=mood: session.pick_mood(m), f"Ctrl+{number}")
        action.setCheckable(True)
        action.setChecked(mood == session.mood)
        moods.addAction(action)
        actions[f"pick_{mood}"] = action
    session.mood_changed.connect(lambda mood, _source: actions[f"pick_{mood}"].setChecked(True))
    mood_menu.addSeparator()
    # Match or lift, and whose mood: the mood panel's choices, checked here as there.
    panel = window.mood_panel
    modes = QActionGroup(window)
    for index in range(panel.mode.count()):
        mode = panel.mode.itemData(index)
        action = _action(window, mood_menu, panel.mode.itemText(index),
                         lambda checked=False, i=index: panel.mode.setCurrentIndex(i))
        action.setCheckable(True)
        modes.addAction(action)
        actions[f"mode_{mode}"] = action
    show_mode = lambda i: actions[f"mode_{panel.mode.itemData(i)}"].setChecked(True)  # noqa: E731
    panel.mode.currentIndexChanged.connect(show_mode)
    show_mode(max(0, panel.mode.currentIndex()))
    everyone = panel.whose.findData(True)
    actions["group_mood"] = _action(window, mood_menu, panel.whose.itemText(everyone),
                                    lambda checked: panel.whose.setCurrentIndex(everyone if checked else 1 - everyone))
    actions["group_mood"].setCheckable(True)
    show_whose = lambda i: actions["group_mood"].setChecked(i == everyone)  # noqa: E731
    panel.whose.currentIndexChanged.connect(show_whose)
    show_whose(panel.whose.currentIndex())
    redetect = window.mood_panel.auto_redetect
    actions["auto_redetect"] = _action(window, mood_menu, redetect.text(), lambda: redetect.toggle())
    actions["auto_redetect"].setCheckable(True)
    mood_menu.addSeparator()
    actions["languages"] = _action(window, mood_menu, "Languages…", window.choose_languages)
    actions["lift_paths"] = _action(window, mood_menu, "Edit lift paths…", window.edit_lift_paths)
    mood_menu.addSeparator()
    # Optional mood history (ui/mood_history_dialog.py): off by default, detected moods only, kept on this computer.
    history = window.mood_history
    actions["keep_history"] = _action(window, mood_menu, "Keep mood history", history.set_keep)
    actions["keep_history"].setCheckable(True)
    actions["keep_history"].setChecked(history.keeping)
    actions["show_history"] = _action(window, mood_menu, "Mood history…", history.show)
    actions["delete_history"] = _action(window, mood_menu, "Delete mood history…", history.delete)
    for name in ("keep_history", "show_history", "delete_history"):
        actions[name].setEnabled(history.available)
    mood_menu.addSeparator()
    # Suggested mood folders for new songs (ui/sort_dialog.py); disabled, saying why, without a music folder.
    actions["sort_inbox"] = _action(window, mood_menu, "Sort Unsorted inbox…", window.sorting.sort_inbox)
    actions["sort_folder"] = _action(window, mood_menu, "Sort a folder…", lambda: window.sorting.sort_folder())
    mood_menu.aboutToShow.connect(lambda: (actions["auto_redetect"].setChecked(redetect.isChecked()),
                                           actions["auto_redetect"].setEnabled(redetect.isEnabled()),
                                           actions["detect"].setEnabled(session.can_detect)))
    mood_menu.aboutToShow.connect(lambda: window.sorting.update_actions(actions["sort_inbox"], actions["sort_folder"]))

    view = bar.addMenu("&View")
    theme_menu = view.addMenu("Theme")
    themes = QActionGroup(window)
    for name, text in (("system", "Follow the desktop"), ("light", "Light"), ("dark", "Dark")):
        action = _action(window, theme_menu, text, lambda checked=False, n=name: window.set_theme(n))
        action.setCheckable(True)
        action.setChecked(window.session.settings.theme == name)
        themes.addAction(action)
        actions[f"theme_{name}"] = action
    view.addSeparator()
    actions["lyrics"] = _action(window, view, "Lyrics…", window.show_lyrics)
    actions["song_info"] = _action(window, view, "Song info…", lambda: window.show_song_info(), "Ctrl+I")
    actions["show_playing"] = _action(window, view, "Show the song playing", window.show_playing_song, "Ctrl+J")
    actions["recent"] = _action(window, view, "Recently played…", window.show_recently_played, "Ctrl+H")
    view.addSeparator()
    remaining = actions["show_remaining"] = _action(window, view, "Show time left", window.set_show_remaining)
    remaining.setCheckable(True)
    remaining.setChecked(window.session.settings.show_remaining)
    window.player_bar.remaining_toggled.connect(remaining.setChecked)  # a click on the time, too
    tray = actions["tray_icon"] = _action(window, view, "Show in the system tray", window.set_tray_icon)
    tray.setCheckable(True)
    tray.setChecked(window.session.settings.tray_icon)
    if not tray_available():
        tray.setEnabled(False)
        tray.setToolTip(NO_TRAY)
    keep = actions["keep_in_tray"] = _action(window, view, "Keep playing in the tray when closed",
                                             window.set_keep_in_tray)
    keep.setCheckable(True)
    keep.setChecked(window.session.settings.keep_in_tray)
    keep.setEnabled(window.tray is not None)  # greyed while there is no tray icon to come back from
    notify = actions["notify_song"] = _action(window, view, "Notify when a song starts", window.set_notify_song)
    notify.setCheckable(True)
    notify.setChecked(window.session.settings.notify_song)
    view.setToolTipsVisible(True)  # the reason beside a greyed entry
    view.addSeparator()
    panes = (("Camera and mood", window.splitter.widget(0)), ("Queue", window.queue_panel))
    for name, pane in panes:
        action = _action(window, view, name, lambda checked, p=pane: p.setVisible(checked))
        action.setCheckable(True)
        action.setChecked(True)
        actions[f"view_{name}"] = action

    help_menu = bar.addMenu("&Help")
    actions["shortcuts"] = _action(window, help_menu, "Keyboard shortcuts", lambda: show_shortcuts(window))
    actions["about"] = _action(window, help_menu, "About MoodPlayer", lambda: show_about(window))
    return actions


class UndoFirst(QObject):
    """On a text field: Ctrl+Z undoes the window's last edit (a queue edit, a move between moods, a
    correction) while there is one (the field's own undo of its text takes the key otherwise). A
    line edit claims Ctrl+Z before any shortcut."""

    def __init__(self, undo: QAction, parent=None):
        super().__init__(parent)
        self.undo = undo

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and self.undo.isEnabled()
                and event.matches(QKeySequence.StandardKey.Undo)):
            event.ignore()  # not the field's: the window's shortcut gets it
            return True
        return False


def shortcuts_text() -> str:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in SHORTCUTS)
    return f"<table cellspacing='6'>{rows}</table>"


def about_text() -> str:
    return (f"<h3>MoodPlayer {__version__}</h3>"
            "<p>Music that fits your mood, read from your face.</p>"
            "<p>The camera's frames are analysed in memory on this computer: no image is saved or sent "
            "anywhere. Facial-expression model trained on FER2013; face detector YuNet (MIT).</p>")


def show_shortcuts(window) -> None:
    QMessageBox.information(window, "Keyboard shortcuts", shortcuts_text())


def show_about(window) -> None:
    QMessageBox.about(window, "About MoodPlayer", about_text())
