"""The system tray icon (View > Show in the system tray), as Strawberry's and VLC's: the song playing
and the mood in its tooltip; a click shows or minimizes the window, a middle click plays or pauses;
its menu plays, pauses, skips, reads the mood, picks one by hand and quits.

Only where the desktop has a tray (KDE, Xfce, Cinnamon, MATE…; GNOME needs an extension): elsewhere
the menu entry is greyed with the reason. Closing the window quits, unless View > Keep playing in
the tray when closed is on: then the window hides and the icon brings it back (its Quit quits).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.playback.base import PlayerState
from moodplayer.ui.mood_style import mood_icon

NO_TRAY = "This desktop has no system tray"


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def tray_tooltip(track, mood: str, state: PlayerState) -> str:
    """What the icon says on hover: the song (and whether it plays) and the mood."""
    lines = ["MoodPlayer"]
    if track is not None:
        how = {PlayerState.PLAYING: "▶", PlayerState.PAUSED: "⏸"}.get(state, "■")
        song = track.display_title + (f" — {track.artist}" if track.artist else "")
        lines.append(f"{how} {song}")
    else:
        lines.append("Nothing playing")
    if mood:
        lines.append(f"Mood: {mood}")
    return "\n".join(lines)


class PlayerTray(QSystemTrayIcon):
    def __init__(self, window):
        icon = QApplication.windowIcon()
        super().__init__(icon if not icon.isNull() else QIcon.fromTheme("moodplayer"), window)
        self.window = window
        session = window.session
        self.menu = QMenu()  # a tray menu has no parent widget: kept alive here
        self.now_playing = self.menu.addAction("Nothing playing")
        self.now_playing.setEnabled(False)
        self.menu.addSeparator()
        self.play_pause = self._add("Play", session.toggle)
        self.next_song = self._add("Next song", session.next)
        self.detect = self._add("Detect mood", window.detect)
        # A mood by hand, the window hidden: the Mood menu's choices, the one playing checked.
        self.moods = self.menu.addMenu("Play a mood")
        for mood in EMOTIONS:
            action = self.moods.addAction(mood_icon(mood), mood.title())
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, m=mood: session.pick_mood(m))
        self.menu.addSeparator()
        self.show_window = self._add("Show MoodPlayer", self.toggle_window)
        self.quit = self._add("Quit", window.quit_app)
        self.setContextMenu(self.menu)
        self.activated.connect(self._activated)
        session.track_changed.connect(lambda _track: self.refresh())
        session.mood_changed.connect(lambda *_args: self.refresh())
        session.player.state_changed.connect(lambda _state: self.refresh())
        self.menu.aboutToShow.connect(self.refresh)
        self.refresh()

    def _add(self, text: str, slot) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def refresh(self) -> None:
        session = self.window.session
        state = session.player.state
        self.setToolTip(tray_tooltip(session.current, session.mood, state))
        self.now_playing.setText(self.toolTip().splitlines()[1])
        self.play_pause.setText("Pause" if state == PlayerState.PLAYING else "Play")
        self.detect.setEnabled(session.can_detect)
        for action in self.moods.actions():
            action.setChecked(action.text().lower() == session.mood)
        hides = session.settings.keep_in_tray
        shown = "Hide MoodPlayer" if hides else "Minimize MoodPlayer"
        self.show_window.setText(shown if self._window_shown() else "Show MoodPlayer")

    def _window_shown(self) -> bool:
        return self.window.isVisible() and not self.window.isMinimized()

    def toggle_window(self) -> None:
        """Minimized or hidden: back in front; shown: minimized, or hidden in the tray when the window
        is kept there (it plays on either way)."""
        if self._window_shown():
            if self.window.session.settings.keep_in_tray:
                self.window.hide_to_tray()
            else:
                self.window.showMinimized()
        else:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()
        self.refresh()

    def _activated(self, reason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()
        elif reason == QSystemTrayIcon.ActivationReason.MiddleClick:
            self.window.session.toggle()
