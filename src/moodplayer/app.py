"""The composition root: parse options, build every service, hand them to the window, run Qt.

Start-up order matters for the 1.5 s budget: the window is shown first; the camera opens on its
own thread and the emotion model (LiteRT) loads on the pool afterwards.

Demo mode (demo.py): with no --camera and no webcam, the demo clip is the camera; with no --music
and no songs in the chosen folder, the demo library plays. The first start (no settings file yet,
no --music) asks once for the music folder.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

EXIT_NO_DISPLAY = 2
NO_DISPLAY = ("MoodPlayer needs a graphical session (no DISPLAY or WAYLAND_DISPLAY); "
              "the command line works without one: moodplayer detect --help")


def display_problem(environ=None, platform: str = sys.platform) -> str | None:
    """NO_DISPLAY where Qt would abort for want of a screen (exit 134, a hint about xcb-cursor0)."""
    environ = os.environ if environ is None else environ
    if environ.get("QT_QPA_PLATFORM") or platform in ("win32", "cygwin", "darwin"):
        return None  # a platform chosen on purpose (offscreen, eglfs, ...), or one that needs no server
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY

EXIT_BAD_SETTINGS = 2  # as for a bad command-line option (argparse): the settings path cannot be used


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="moodplayer", description="A music player that reads your mood.")
    parser.add_argument("--music", metavar="DIR", help="music folder holding one folder per mood")
    parser.add_argument("--camera", metavar="INDEX|FILE", help="webcam index, or a video/image file as the camera")
    parser.add_argument("--no-camera", action="store_true", help="start without the camera (pick moods by hand)")
    parser.add_argument("--settings", metavar="FILE", help="settings INI file (default: the user's settings)")
    parser.add_argument("--model", metavar="FILE", help="emotion model file (default: the shipped one)")
    parser.add_argument("--player", choices=("vlc", "null"), help="playback engine (default: vlc)")
    parser.add_argument("--audio-output", metavar="NAME", help="libvlc audio output, e.g. 'dummy' (no sound card)")
    parser.add_argument("--theme", choices=("system", "light", "dark"),
                        help="colours: follow the desktop (default), or light / dark")
    parser.add_argument("--no-demo", action="store_true",
                        help="never fall back to the demo camera clip or the demo songs")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("paths", nargs="*", metavar="FILE",
                        help="songs, folders or playlists to play: the first now, the others next in the queue "
                             "(handed to the MoodPlayer window already open, if there is one)")
    return parser.parse_args(argv)


@dataclass
class App:
    """Everything main() builds, so tests can drive the real app without the event loop."""

    window: object
    session: object
    player: object
    camera: object | None
    store: object
    sorter: object | None = None  # qt.mood_sorter.MoodSorter: Mood > Sort…
    history: object | None = None  # qt.mood_history_recorder.MoodHistoryRecorder: Mood > Keep mood history
    loudness: object | None = None  # qt.loudness_scanner.LoudnessScanner: levelling of untagged songs

    def start(self, classifier=None, pool=None) -> None:
        """Open the camera and load the model in the background (after the window is shown)."""
        from moodplayer.qt.tasks import run_task

        if self.camera is not None:
            self.camera.start()
        if classifier is not None:
            run_task(lambda: _load_model(classifier), self.session.set_model, pool)

    def shutdown(self) -> None:
        """Stop timers, the scan and the camera first: nothing may call the player once it is released."""
        self.session.shutdown()
        if self.sorter is not None:
            self.sorter.shutdown()  # cancels a sort run and waits for its thread (and analysis workers)
        if self.history is not None:
            self.history.shutdown()
        if self.loudness is not None:
            self.loudness.shutdown()  # cancels the measuring and waits for its worker
        if self.camera is not None:
            self.camera.stop()
        self.player.shutdown()


def _load_model(classifier):
    """Load the model on the pool, with its identity (the file's sha256, which personal corrections are
    kept against): hashing the file costs milliseconds the window should not wait for."""
    from moodplayer.domain.errors import MoodPlayerError

    classifier.load()
    try:
        getattr(classifier, "sha256", None)  # read once and kept by the classifier
    except MoodPlayerError as error:  # the file went away after loading: the session says so
        logger.warning("Cannot read the model's identity: %s", error)
    return classifier


def _default_classifier(model: str | None):
    from moodplayer.vision.emotion import EmotionClassifier  # LiteRT loads in .load(), on the pool

    return EmotionClassifier(Path(model) if model else None)


def _open_camera(source):
    from moodplayer.vision.camera import open_camera  # cv2 loads on the camera thread

    return open_camera(source)


def _face_detector():
    from moodplayer.vision.faces import create_face_detector

    return create_face_detector()


def build(args: argparse.Namespace, store=None, player=None, classifier_factory=None, pool=None,
          camera_kwargs: dict | None = None, rng=None) -> App:
    """Build the services and the window (not shown). The QApplication must exist."""
    from moodplayer.playback import create_player
    from moodplayer.playback.base import PlayerError
    from moodplayer.playback.null_player import NullPlayer
    from moodplayer.qt.camera_worker import CameraThread
    from moodplayer.qt.player_adapter import QtPlayer
    from moodplayer.qt.session import PlaybackSession
    from moodplayer.qt.settings_store import SettingsStore
    from moodplayer.ui.main_window import MainWindow

    from moodplayer import demo

    if store is None:
        store = SettingsStore.from_file(Path(args.settings)) if args.settings else SettingsStore.user()
    settings = store.load()
    if args.music:
        settings.music_root = str(Path(args.music).expanduser().resolve())
    if args.camera is not None:
        settings.camera = args.camera
    if args.player:
        settings.player = args.player
    if args.theme:
        settings.theme = args.theme
    camera_on = not args.no_camera  # turned off in the settings: made, but closed (Mood > Use the camera)
    # Demo content only stands in for what the user has not given: an explicit --music or --camera wins.
    demo_music = None if args.music or args.no_demo else demo.use_demo_music(settings.music_root)
    demo_clip = None if args.camera is not None or args.no_demo else demo.demo_clip()

    playback_problem = ""
    if player is None:
        try:
            player = create_player(settings.player) if settings.player != "vlc" else _vlc(args)
        except PlayerError as error:
            logger.error("Playback unavailable: %s", error)
            playback_problem = f"Playback unavailable: {error}"
            player = NullPlayer()
    qt_player = QtPlayer(player)
    qt_player.set_replay_gain(settings.replay_gain)
    if qt_player.equalizer_presets():  # kept as it is for an engine without an equalizer
        _restore_equalizer(qt_player, settings)
    camera = None
    if camera_on:
        opener = demo.camera_opener(_open_camera, demo_clip) if demo_clip is not None else _open_camera
        camera = CameraThread(settings.camera, opener, _face_detector, **(camera_kwargs or {}))
        camera.set_on(settings.camera_enabled)
        camera.set_only_to_read(settings.camera_only_to_read)  # before it starts: never opened at launch
    from moodplayer.library.taste import TasteStore

    # Beside the settings file: the user's data folder, or a test's own temporary folder.
    taste = TasteStore(Path(store.path).with_name("taste.sqlite3")) if store.path else None
    from moodplayer.library.corrections import CorrectionStore
    from moodplayer.qt.personal_calibration import PersonalCalibration

    corrections = CorrectionStore(Path(store.path).with_name("corrections.sqlite3") if store.path else None)
    personal = PersonalCalibration(corrections, enabled=settings.adjust_to_me)
    session = PlaybackSession(qt_player, settings, camera=camera, pool=pool, rng=rng, taste=taste, personal=personal)
    personal.setParent(session)
    for local in (taste, corrections):
        if local is not None and local.problem:
            session.message.emit("warning", local.problem)
    if demo_music is not None:
        logger.info("Demo mode: playing the demo library %s", demo_music)
        session.start_demo(demo_music)
    else:
        # Scanned on the scan thread: the window shows at once and fills as songs are found.
        session.set_music_root(settings.music_root or None)
    session.restore()
    from moodplayer.qt.mood_sorter import MoodSorter

    # The audio feature cache sits beside the settings file, like taste.sqlite3 (opened at the first sort).
    sorter = MoodSorter(Path(store.path).parent if store.path else None)
    from moodplayer.qt.mood_history_recorder import MoodHistoryRecorder

    # Optional and off by default: the file is made beside the settings at the first mood it keeps.
    history = MoodHistoryRecorder(session, Path(store.path).with_name("mood_history.sqlite3") if store.path else None)
    from moodplayer.qt.loudness_scanner import LoudnessScanner, follow

    # Volume levelling of songs without ReplayGain tags; their measures sit beside the settings too.
    loudness = LoudnessScanner(Path(store.path).parent if store.path else None)
    follow(loudness, session)
    window = MainWindow(session, camera=camera, store=store, playback_problem=playback_problem, sorter=sorter,
                        history=history, loudness=loudness)
    if getattr(player, "note", ""):
        window.show_message("warning", player.note)  # e.g. no sound output: playing silently
    missing_device = _restore_audio_device(qt_player, settings)
    if missing_device:
        window.show_message("warning", missing_device)
    return App(window=window, session=session, player=qt_player, camera=camera, store=store, sorter=sorter,
               history=history, loudness=loudness)


def default_music_folder() -> Path:
    """``MoodPlayer`` in the user's music directory (QStandardPaths), e.g. ~/Music/MoodPlayer."""
    from PySide6.QtCore import QStandardPaths

    music = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
    return Path(music or Path.home() / "Music") / "MoodPlayer"


