"""Playlists in the app: save the queue or the last hour of a mood; import a playlist into the queue
or into a mood folder. Reading and copying run on the pool, and the songs read are added to the
queue a chunk per turn of the event loop, so a huge playlist never freezes the window; the result
comes back as one message. The formats are library/playlists.py."""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from moodplayer.library.opened import resolve_opened
from moodplayer.library.playlists import (PlaylistError, import_playlist_into_mood, read_playlist, recent_plays,
                                           write_playlist)
from moodplayer.library.scanner import read_track
from moodplayer.qt.tasks import run_task
from moodplayer.settings import QUEUE_KEPT

logger = logging.getLogger(__name__)

# Songs added to the queue per turn of the event loop: a long import is queued a chunk at a time and
# the window answers between chunks.
QUEUE_CHUNK = 5_000


class PlaylistActions(QObject):
    def __init__(self, session, pool=None, parent=None):
        super().__init__(parent or session)
        self.session = session
        self.pool = pool
        # Imports waiting to be queued, in order: [songs, how many are queued already, level, message].
        self._to_queue: deque[list] = deque()
        self._next_chunk = QTimer(self, singleShot=True, interval=0)
        self._next_chunk.timeout.connect(self._queue_chunk)

    def _library_tracks(self):
        return [t for tracks in self.session.library.values() for t in tracks]

    # -- out -----------------------------------------------------------------------------------
    def queue_entries(self):
        """The song playing now, then the queue, as Tracks (tags where the library has them)."""
        session = self.session
        paths = ([session.current.path] if session.current else []) + list(session.queue.hand)
        return [session.find_track(p) or read_track(p, None) for p in paths]

    def save(self, target: Path, entries, overwrite: bool = False) -> bool:
        if not entries:
            self.session.message.emit("info", "Nothing to save: the queue is empty and nothing is playing.")
            return False
        try:
            written = write_playlist(target, entries, self.session.user_root, overwrite=overwrite)
        except PlaylistError as error:
            self.session.message.emit("error", f"Cannot save the playlist: {error}")
            return False
        self.session.message.emit("info", f"Saved {len(entries)} song{'s' if len(entries) != 1 else ''} "
                                          f"as {written.name}.")
        return True

    def save_queue(self, target: Path, overwrite: bool = False) -> bool:
        return self.save(target, self.queue_entries(), overwrite)

    def save_recent(self, target: Path, mood: str, overwrite: bool = False) -> bool:
        """The last hour of what played for ``mood``."""
        paths = [p for p in recent_plays(self.session.played, mood) if p.is_file()]
        entries = [self.session.find_track(p) or read_track(p, mood) for p in paths]
        if not entries:
            self.session.message.emit("info", f"Nothing played for {mood} in the last hour.")
            return False
        return self.save(target, entries, overwrite)

    # -- in ------------------------------------------------------------------------------------
    def import_into_queue(self, playlist: Path, sync: bool = False) -> None:
        library = self._library_tracks()

        def done(result, error):
            if error is not None:
                self._failed(playlist, error)
                return
            level = "warning" if result.missing or result.urls or result.skipped else "info"
            if len(result.resolved) > QUEUE_CHUNK:
                self.session.message.emit("info", f"{playlist.name}: queueing {len(result.resolved):,} songs…")
            self._to_queue.append([result.resolved, 0, level, f"{playlist.name}: {result.summary('Queued')}"])
            self._queue_chunk()

        self._run(lambda: read_playlist(playlist, library), done, sync)

    def _queue_chunk(self) -> None:
        """Queue the next QUEUE_CHUNK songs of the first import waiting; its message once all are in."""
        if not self._to_queue:
            return
        waiting = self._to_queue[0]
        songs, start, level, message = waiting
        self.session.enqueue(songs[start:start + QUEUE_CHUNK])
        waiting[1] = start + QUEUE_CHUNK
        if waiting[1] >= len(songs):
            self._to_queue.popleft()
            if len(self.session.queue.hand) > QUEUE_KEPT:
                message = (message.removesuffix(".") + f"; the first {QUEUE_KEPT:,} songs of the queue are kept "
                           "for the next start.")
            self.session.message.emit(level, message)
        if self._to_queue:
            self._next_chunk.start()

    def finish_queueing(self) -> None:
        """Queue every song still waiting at once (the window is closing: the queue is saved next)."""
        self._next_chunk.stop()
        while self._to_queue:
            self._queue_chunk()
        self._next_chunk.stop()

    def open_paths(self, paths, sync: bool = False) -> None:
        """Songs, folders or playlists opened from outside the window (the command line, a file
        manager's "Open With"): the first song plays now, the others are next in the queue."""
        library = self._library_tracks()

        def done(result, error):
            if error is not None:
                logger.error("Opening %r failed", [str(p) for p in paths], exc_info=error)
                self.session.message.emit("error", f"Cannot open: {type(error).__name__}: {error}")
                return
            if result.songs:
                self.session.play_opened(result.songs)
            self.session.message.emit("warning" if result.problems or not result.songs else "info", result.summary())

        self._run(lambda: resolve_opened(paths, library), done, sync)

    def import_into_mood(self, playlist: Path, mood: str, sync: bool = False) -> None:
        """Copy the playlist's songs into ``mood``'s folder (safely: names on clash renamed)."""
        root = self.session.music_root
        if root is None or self.session.demo_root is not None or not root.is_dir():
            self.session.message.emit("warning", "Choose your music folder before adding songs.")
            return
        library = self._library_tracks()

        def work():
            # A song listed twice is copied once; one already in the mood's folder stays as it is.
            return import_playlist_into_mood(root, mood, playlist, library)

        def done(result, error):
            if error is not None:
                self._failed(playlist, error)
                return
            for path in result.report.copied:
                self.session.folder_edits.library_add(read_track(path, mood))
            self.session.folder_edits.library_edited()
            found, report = result.found, result.report
            level = "warning" if found.missing or found.urls or found.skipped or report.failed else "info"
            self.session.message.emit(level, f"{playlist.name}: {result.summary(mood)}")

        self._run(work, done, sync)

    def _run(self, work, done, sync: bool) -> None:
        if sync:
            try:
                result, error = work(), None
            except Exception as exc:  # noqa: BLE001 - handed to done() like the pool would
                result, error = None, exc
            done(result, error)
        else:
            run_task(work, done, self.pool)

    def _failed(self, playlist: Path, error: BaseException) -> None:
        if isinstance(error, (PlaylistError, OSError)):
            self.session.message.emit("error", f"Cannot read the playlist: {error}")
        else:
            logger.error("Importing %r failed", str(playlist), exc_info=error)
            self.session.message.emit("error", f"Cannot import {playlist.name}: {type(error).__name__}: {error}")
