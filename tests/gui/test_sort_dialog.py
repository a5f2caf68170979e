"""Mood > Sort…: suggestions for new songs in the window, accepted into the mood folders.

Real files throughout: generated WAV songs analysed by the real pipeline (worker processes, the
shipped audio model) where the analysis itself is under test; Suggestion objects made by hand
(through a sorter whose pipeline is a fake) where the dialog's logic is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import ModelLoadError
from moodplayer.qt.mood_sorter import MoodSorter
from moodplayer.suggestion import CONFIDENT, FolderProfile, Suggestion
from moodplayer.ui.sort_dialog import CONFIDENCE, REASON

RATE = 22050


def write_energetic(path: Path, seed: int = 0, seconds: float = 3.0) -> Path:
    """Loud, fast and percussive: a distorted pulsing bass with a noise hit every quarter second."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    y = 0.5 * np.tanh(3 * np.sin(2 * np.pi * (110 + 10 * seed) * t) * np.sign(np.sin(2 * np.pi * 2 * t)))
    for onset in np.arange(0, seconds, 0.25):
        i = int(onset * RATE)
        n = min(int(0.05 * RATE), y.size - i)
        y[i:i + n] += rng.standard_normal(n) * np.exp(-np.arange(n) / (0.01 * RATE))
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, np.clip(0.9 * y, -1, 1).astype(np.float32), RATE)
    return path


def write_calm(path: Path, seed: int = 0, seconds: float = 3.0) -> Path:
    """Soft and slow: two quiet sustained tones swelling slowly."""
    t = np.arange(int(seconds * RATE)) / RATE
    root = 220 + 15 * seed
    y = 0.05 * (np.sin(2 * np.pi * root * t) + np.sin(2 * np.pi * root * 1.26 * t)) * (0.6 + 0.4 * np.sin(0.6 * t))
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, y.astype(np.float32), RATE)
    return path


@pytest.fixture
def root(tmp_path):
    """A music folder whose angry folder holds loud fast songs and whose sad folder soft slow ones."""
    music = tmp_path / "music"
    for n in range(3):
        write_energetic(music / "angry" / f"angry-{n}.wav", seed=n)
        write_calm(music / "sad" / f"sad-{n}.wav", seed=n)
    for mood in EMOTIONS:
        (music / mood).mkdir(parents=True, exist_ok=True)
    return music


def open_app(make_app, music):
    return make_app("--music", str(music), "--no-camera", "--no-demo", player="null")


def fake_sorter(app, suggest, load_model=lambda: object()):
    """Replace the window's sorter by one whose pipeline is ``suggest(paths, cancel)`` (no analysis)."""

    def learn(root, model, *, cache=None, cancel=None, workers=2, progress=None):
        return FolderProfile({})

    def suggest_files(paths, model, *, profile=None, cache=None, cancel=None, workers=2, progress=None):
        yield from suggest(paths, cancel)

    sorter = MoodSorter(None, load_model=load_model, learn=learn, suggest=suggest_files)
    app.window.sorting.sorter = sorter
    app.sorter = sorter  # shut down with the app
    return sorter


def suggestions_for(table: dict[str, tuple[str, float]]):
    """A fake pipeline: file name -> (mood, confidence)."""

    def suggest(paths, cancel):
        for path in paths:
            mood, confidence = table[path.name]
            yield Suggestion(path, mood, confidence, reason=f"made up -> {mood}", probabilities={mood: confidence})

    return suggest


