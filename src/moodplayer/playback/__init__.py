"""Playback engines behind one small interface (base.Player). python-vlc only in vlc_player.py."""

from __future__ import annotations

from moodplayer.playback.base import Player, PlayerError


def create_player(name: str = "vlc") -> Player:
    """The engine called ``name`` ("vlc" or "null"); PlayerError when it cannot start (no libvlc)."""
    if name == "null":
        from moodplayer.playback.null_player import NullPlayer

        return NullPlayer()
    if name == "vlc":
        from moodplayer.playback.vlc_player import VlcPlayer

        return VlcPlayer()
    raise PlayerError(f"unknown playback engine {name!r} (expected 'vlc' or 'null')")
