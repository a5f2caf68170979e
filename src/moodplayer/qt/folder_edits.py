"""The session's edits of the mood folders: copy in, move between moods (undoable), move to the
trash. An object PlaybackSession holds (``session.folder_edits``; qt/session.py forwards its public
methods), kept apart so that file stays about playback. Each edit updates the library shown at once;
the watcher's coalesced re-scan confirms it later."""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import time
from pathlib import Path

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.paths import display_name
from moodplayer.library import folders
from moodplayer.library.scanner import mood_folder, path_order, read_track
from moodplayer.library.track import Track
from moodplayer.qt.tasks import run_task
from moodplayer.qt.trash import move_to_trash


class MoodFolderEdits:
    """The edits of one session's mood folders. Uses the session's library, queue, current song, music
    folder (user_root, demo_root), pool and signals (message, library_changed, queue_changed, files_imported)."""

    def __init__(self, session):
        self.session = session
        self.last_moves: list[tuple[Path, Path]] = []  # the last move between moods (new, old), for undo
        self.last_move_at = 0.0  # its time.monotonic(): Undo takes back the newest of it and a queue edit
        self._undo_group: list[tuple[Path, Path]] | None = None  # one_undo_step() is under way
        self.edited_during_scan = False  # a copy or move of ours landed while a scan ran (it may miss it)

    def _refuse_in_demo(self) -> bool:
        if self.session.demo_root is None:
            return False
        self.session.message.emit("warning", "Demo songs cannot be moved or removed. Choose your own music "
                                  "folder (File > Choose music folder…).")
        return True

    def import_files(self, mood: str, paths, sync: bool = False) -> folders.ImportReport | None:
        """Copy the audio among ``paths`` into ``mood``'s folder. The copying runs on the pool (a big
        album never freezes the window) and ends with ``files_imported``; ``sync`` runs it here and
        returns the report (one file the Sort dialog accepted). None when nothing can be copied."""
        session = self.session
        if session.demo_root is not None and session.user_root is not None and session.user_root.is_dir():
            # Songs dropped in demo mode go to the user's (empty) folder, which then replaces the demo.
            session.set_music_root(session.user_root)
        if session.demo_root is not None:
            session.set_root_problem("Demo mode: choose your music folder before adding songs.")
            session.message.emit("warning", "Choose your music folder before adding songs "
                                 "(songs are never added to the demo library).")
            return None
        root = session.music_root
        if root is None or not root.is_dir():
            session.set_root_problem("Choose the music folder before adding songs.")
            session.message.emit("warning", "Choose the music folder before adding songs.")
            return None
        dropped = [Path(p) for p in paths]
        if sync:
            report = folders.import_into_mood(root, mood, dropped)
            self._imported(mood, report)
            return report

        def done(report, error):
            if error is not None:
                session.message.emit("error", f"Cannot add the songs to {mood.title()}: {error}")
                return
            if not session.closed:
                self._imported(mood, report)

        run_task(lambda: folders.import_into_mood(root, mood, dropped), done, session.pool)
        return None

    def _imported(self, mood: str, report: folders.ImportReport) -> None:
        level = "warning" if report.skipped or report.failed else "info"
        self.session.message.emit(level, report.summary(mood))
        for path in report.copied:
            self.library_add(read_track(path, mood))
        self.library_edited()
        self.session.files_imported.emit(mood, report)

    def tracks_to_move(self, mood: str, paths) -> list[Path]:
        """The ``paths`` a drop on ``mood`` would really move (not those already in that mood)."""
        root = self.session.music_root
        if root is None:
            return []
        folder = mood_folder(root, mood)
        return [path for path in map(Path, paths) if not folders.is_within(path, folder)]

    def move_tracks(self, mood: str, paths) -> None:
        session = self.session
        root = session.music_root
        if root is None or self._refuse_in_demo():
            return
        moved = 0
        moves: list[tuple[Path, Path]] = []  # (new path, old path), for undo
        for path in map(Path, paths):
            try:
                target = folders.move_to_mood(root, path, mood)
            except folders.SourceReplaced as kept:
                # Both versions are kept: the newer one where it was, the moved one in the mood.
                session.message.emit("warning", f"{display_name(path)} {kept.strerror}.")
                self.library_add(read_track(kept.target, mood))
                continue
            except OSError as error:
                session.message.emit("error", f"Cannot move {display_name(path)} to {mood}: {error.strerror or error}")
                continue
            if target == path:
                continue
            moved += 1
            moves.append((target, path))
            old = self.library_remove(path)
            self.library_add(dataclasses.replace(old, path=target, mood=mood) if old else read_track(target, mood))
            if session.current is not None and session.current.path == path:
                session.current = dataclasses.replace(session.current, path=target, mood=mood)
        session.queue.rename({old: new for new, old in moves})  # the queued songs follow
        if moved:
            group = self._undo_group
            if group is not None:  # one_undo_step(): this move joins the others
                group.extend(moves)
            self.last_moves = list(group) if group is not None else moves
            self.last_move_at = time.monotonic()
            renamed = [(new, old) for new, old in moves if new.name != old.name]
            text = f"Moved {moved} song{'s' if moved != 1 else ''} to {mood.title()}"
            if renamed:
                new, old = renamed[0]
                text += (f"; '{display_name(old)}' was already there and was saved as '{display_name(new)}'"
                         + (f" (and {len(renamed) - 1} more renamed)" if len(renamed) > 1 else ""))
            session.message.emit("info", text + ". Undo: Ctrl+Z.")
        self.library_edited()
        session.queue_changed.emit()

    def delete_tracks(self, paths) -> None:
        """Move songs to the desktop's trash (restorable from the file manager)."""
        if self._refuse_in_demo():
            return
        session = self.session
        trashed = 0
        for path in map(Path, paths):
            try:
                move_to_trash(path)
            except OSError as error:
                session.message.emit("error", f"Cannot move {display_name(path)} to the trash: "
                                     f"{error.strerror or error}")
                continue
            trashed += 1
            session.queue.discard(path)
            self.library_remove(path)
        if trashed:
            names = display_name(paths[0]) if trashed == 1 else f"{trashed} songs"
            session.message.emit("info", f"Moved {names} to the trash (restore from your file manager's trash).")
        self.library_edited()
        session.queue_changed.emit()

    @contextlib.contextmanager
    def one_undo_step(self):
        """The moves made inside are undone together (the Sort dialog's "Accept all")."""
        self._undo_group = []
        try:
            yield
        finally:
            self._undo_group = None

    @property
    def can_undo_move(self) -> bool:
        return bool(self.last_moves)

    def undo_move(self) -> None:
        """Put the songs of the last move back where they were (their old names, unless taken)."""
        session = self.session
        moves, self.last_moves = self.last_moves, []
        if not moves:
            session.message.emit("info", "Nothing to undo.")
            return
        back = 0
        restored_from: dict[Path, Path] = {}  # where a song was: where it is back
        for target, original in reversed(moves):
            try:
                restored = folders.safe_move(target, original.parent, original.name)
            except OSError as error:
                session.message.emit("error", f"Cannot move {display_name(target)} back: {error.strerror or error}")
                continue
            back += 1
            old = self.library_remove(target)
            mood = old.mood if old else None
            root = session.music_root
            for candidate in EMOTIONS:
                if root is not None and folders.is_within(restored, mood_folder(root, candidate)):
                    mood = candidate
            self.library_add(dataclasses.replace(old, path=restored, mood=mood) if old else read_track(restored, mood))
            restored_from[target] = restored
            if session.current is not None and session.current.path == target:
                session.current = dataclasses.replace(session.current, path=restored, mood=mood)
        session.queue.rename(restored_from)  # the queued songs follow
        if back:
            session.message.emit("info", f"Undone: {back} song{'s' if back != 1 else ''} moved back.")
        self.library_edited()
        session.queue_changed.emit()

    # -- the library shown --------------------------------------------------------------------
    def library_add(self, track: Track) -> None:
        """Show a song our edit put in a mood folder (in the scan's order)."""
        tracks = self.session.library.setdefault(track.mood, [])
        if any(t.path == track.path for t in tracks):
            return  # the scan under way found it first
        keys = [path_order(t.path) for t in tracks]
        tracks.insert(bisect.bisect(keys, path_order(track.path)), track)

    def library_remove(self, path: Path) -> Track | None:
        """Stop showing the song at ``path``; the track it was, if shown."""
        for tracks in self.session.library.values():
            for i, track in enumerate(tracks):
                if track.path == path:
                    return tracks.pop(i)
        return None

    def library_edited(self) -> None:
        """Our own edit is shown at once; the watcher's re-scan (coalesced) confirms it later."""
        session = self.session
        if session.scanning:
            self.edited_during_scan = True  # that scan may have read the folder before the edit
        session.library_changed.emit()
        if any(session.library.values()) and session.root_problem.endswith("has no songs in its mood folders yet."):
            session.set_root_problem("")