def run_inbox(qtbot, app, count: int, timeout: int = 10000):
    app.window.sorting.sort_inbox()
    dialog = app.window.sorting.dialog
    qtbot.waitUntil(lambda: len(dialog.rows) == count and not app.window.sorting.sorter.active, timeout=timeout)
    return dialog


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_inbox_is_analysed_and_accepting_moves_each_song_renaming_a_clash(qtbot, make_app, root):
    inbox = root / "Unsorted"
    loud = write_energetic(inbox / "loud.wav", seed=7)
    soft = write_calm(inbox / "soft.wav", seed=7)
    (inbox / "broken.wav").write_bytes(b"this is not audio" * 20)
    loud_bytes, soft_bytes = loud.read_bytes(), soft.read_bytes()
    app = open_app(make_app, root)
    # Real analysis in worker processes: generous time, nothing measured.
    dialog = run_inbox(qtbot, app, 3, timeout=180000)
    assert dialog.status.text().startswith("Done: 2 songs analysed")
    assert dialog.status.text().endswith(", 1 could not be analysed.")
    assert not dialog.how.isVisible(), "the inbox is always moved: no copy choice"
    loud_row, soft_row, broken_row = (dialog.row_of(inbox / name) for name in ("loud.wav", "soft.wav", "broken.wav"))
    for row in (loud_row, soft_row):
        assert row.state == "pending" and row.suggestion.mood in EMOTIONS
        assert row.suggestion.reason.endswith(f"-> {row.suggestion.mood}")
    assert broken_row.state == "error" and broken_row.button is None
    assert "broken.wav" in broken_row.suggestion.error and broken_row.status == "Cannot be analysed"
    shown = dialog.table.item(dialog.rows.index(broken_row), REASON)
    assert str(inbox) not in shown.text() and shown.toolTip() == broken_row.suggestion.error

    # A song of the same name already in the suggested folder: kept, the new one renamed.
    target = root / loud_row.mood
    (target / "loud.wav").write_bytes(b"already here")
    click(qtbot, loud_row.button)
    assert not loud.exists()
    assert (target / "loud.wav").read_bytes() == b"already here"
    assert (target / "loud (2).wav").read_bytes() == loud_bytes
    assert loud_row.state == "done" and loud_row.status.startswith(f"Moved to {loud_row.mood.title()}")
    assert "loud (2).wav" in loud_row.status
    assert app.session.find_track(target / "loud (2).wav") is not None, "the mood folders shown include it"

    # Another mood picked in the row's list: the song goes there instead.
    other = next(m for m in ("surprise", "fear") if m != soft_row.suggestion.mood)
    soft_row.combo.setCurrentIndex(soft_row.combo.findData(other))
    click(qtbot, soft_row.button)
    assert (root / other / "soft.wav").read_bytes() == soft_bytes and not soft.exists()
    assert not soft_row.button.isEnabled()
    app.session.undo_move()  # the move is the session's: Ctrl+Z puts it back in the inbox
    assert soft.read_bytes() == soft_bytes
    assert (inbox / "broken.wav").exists(), "an error row is never moved"


def test_the_second_run_uses_the_feature_cache_beside_the_settings(qtbot, make_app, root, settings_file):
    write_energetic(root / "Unsorted" / "loud.wav")
    app = open_app(make_app, root)
    first = run_inbox(qtbot, app, 1, timeout=180000).rows[0].suggestion
    assert (settings_file.parent / "audio-features.sqlite3").is_file()
    again = run_inbox(qtbot, app, 1, timeout=60000).rows[0].suggestion
    assert (again.mood, again.confidence) == (first.mood, first.confidence)


def test_an_empty_inbox_is_made_and_the_user_told_where_to_drop_songs(qtbot, make_app, root):
    app = open_app(make_app, root)
    app.window.sorting.sort_inbox()
    assert (root / "Unsorted").is_dir()
    _level, text = app.window.last_message
    assert "inbox is empty" in text and str(root / "Unsorted") in text
    assert app.window.sorting.dialog is None


def test_accept_all_confident_leaves_the_unsure_ones(qtbot, make_app, root):
    inbox = root / "Unsorted"
    for name in ("a.wav", "b.wav", "c.wav", "d.wav"):
        write_calm(inbox / name)
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"a.wav": ("happy", 0.57), "b.wav": ("sad", CONFIDENT), "c.wav": ("angry", 0.3),
                                      "d.wav": ("angry", CONFIDENT - 0.0004)}))
    dialog = run_inbox(qtbot, app, 4)
    assert dialog.row_of(inbox / "c.wav").status == "Not sure: check the mood"
    percent = {row.path.name: dialog.table.item(i, CONFIDENCE).text() for i, row in enumerate(dialog.rows)}
    assert percent == {"a.wav": "57%", "b.wav": "50%", "c.wav": "30%", "d.wav": "49%"}
    click(qtbot, dialog.accept_all_button)
    assert (root / "happy" / "a.wav").exists() and (root / "sad" / "b.wav").exists()
    for unsure in ("c.wav", "d.wav"):
        assert (inbox / unsure).exists() and dialog.row_of(inbox / unsure).state == "pending"
    assert "Accepted 2 confident suggestions; 2 left to check." in app.window.last_message[1]


