"""Drag-and-drop payloads shared by the library tree and the queue."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

TRACKS_MIME = "application/x-moodplayer-tracks"  # JSON list of file paths (from the mood folders)
QUEUE_ROWS_MIME = "application/x-moodplayer-queue-rows"  # JSON list of queue rows (reordering)


def tracks_mime(paths) -> QMimeData:
    data = QMimeData()
    data.setData(TRACKS_MIME, json.dumps([str(p) for p in paths]).encode())
    # Also as file URLs, so a track can be dropped on other applications.
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def read_tracks(data: QMimeData) -> list[Path]:
    return [Path(p) for p in json.loads(bytes(data.data(TRACKS_MIME).data()).decode() or "[]")]


def queue_rows_mime(rows) -> QMimeData:
    data = QMimeData()
    data.setData(QUEUE_ROWS_MIME, json.dumps(list(rows)).encode())
    return data


def read_queue_rows(data: QMimeData) -> list[int]:
    return [int(r) for r in json.loads(bytes(data.data(QUEUE_ROWS_MIME).data()).decode() or "[]")]


def local_files(data: QMimeData) -> list[Path]:
    """Files and folders dropped from the file manager."""
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
