"""The first start asks once for the music folder, creates the mood folders and states the
privacy promise; scripted starts (--music) and later starts skip it."""

from pathlib import Path

from moodplayer.app import default_music_folder, first_run, needs_first_run, parse_args
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.qt.settings_store import SettingsStore
from moodplayer.ui.first_run import FirstRunDialog


def test_default_folder_is_moodplayer_in_the_music_directory(qtbot):
    from PySide6.QtCore import QStandardPaths

    music = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
    assert default_music_folder() == Path(music) / "MoodPlayer"


def test_asked_once_only_without_a_settings_file_and_without_music(qtbot, tmp_path):
    store = SettingsStore.from_file(tmp_path / "s.ini")
    assert needs_first_run(parse_args([]), store)
    assert not needs_first_run(parse_args(["--music", str(tmp_path)]), store)
    asked = []
    chosen = tmp_path / "Music" / "MoodPlayer"
    assert first_run(store, lambda default: asked.append(default) or (chosen, False)) == chosen
    assert asked == [default_music_folder()]
    assert sorted(p.name for p in chosen.iterdir()) == sorted(EMOTIONS)
    assert store.load().music_root == str(chosen.resolve()) and not store.load().camera_only_to_read
    assert not needs_first_run(parse_args([]), SettingsStore.from_file(tmp_path / "s.ini"))


def test_declining_is_remembered_and_leaves_demo_mode(qtbot, tmp_path):
    store = SettingsStore.from_file(tmp_path / "s.ini")
    assert first_run(store, lambda default: (None, True)) is None
    assert store.load().music_root == "" and store.load().camera_only_to_read, "the camera's choice is kept"
    assert not needs_first_run(parse_args([]), SettingsStore.from_file(tmp_path / "s.ini"))


def test_dialog_offers_the_default_states_privacy_and_returns_the_folder(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "Music" / "MoodPlayer")
    qtbot.addWidget(dialog)
    assert dialog.folder() == tmp_path / "Music" / "MoodPlayer"
    privacy = dialog.privacy.text()
    assert "only while" in privacy and "no image is ever saved or sent anywhere" in privacy
    dialog.folder_edit.setText(str(tmp_path / "elsewhere"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.use_button.click()
    assert dialog.folder() == tmp_path / "elsewhere"
    dialog.folder_edit.setText("  ")
    assert not dialog.use_button.isEnabled()


def test_dialog_offers_to_open_the_camera_only_to_read(qtbot, tmp_path, monkeypatch):
    dialog = FirstRunDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert not dialog.only_to_read(), "the live preview unless chosen"
    dialog.only_to_read_box.click()
    assert dialog.only_to_read()


    def tick_and_accept(shown):  # the listener ticks the box, then "Use this folder"
        shown.only_to_read_box.click()
        return FirstRunDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstRunDialog, "exec", tick_and_accept)
    assert FirstRunDialog.ask(tmp_path / "Music") == (tmp_path / "Music", True)


def test_dialog_later_button_rejects(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        dialog.later_button.click()