def test_sort_automatically_accepts_confident_suggestions_as_they_arrive(qtbot, make_app, root):
    inbox = root / "Unsorted"
    for name in ("sure.wav", "unsure.wav"):
        write_calm(inbox / name)
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"sure.wav": ("neutral", 0.8), "unsure.wav": ("happy", 0.2)}))
    app.window.sorting.sort_inbox()
    dialog = app.window.sorting.dialog
    qtbot.waitUntil(lambda: not dialog.sorter.active, timeout=10000)
    dialog.auto_box.setChecked(True)  # also takes the confident ones already listed
    assert (root / "neutral" / "sure.wav").exists()
    write_calm(inbox / "sure.wav", seed=2)
    dialog = run_inbox(qtbot, app, 2)
    assert (root / "neutral" / "sure (2).wav").exists(), "accepted on arrival; the clash renamed"
    assert (inbox / "unsure.wav").exists() and dialog.row_of(inbox / "unsure.wav").state == "pending"
    app.window.close()  # saves the settings
    app.shutdown()
    app = open_app(make_app, root)  # the choice is remembered
    fake_sorter(app, suggestions_for({}))
    app.window.sorting.sort_inbox()
    assert app.window.sorting.dialog.auto_box.isChecked()


def test_a_folder_outside_the_music_folder_is_copied_or_moved_as_chosen(qtbot, make_app, root, tmp_path):
    outside = tmp_path / "downloads"
    kept, moved = write_calm(outside / "kept.wav"), write_calm(outside / "moved.wav", seed=1)
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"kept.wav": ("sad", 0.7), "moved.wav": ("fear", 0.2)}))
    app.window.sorting.ask_folder = lambda: outside
    app.window.sorting.sort_folder()
    dialog = app.window.sorting.dialog
    qtbot.waitUntil(lambda: len(dialog.rows) == 2 and not dialog.sorter.active, timeout=10000)
    assert dialog.how.isVisible() and dialog.copy_radio.isChecked(), "copying is the default outside"
    click(qtbot, dialog.row_of(kept).button)
    assert kept.exists() and (root / "sad" / "kept.wav").read_bytes() == kept.read_bytes()
    assert dialog.row_of(kept).status.startswith("Copied to Sad")
    dialog.move_radio.setChecked(True)
    click(qtbot, dialog.row_of(moved).button)  # a low-confidence one can still be accepted by hand
    assert not moved.exists() and (root / "fear" / "moved.wav").exists()


def test_a_read_only_inbox_or_a_vanished_file_leaves_the_row_with_a_clear_message(qtbot, make_app, root,
                                                                                  monkeypatch):
    inbox = root / "Unsorted"
    stuck, vanished = write_calm(inbox / "stuck.wav"), write_calm(inbox / "vanished.wav", seed=1)
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"stuck.wav": ("sad", 0.9), "vanished.wav": ("sad", 0.9)}))
    dialog = run_inbox(qtbot, app, 2)
    vanished.unlink()
    click(qtbot, dialog.row_of(vanished).button)
    row = dialog.row_of(vanished)
    assert row.state == "gone" and "vanished.wav is gone" in row.status and not row.button.isEnabled()
    inbox.chmod(0o555)
    if os.geteuid() == 0:  # root may write anywhere: make os.access tell what the mode says
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: real_access(p, mode) and not (
            Path(p) == inbox and mode & os.W_OK))
    try:
        click(qtbot, dialog.row_of(stuck).button)
    finally:
        inbox.chmod(0o755)
    row = dialog.row_of(stuck)
    assert row.state == "pending" and row.button.isEnabled()
    assert row.status.startswith("cannot move:") and "read-only" in row.status
    assert stuck.exists() and not (root / "sad" / "stuck.wav").exists()
    assert "read-only" in app.window.last_message[1]


def test_cancel_stops_the_run_and_drops_what_comes_after(qtbot, make_app, root):
    inbox = root / "Unsorted"
    for n in range(3):
        write_calm(inbox / f"{n}.wav")
    app = open_app(make_app, root)

    def suggest(paths, cancel):
        yield Suggestion(paths[0], "sad", 0.9, reason="first -> sad")
        while not cancel.cancelled:  # a slow analysis, until cancelled
            time.sleep(0.01)
        yield Suggestion(paths[1], "sad", 0.9, reason="late -> sad")  # a result of the cancelled run

    sorter = fake_sorter(app, suggest)
    app.window.sorting.sort_inbox()
    dialog = app.window.sorting.dialog
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10000)
    assert dialog.cancel_button.isEnabled()
    click(qtbot, dialog.cancel_button)
    assert dialog.status.text() == "Cancelled: 1 song analysed." and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not sorter.running, timeout=10000)
    qtbot.wait(50)  # let any queued signal of the cancelled run arrive: it must be dropped
    assert len(dialog.rows) == 1