def needs_first_run(args: argparse.Namespace, store) -> bool:
    """First start: no settings file yet and no --music given (so tests and scripted runs skip it)."""
    return not args.music and not Path(store.path).exists()


def first_run(store, ask) -> Path | None:
    """Ask once for the music folder and the camera's use (``ask(default) -> (Path | None, only to
    read)``), create the mood folders and save.

    The settings file is written either way, so the question is not asked again; a refusal leaves
    the music folder unset (demo mode until one is chosen in the window).
    """
    from moodplayer.library.scanner import ensure_mood_folders

    settings = store.load()
    folder, settings.camera_only_to_read = ask(default_music_folder())
    if folder is not None:
        try:
            ensure_mood_folders(Path(folder))
            settings.music_root = str(Path(folder).resolve())
        except OSError as error:
            logger.error("Cannot create the mood folders in %r: %s", str(folder), error)
            folder = None
    store.save(settings)
    return folder


def listen_for_later_starts(window, path):
    """Later starts (a file manager's "Open With", ``moodplayer song.mp3``) hand their songs to
    ``window`` instead of opening a second player (qt/single_instance.py)."""
    from moodplayer.qt.single_instance import InstanceServer

    instance = InstanceServer(path, window)
    instance.opened.connect(window.open_from_outside)
    return instance


