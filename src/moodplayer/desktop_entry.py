"""The menu entry of an installed MoodPlayer: a .desktop file and the icon in the user's data folder.

``moodplayer install-desktop-entry`` writes them into ``$XDG_DATA_HOME`` (default
``~/.local/share``, as the XDG base directory spec says: a relative value is ignored), with an
``Exec`` line that starts the copy that wrote it (a pipx or venv script, the bundle's executable,
or ``python -m moodplayer``); ``uninstall-desktop-entry`` removes them. No Qt here.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from moodplayer.domain.errors import MoodPlayerError
from moodplayer.resources import resource_path

DESKTOP_ID = "moodplayer.desktop"  # = QGuiApplication.setDesktopFileName("moodplayer") and MPRIS' DesktopEntry
ICONS = (  # (shipped file in assets/, where it goes under the data folder)
    ("moodplayer.png", Path("icons", "hicolor", "256x256", "apps", "moodplayer.png")),
    ("moodplayer.svg", Path("icons", "hicolor", "scalable", "apps", "moodplayer.svg")),
)


def data_home(environ=None) -> Path:
    environ = os.environ if environ is None else environ
    value = environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How this copy of MoodPlayer is started again: its own script or executable, by absolute path."""
    if getattr(sys, "frozen", False):
        return [sys.executable]  # the bundle's executable
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "moodplayer" and script.is_file():
        return [str(script.absolute())]  # not resolved: pipx's ~/.local/bin link survives an upgrade
    found = shutil.which("moodplayer")
    return [found] if found else [sys.executable, "-m", "moodplayer"]


def _escape(value: str) -> str:
    """A desktop-entry string value: backslashes doubled, control characters spelled out."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def exec_quote(argument: str) -> str:
    """One argument of an ``Exec`` key (Desktop Entry spec, "The Exec key")."""
    argument = argument.replace("%", "%%")
    if argument and not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`="):
        return _escape(argument)
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return _escape(f'"{quoted}"')


def desktop_entry(command: list[str]) -> str:
    """The shipped assets/moodplayer.desktop with Exec and TryExec pointing at ``command``."""
    lines = []
    for line in resource_path("assets", DESKTOP_ID).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            codes = [part for part in line.removeprefix("Exec=").split() if part.startswith("%")]  # %F: files
            line = "Exec=" + " ".join([*(exec_quote(part) for part in command), *codes])
        elif line.startswith("TryExec="):
            line = "TryExec=" + _escape(command[0])
        lines.append(line)
    return "\n".join(lines) + "\n"


def entry_paths(home: Path) -> list[Path]:
    return [home / "applications" / DESKTOP_ID, *(home / target for _, target in ICONS)]


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the .desktop file and the icons; returns the paths written."""
    home = home or data_home()
    desktop = home / "applications" / DESKTOP_ID
    try:
        for name, target in ICONS:
            (home / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resource_path("assets", name), home / target)
        desktop.parent.mkdir(parents=True, exist_ok=True)
        temporary = desktop.with_name(desktop.name + ".part")
        temporary.write_text(desktop_entry(command or launch_command()), encoding="utf-8")
        os.replace(temporary, desktop)  # a menu never reads half a file
    except OSError as error:
        raise MoodPlayerError(f"cannot write the menu entry in {home}: {error.strerror or error}") from error
    return entry_paths(home)


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install() wrote; returns the paths removed (none: nothing was installed)."""
    removed = []
    for path in entry_paths(home or data_home()):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise MoodPlayerError(f"cannot remove {path}: {error.strerror or error}") from error
        removed.append(path)
    return removed
