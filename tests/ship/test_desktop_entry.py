"""The applications-menu entry: `moodplayer install-desktop-entry` writes the .desktop file and the
icons into $XDG_DATA_HOME, `uninstall-desktop-entry` removes them; the AppStream metainfo is valid."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from moodplayer import __version__, desktop_entry
from moodplayer.cli import main

ROOT = Path(__file__).resolve().parents[2]
METAINFO = ROOT / "assets" / "io.github.moodplayer.MoodPlayer.metainfo.xml"


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "data home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_install_writes_the_entry_and_icons_and_uninstall_removes_them(data_home, capsys):
    program = data_home.parent / "my apps" / "moodplayer"
    assert main(["install-desktop-entry", "--exec", str(program)]) == 0
    desktop = data_home / "applications" / "moodplayer.desktop"
    png = data_home / "icons" / "hicolor" / "256x256" / "apps" / "moodplayer.png"
    svg = data_home / "icons" / "hicolor" / "scalable" / "apps" / "moodplayer.svg"
    assert str(desktop) in capsys.readouterr().out
    entry = read_entry(desktop)
    assert entry["Name"] == "MoodPlayer" and entry["Icon"] == "moodplayer" and entry["Type"] == "Application"
    assert entry["Exec"] == f'"{program}" %F'  # the folder has a space: quoted as the spec says; %F: files
    assert "audio/flac" in entry["MimeType"].split(";") and "audio/x-mpegurl" in entry["MimeType"].split(";")
    assert entry["TryExec"] == str(program)
    assert png.read_bytes() == (ROOT / "assets" / "moodplayer.png").read_bytes()
    assert svg.read_bytes() == (ROOT / "assets" / "moodplayer.svg").read_bytes()
    assert not list(desktop.parent.glob("*.part"))

    assert main(["uninstall-desktop-entry"]) == 0
    out = capsys.readouterr().out
    assert not desktop.exists() and not png.exists() and not svg.exists()
    assert out.count("removed ") == 3
    assert main(["uninstall-desktop-entry"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_default_exec_is_this_copy_of_moodplayer(data_home, monkeypatch):
    script = data_home.parent / "my venv" / "bin" / "moodplayer"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr("sys.argv", [str(script)])
    assert desktop_entry.launch_command() == [str(script)]
    desktop_entry.install()
    assert read_entry(data_home / "applications" / "moodplayer.desktop")["Exec"] == f'"{script}" %F'
    monkeypatch.setattr("sys.argv", ["/nowhere/__main__.py"])
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert desktop_entry.launch_command()[1:] == ["-m", "moodplayer"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (apt-get install desktop-file-utils)")
def test_the_written_entry_is_valid(data_home):
    desktop_entry.install(command=[str(data_home / "odd $dir" / "moodplayer")])
    run = subprocess.run(["desktop-file-validate", str(data_home / "applications" / "moodplayer.desktop")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_exec_arguments_are_quoted_per_the_desktop_entry_spec():
    assert desktop_entry.exec_quote("/usr/bin/moodplayer") == "/usr/bin/moodplayer"
    assert desktop_entry.exec_quote("/a b/moodplayer") == '"/a b/moodplayer"'
    # $ and " escaped with a backslash inside the quotes, then the backslash escaped as a string value
    assert desktop_entry.exec_quote('/x$y"z') == '"/x\\\\$y\\\\"z"'
    assert desktop_entry.exec_quote("/100%") == "/100%%"


def test_xdg_data_home_defaults_to_local_share_and_ignores_a_relative_value(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert desktop_entry.data_home({}) == tmp_path / ".local" / "share"
    assert desktop_entry.data_home({"XDG_DATA_HOME": "relative/dir"}) == tmp_path / ".local" / "share"
    assert desktop_entry.data_home({"XDG_DATA_HOME": "/data"}) == Path("/data")


def test_an_unwritable_data_folder_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # a file where a folder should be
    assert main(["install-desktop-entry"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("moodplayer: cannot write the menu entry in") and err.count("\n") == 1


def test_metainfo_names_the_desktop_entry_and_this_version():
    text = METAINFO.read_text(encoding="utf-8")
    assert "<launchable type=\"desktop-id\">moodplayer.desktop</launchable>" in text
    assert re.search(r'<release version="([^"]+)"', text).group(1) == __version__


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli is not installed (apt-get install appstream)")
def test_metainfo_is_valid_appstream():
    run = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not re.search(r"^[EW]:", run.stdout, re.M), run.stdout