def _restore_equalizer(qt_player, settings) -> None:
    """The equalizer chosen last time; an unknown preset or unreadable custom bands fall back to none,
    with a warning (a settings file edited by hand, or another libvlc)."""
    from moodplayer.playback.base import PlayerError
    from moodplayer.playback.equalizer import CUSTOM, CustomEqualizer

    bands = len(qt_player.equalizer_bands_hz())
    if settings.custom_equalizer:
        try:
            qt_player.set_custom_equalizer(CustomEqualizer.parse(settings.custom_equalizer, bands))
        except (ValueError, PlayerError) as error:
            logger.warning("Ignoring setting custom_equalizer=%r (%s)", settings.custom_equalizer, error)
            settings.custom_equalizer = ""
            qt_player.player.custom_equalizer = None
    if settings.equalizer:
        try:
            qt_player.set_equalizer(settings.equalizer)
        except PlayerError:
            why = "no custom bands kept" if settings.equalizer == CUSTOM else "libvlc has no such preset"
            logger.warning("Ignoring setting equalizer=%r (%s)", settings.equalizer, why)
            settings.equalizer = ""
    else:
        qt_player.set_equalizer("")  # the custom bands are kept for Custom…, not heard


def _restore_audio_device(qt_player, settings) -> str:
    """The sound device chosen last time, when it is there; else the default output and a message
    (a USB DAC or headphones unplugged since). The choice is kept for when it is back."""
    if not settings.audio_device:
        return ""
    if settings.audio_device not in dict(qt_player.audio_devices()):
        logger.info("Audio device %r is not there: the default output plays", settings.audio_device)
        return (f"The audio device chosen last time ({settings.audio_device}) is not connected: "
                "playing on the default output.")
    qt_player.set_audio_device(settings.audio_device)
    return ""