def test_a_newer_run_replaces_an_older_one(qtbot, tmp_path):
    started = []

    def learn(root, model, **_):
        return FolderProfile({})

    def suggest(paths, model, *, cancel=None, **_):
        started.append(paths[0].name)
        if paths[0].name == "old.wav":
            while not cancel.cancelled:
                time.sleep(0.01)
        yield Suggestion(paths[0], "happy", 0.9)

    sorter = MoodSorter(None, load_model=lambda: object(), learn=learn, suggest=suggest)
    got, ends = [], []
    sorter.suggested.connect(lambda s: got.append(s.path.name))
    sorter.finished.connect(ends.append)
    old, new = write_calm(tmp_path / "old.wav"), write_calm(tmp_path / "new.wav")
    sorter.start([old], None)
    qtbot.waitUntil(lambda: started == ["old.wav"], timeout=10000)
    sorter.start([new], None)
    qtbot.waitUntil(lambda: ends == [False], timeout=10000)
    assert got == ["new.wav"]
    sorter.shutdown()
    assert not sorter.running


def test_an_audio_model_that_cannot_load_is_one_clear_message(qtbot, make_app, root):
    write_calm(root / "Unsorted" / "song.wav")
    app = open_app(make_app, root)

    def load_model():
        raise ModelLoadError("audio mood model /nowhere/audio_mood.npz not found")

    fake_sorter(app, suggestions_for({}), load_model=load_model)
    app.window.sorting.sort_inbox()
    dialog = app.window.sorting.dialog
    expected = "Mood suggestions are unavailable: audio mood model /nowhere/audio_mood.npz not found"
    qtbot.waitUntil(lambda: dialog.status.text() == expected, timeout=10000)
    assert app.window.last_message == ("error", expected)
    assert not dialog.cancel_button.isEnabled()


def test_without_a_music_folder_the_entries_are_disabled_and_say_why(qtbot, make_app):
    app = make_app("--no-camera", "--no-demo", player="null")
    window = app.window
    mood_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Mood")
    mood_menu.aboutToShow.emit()
    for name in ("sort_inbox", "sort_folder"):
        action = window.actions[name]
        assert not action.isEnabled() and action.text().endswith("(needs your music folder)")
        assert "Choose your music folder first" in action.statusTip()
    window.sorting.sort_folder()
    assert window.last_message == ("warning", "Choose your music folder first (File > Choose music folder…).")


def test_a_move_the_session_refuses_leaves_the_row_with_its_reason(qtbot, make_app, root):
    song = write_calm(root / "Unsorted" / "song.wav")
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"song.wav": ("fear", 0.9)}))
    dialog = run_inbox(qtbot, app, 1)
    (root / "fear").rmdir()
    (root / "fear").write_bytes(b"a file where the folder should be")
    click(qtbot, dialog.rows[0].button)
    assert dialog.rows[0].state == "pending" and dialog.rows[0].status == "cannot move: File exists"
    assert song.exists() and (root / "fear").read_bytes() == b"a file where the folder should be"


def test_close_and_escape_close_the_dialog(qtbot, make_app, root):
    write_calm(root / "Unsorted" / "song.wav")
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"song.wav": ("sad", 0.3)}))
    dialog = run_inbox(qtbot, app, 1)
    close = next(b for b in dialog.findChildren(type(dialog.accept_all_button)) if b.text() == "Close")
    click(qtbot, close)
    assert not dialog.isVisible()
    dialog = run_inbox(qtbot, app, 1)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_ctrl_z_in_the_dialog_undoes_accept_all_as_one_step(qtbot, make_app, root):
    inbox = root / "Unsorted"
    for name in ("a.wav", "b.wav", "c.wav"):
        write_calm(inbox / name)
    app = open_app(make_app, root)
    fake_sorter(app, suggestions_for({"a.wav": ("happy", 0.9), "b.wav": ("sad", 0.9), "c.wav": ("angry", 0.2)}))
    dialog = run_inbox(qtbot, app, 3)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=5000)
    click(qtbot, dialog.accept_all_button)
    assert (root / "happy" / "a.wav").exists() and (root / "sad" / "b.wav").exists()
    assert app.window.last_message[1] == "Accepted 2 confident suggestions; 1 left to check. Undo: Ctrl+Z."
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (inbox / "a.wav").exists() and (inbox / "b.wav").exists(), "both moves of 'Accept all' undone at once"
    assert not (root / "happy" / "a.wav").exists() and not (root / "sad" / "b.wav").exists()
    assert [row.state for row in dialog.rows] == ["pending"] * 3, "undone rows can be accepted again"
    assert app.window.last_message[1] == "Undone: 2 songs moved back."
