"""The settings file itself: a folder where it should be, the default file damaged, a read-only file.

The app is started as a user starts it (``python -m moodplayer``) where the check happens before
any window; the default file is found under the test's own $XDG_CONFIG_HOME, never the user's.
"""

import os
import subprocess
import sys

from mp_testkit.privileges import without_root_override

from moodplayer.qt.settings_store import SettingsStore
from moodplayer.settings import Settings


def start_app(tmp_path, *args):
    """``moodplayer`` with ``args``, offscreen, its default settings under tmp_path/config."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "moodplayer", "--player", "null", "--no-camera", "--no-demo", *args],
                          capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)


def test_settings_option_naming_a_folder_stops_with_a_clear_message(tmp_path):
    folder = tmp_path / "my settings"
    folder.mkdir()
    (folder / "inside.txt").write_text("mine")
    done = start_app(tmp_path, "--settings", str(folder))
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert f"{folder} is a folder, not a settings file" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my settings"], "nothing set aside or created"
    assert [p.name for p in folder.iterdir()] == ["inside.txt"]


def test_the_default_settings_file_naming_a_folder_stops_the_same_way(tmp_path):
    default = tmp_path / "config" / "MoodPlayer" / "moodplayer.ini"
    default.mkdir(parents=True)
    done = start_app(tmp_path)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "is a folder, not a settings file" in done.stderr
    assert default.is_dir() and not any(default.parent.glob("*.not-valid*"))


def test_the_default_settings_file_is_checked_like_a_given_one(tmp_path):
    default = tmp_path / "config" / "MoodPlayer" / "moodplayer.ini"
    default.parent.mkdir(parents=True)
    garbage = bytes(range(256)) * 4  # what a damaged disk block or a stray download looks like
    default.write_bytes(garbage)
    code = ("from moodplayer.qt.settings_store import SettingsStore\n"
            "from moodplayer.settings import Settings\n"
            "store = SettingsStore.user()\n"
            "print(store.path)\n"
            "print(store.problem)\n"
            "assert store.load() == Settings()\n"
            "store.save(Settings(volume=33))\n")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    path, problem = done.stdout.splitlines()
    assert path == str(default), "the same file as before: users keep their settings"
    assert (default.parent / "moodplayer.ini.not-valid").read_bytes() == garbage, "set aside, byte for byte"
    assert "not a MoodPlayer settings file" in problem and "moodplayer.ini.not-valid" in problem
    assert SettingsStore.from_file(default).load().volume == 33


def test_a_read_only_settings_file_is_said_once_and_left_as_it_was(qtbot, make_app, music, settings_file):
    SettingsStore.from_file(settings_file).save(Settings(music_root=str(music), volume=41))
    before = settings_file.read_bytes()
    settings_file.chmod(0o444)
    shown = []
    with without_root_override():
        app = make_app("--no-camera", player="null", start=False)
        assert app.session.settings.volume == 41, "read as usual"
        status = app.window.statusBar()
        assert "cannot be saved" in status.currentMessage() and "read-only" in status.currentMessage()
        status.messageChanged.connect(shown.append)
        app.player.set_volume(12)
        app.window.close()  # saving fails: said already, not again
        app.window.close()
    assert settings_file.read_bytes() == before
    assert not [m for m in shown if "cannot be saved" in m]
    assert app.store.problem and "read-only" in app.store.problem


def test_settings_that_cannot_be_saved_at_close_are_said_once(qtbot, make_app, music, settings_file):
    SettingsStore.from_file(settings_file).save(Settings(music_root=str(music), volume=41))
    app = make_app("--no-camera", player="null", start=False)
    assert not app.store.problem
    shown = []
    app.window.statusBar().messageChanged.connect(shown.append)
    settings_file.chmod(0o444)  # made read-only while the app runs
    before = settings_file.read_bytes()
    with without_root_override():
        app.player.set_volume(12)
        app.window.close()
        app.window.close()
    assert settings_file.read_bytes() == before
    assert len([m for m in shown if "cannot be saved" in m]) == 1, shown