def _vlc(args):
    from moodplayer.playback.vlc_player import VlcPlayer

    return VlcPlayer(aout=args.audio_output)


def _song_notifications(app):
    """Desktop notifications of the songs that start while the window is not in front (the menu
    entry is greyed with the reason once the session bus says it has no notification server)."""
    from moodplayer.qt.notifications import SongNotifications

    window = app.window
    return SongNotifications(app.session, in_front=lambda: window.isActiveWindow() and not window.isMinimized(),
                             on_unavailable=window.notifications_unavailable, parent=window)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    problem = display_problem()
    if problem:  # before Qt, which would abort
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    from moodplayer.logsetup import configure_logging, install_excepthook

    configure_logging(args.verbose)
    from PySide6.QtWidgets import QApplication

    qt_app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "moodplayer"])
    qt_app.setApplicationName("MoodPlayer")
    qt_app.setOrganizationName("MoodPlayer")
    qt_app.setDesktopFileName("moodplayer")  # matches assets/moodplayer.desktop (taskbar icon on Wayland)
    from moodplayer.qt.collector import MainThreadCollector

    MainThreadCollector(qt_app).start()  # reference cycles are freed on this thread, never on a worker's
    from PySide6.QtGui import QIcon

    from moodplayer.resources import resource_path

    qt_app.setWindowIcon(QIcon(str(resource_path("assets", "moodplayer.png"))))
    from moodplayer.qt.settings_store import SettingsError, SettingsStore

    try:
        store = SettingsStore.from_file(Path(args.settings)) if args.settings else SettingsStore.user()
    except SettingsError as error:  # a folder or a device where the file should be: nothing to run with
        print(f"moodplayer: {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    from moodplayer.qt.single_instance import hand_over, socket_path

    instance_path = socket_path(store.path)
    if hand_over(instance_path, [Path(p) for p in args.paths]):
        count = len(args.paths)
        done = f"sent it {count} path{'s' if count != 1 else ''}" if count else "brought it to the front"
        print(f"MoodPlayer is open already: {done}.")
        return 0
    asked = needs_first_run(args, store)
    if asked:
        from moodplayer.ui.first_run import FirstRunDialog

        first_run(store, FirstRunDialog.ask)
    from moodplayer.ui.theme import apply_theme

    apply_theme(args.theme or store.load().theme, qt_app)  # before the widgets exist: their styles use it
    app = build(args, store=store)
    install_excepthook(lambda text: app.window.show_message("error", text))
    from moodplayer.qt.stop_signals import StopOnSignals

    # kill / Ctrl+C: closed like the window (its close saves the settings), then out of any dialog's
    # loop too. Caught from here on, before the window can be found (its socket): a signal that
    # comes before the event loop runs waits for it, never ends the process with nothing saved.
    StopOnSignals(lambda: (app.window.quit_app(), qt_app.quit()), app.window)
    app.window.show()
    if asked:
        # The welcome dialog had the focus and is gone: some window managers (Openbox) then give it
        # to nobody, and the keys do nothing until a click. Asked once the event loop has shown it.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.window.activateWindow)
    logger.info("Window shown")
    instance = listen_for_later_starts(app.window, instance_path)
    if args.paths:
        app.window.open_from_outside([Path(p) for p in args.paths])
    from moodplayer.qt.mpris import register_mpris

    mpris = register_mpris(app.session, app.window)  # None without a session bus: media keys off, all else on
    notifications = _song_notifications(app)
    classifier = _default_classifier(args.model) if app.camera is not None else None
    app.start(classifier)
    qt_app.aboutToQuit.connect(app.shutdown)
    qt_app.aboutToQuit.connect(instance.close)
    if mpris is not None:
        qt_app.aboutToQuit.connect(mpris.unregister)
    qt_app.aboutToQuit.connect(notifications.close)
    code = qt_app.exec()
    # Settings are saved and the player released (aboutToQuit). A background task may still run
    # (the model loading): waiting for it kept the process alive for seconds after the window
    # closed, and letting the interpreter tear down under it crashed. Leave at once instead.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))


if __name__ == "__main__":
    raise SystemExit(main())
