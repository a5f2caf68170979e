"""What a window test reads and does often: the status bar's message, a song's row in the mood
folders, a mood picked and playing."""

from __future__ import annotations

from pathlib import Path


def status(app) -> str:
    return app.window.statusBar().currentMessage()


def song_row(tree, path: Path):
    """The mood folders' row of ``path`` (AssertionError when it is not shown)."""
    for top in range(tree.topLevelItemCount()):
        mood = tree.topLevelItem(top)
        for index in range(mood.childCount()):
            if tree.item_path(mood.child(index)) == path:
                return mood.child(index)
    raise AssertionError(f"{path} is not shown")


def playing(qtbot, app, mood: str = "happy") -> Path:
    """``mood`` picked by hand and one of its songs playing; that song's path."""
    from moodplayer.playback.base import PlayerState

    app.session.pick_mood(mood)
    qtbot.waitUntil(lambda: app.player.state == PlayerState.PLAYING, timeout=5000)
    return app.session.current.path
