"""Drag-and-drop payloads shared by the library tree and the queue, and paths in Qt item data.

A path never travels as a Qt string: QString drops the undecodable bytes of a non-UTF-8 file
name, and the shortened path names another file. Items hold the path's bytes; drags carry them
hex-encoded, and as percent-encoded ``file://`` URLs for other applications.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QUrl

from moodplayer.domain.paths import from_uri, to_uri

TRACKS_MIME = "application/x-moodplayer-tracks"  # JSON list of hex-encoded path bytes (from the mood folders)
QUEUE_ROWS_MIME = "application/x-moodplayer-queue-rows"  # JSON list of queue rows (reordering)


def path_data(path: Path) -> QByteArray:
    """What an item stores for its file: the path's own bytes."""
    return QByteArray(os.fsencode(path))


def data_path(value) -> Path | None:
    """The path an item stored with ``path_data`` (None for items without a file)."""
    if value is None:
        return None
    raw = value.data() if isinstance(value, QByteArray) else value
    return Path(os.fsdecode(bytes(raw))) if raw else None


def tracks_mime(paths) -> QMimeData:
    data = QMimeData()
    data.setData(TRACKS_MIME, json.dumps([os.fsencode(p).hex() for p in paths]).encode())
    # Also as file URLs, so a track can be dropped on other applications.
    data.setUrls([QUrl.fromEncoded(to_uri(p).encode("ascii")) for p in paths])
    return data


def read_tracks(data: QMimeData) -> list[Path]:
    try:
        entries = json.loads(bytes(data.data(TRACKS_MIME).data()).decode("ascii") or "[]")
        return [Path(os.fsdecode(bytes.fromhex(entry))) for entry in entries]
    except (ValueError, TypeError):
        return []  # not our format (another program's drag): nothing to move


def queue_rows_mime(rows) -> QMimeData:
    data = QMimeData()
    data.setData(QUEUE_ROWS_MIME, json.dumps(list(rows)).encode())
    return data


def read_queue_rows(data: QMimeData) -> list[int]:
    return [int(r) for r in json.loads(bytes(data.data(QUEUE_ROWS_MIME).data()).decode() or "[]")]


def local_files(data: QMimeData) -> list[Path]:
    """Files and folders dropped from the file manager, byte for byte (``%E9`` stays 0xE9)."""
    paths = []
    for url in data.urls():
        if url.isLocalFile():
            try:
                paths.append(from_uri(bytes(url.toEncoded().data()).decode("ascii")))
            except ValueError:
                paths.append(Path(url.toLocalFile()))
    return paths
