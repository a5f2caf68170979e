"""The mood folders' edits (qt/folder_edits.py) are an object the session holds, not methods mixed
into it: they work on any session-shaped object, here a plain stand-in with recorded signals."""

from pathlib import Path
from types import SimpleNamespace

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.scanner import ensure_mood_folders
from moodplayer.library.track import Track
from moodplayer.qt.folder_edits import MoodFolderEdits
from moodplayer.selection import PlayQueue


class Said(list):
    """A signal stand-in: what was emitted, in order."""

    def emit(self, *args):
        self.append(args)


def stand_in(root: Path, song: Path) -> SimpleNamespace:
    library = {mood: [] for mood in EMOTIONS}
    library["happy"] = [Track(path=song, title="A song", mood="happy")]
    queue = PlayQueue()
    queue.add(song)
    return SimpleNamespace(music_root=root, user_root=root, demo_root=None, library=library, queue=queue,
                           current=library["happy"][0], scanning=False, root_problem="", closed=False, pool=None,
                           message=Said(), library_changed=Said(), queue_changed=Said(), files_imported=Said())


def test_a_move_between_moods_and_its_undo(tmp_path):
    root = tmp_path / "music"
    ensure_mood_folders(root)
    song = root / "happy" / "a.wav"
    song.write_bytes(b"RIFF")
    session = stand_in(root, song)
    edits = MoodFolderEdits(session)
    assert edits.tracks_to_move("happy", [song]) == [] and edits.tracks_to_move("sad", [song]) == [song]

    edits.move_tracks("sad", [song])
    moved = root / "sad" / "a.wav"
    assert moved.is_file() and not song.exists() and edits.last_moves == [(moved, song)] and edits.can_undo_move
    assert session.library["happy"] == [] and [(t.path, t.title) for t in session.library["sad"]] == [(moved, "A song")]
    assert session.queue.hand == [moved] and session.current.path == moved and session.current.mood == "sad"
    assert session.message[-1] == ("info", "Moved 1 song to Sad. Undo: Ctrl+Z.")
    assert session.library_changed and session.queue_changed

    edits.undo_move()
    assert song.is_file() and not moved.exists() and not edits.can_undo_move
    assert [t.path for t in session.library["happy"]] == [song] and session.queue.hand == [song]
    assert session.message[-1] == ("info", "Undone: 1 song moved back.")


def test_moves_in_one_undo_step_go_back_together_and_a_scan_under_way_is_told(tmp_path):
    root = tmp_path / "music"
    ensure_mood_folders(root)
    first, second = root / "happy" / "a.wav", root / "happy" / "b.wav"
    for song in (first, second):
        song.write_bytes(b"RIFF")
    session = stand_in(root, first)
    session.scanning = True
    edits = MoodFolderEdits(session)
    with edits.one_undo_step():  # the Sort dialog's "Accept all"
        edits.move_tracks("sad", [first])
        edits.move_tracks("fear", [second])
    assert edits.last_moves == [(root / "sad" / "a.wav", first), (root / "fear" / "b.wav", second)]
    assert edits.edited_during_scan, "the scan under way may have read the folders before the moves"
    edits.undo_move()
    assert first.is_file() and second.is_file() and session.message[-1] == ("info", "Undone: 2 songs moved back.")
