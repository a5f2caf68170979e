"""Settings saved with QSettings in an INI file; the path is injectable so tests never touch the
user's real settings.

The user's default file and a ``--settings`` file get the same checks: a file that is not ours is
set aside (``.not-valid``) and the app starts from the defaults; a path that cannot be a settings
file at all (a folder, a device, an unreadable file) is a SettingsError, which the app reports
before any window and exits; a file that cannot be written is said once (``problem``) and the app
runs on without saving.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import stat
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import MoodPlayerError
from moodplayer.domain.paths import readable
from moodplayer.library.replay_gain import MODES as REPLAY_GAIN_MODES
from moodplayer.settings import PLAYER_ENGINES, SETTINGS_VERSION, THEMES, Settings

logger = logging.getLogger(__name__)

ORGANIZATION, APPLICATION = "MoodPlayer", "moodplayer"  # the default file: <config>/MoodPlayer/moodplayer.ini


class SettingsError(MoodPlayerError):
    """The settings path cannot be used at all: the app says why and stops, touching nothing."""


def _to_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _to_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _to_bytes(value) -> bytes:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return b""


_CONVERT = {"bool": _to_bool, "int": int, "str": str, "bytes": _to_bytes, "list[str]": _to_list}


def validated(settings: Settings) -> Settings:
    """Values the app can use: each unusable one falls back to its default, with a logged warning."""
    defaults = Settings()
    checks = {
        "player": settings.player in PLAYER_ENGINES,
        "mood": settings.mood == "" or settings.mood in EMOTIONS,
        "volume": 0 <= settings.volume <= 100,
        "camera": bool(settings.camera.strip()),
        "theme": settings.theme in THEMES,
        "mood_mode": settings.mood_mode in ("match", "lift-happy", "lift-calm"),
        "songs_per_step": 1 <= settings.songs_per_step <= 20,
        "replay_gain": settings.replay_gain in REPLAY_GAIN_MODES,
        "position_ms": settings.position_ms >= 0,
    }
    for name, ok in checks.items():
        if not ok:
            logger.warning("Ignoring setting %s=%r (not a valid value); using %r", name, getattr(settings, name),
                           getattr(defaults, name))
            setattr(settings, name, getattr(defaults, name))
    return settings


def _check_usable(path: Path) -> None:
    """SettingsError when ``path`` cannot hold a settings file: a folder, a device or a pipe (reading
    one would block), a file that cannot be read, or no folder for a new file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SettingsError(f"cannot make a folder for the settings file {readable(path)} "
                                f"({error.strerror or error})") from None
        return
    except OSError as error:
        raise SettingsError(f"cannot read the settings file {readable(path)} ({error.strerror or error})") from None
    if stat.S_ISDIR(mode):
        raise SettingsError(f"{readable(path)} is a folder, not a settings file "
                            "(move it away, or give --settings another file)")
    if not stat.S_ISREG(mode):
        raise SettingsError(f"{readable(path)} is not a regular file (a device, a pipe or a socket), "
                            "not a settings file")


def _not_ours(path: Path, qs: QSettings) -> str:
    """Why an existing file is not a settings file we wrote ("" when it is, or does not exist)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ""
    except OSError as error:
        raise SettingsError(f"cannot read the settings file {readable(path)} ({error.strerror or error})") from None
    if not data.strip():
        return ""  # empty: nothing to lose
    if b"\0" in data:
        return "binary content"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "not text"
    if not qs.contains("version"):
        return "no settings version"
    return ""


def _read_only(path: Path) -> str:
    """Why settings cannot be written to ``path`` ("" when they can). QSettings writes a new file
    beside it and renames it over, so the folder must be writable too. Checked with the effective
    ids (what the write itself will use), not the real ones."""
    if os.path.exists(path) and not os.access(path, os.W_OK, effective_ids=True):
        return f"{readable(path)} is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK, effective_ids=True):
        return f"its folder {readable(path.parent)} is read-only"
    return ""


def _unsaved(why: str) -> str:
    return f"Settings cannot be saved: {why}; changes made now are lost when MoodPlayer closes."


def _set_aside(path: Path) -> Path:
    """Rename ``path`` to ``<name>.not-valid`` (``.not-valid.2``, ... when taken): never overwrite one kept before."""
    for n in itertools.count(1):
        aside = path.with_name(path.name + ".not-valid" + ("" if n == 1 else f".{n}"))
        try:
            os.link(path, aside)  # fails instead of replacing an existing file
        except FileExistsError:
            continue
        except OSError:
            if aside.exists():
                continue
            shutil.copy2(path, aside)  # no hard links here
        path.unlink()
        return aside
    raise AssertionError("unreachable")


class SettingsStore:
    def __init__(self, qsettings: QSettings, problem: str = "", writable: bool = True):
        self._qs = qsettings
        self.problem = problem  # one line for the user about the file ("" when all is well)
        self.writable = writable  # False once the settings are known not to save

    @classmethod
    def from_file(cls, path: Path) -> SettingsStore:
        """An INI file at ``path``. A file Qt cannot parse is kept as ``<name>.not-valid`` and the
        app starts from the defaults; SettingsError when the path cannot be a settings file."""
        path = Path(path)
        _check_usable(path)
        qs = QSettings(str(path), QSettings.Format.IniFormat)
        why = "unreadable" if qs.status() == QSettings.Status.FormatError else _not_ours(path, qs)
        problems = []
        if why:
            try:
                aside = _set_aside(path)
            except OSError as error:
                raise SettingsError(f"{readable(path)} is not a MoodPlayer settings file ({why}) and cannot be "
                                    f"set aside ({error.strerror or error}): move it away, or give --settings "
                                    "another file") from None
            logger.warning("Settings file %r is not a MoodPlayer settings file (%s); kept as %r, starting from "
                           "the defaults", str(path), why, str(aside))
            problems.append(f"The settings file was not a MoodPlayer settings file ({why}): kept as {aside.name}, "
                            "starting from the defaults.")
            del qs
            qs = QSettings(str(path), QSettings.Format.IniFormat)
        read_only = _read_only(path)
        if read_only:
            logger.warning("Settings cannot be saved: %s", read_only)
            problems.append(_unsaved(read_only))
        return cls(qs, " ".join(problems), writable=not read_only)

    @classmethod
    def user(cls) -> SettingsStore:
        """The user's own file (``~/.config/MoodPlayer/moodplayer.ini`` on Linux), checked like any other."""
        scope = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
        return cls.from_file(Path(scope.fileName()))

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def load(self) -> Settings:
        settings = Settings()
        for name, kind in Settings.__annotations__.items():
            if not self._qs.contains(name):
                continue
            raw = self._qs.value(name)
            try:
                setattr(settings, name, _CONVERT[kind](raw))
            except (TypeError, ValueError) as error:
                logger.warning("Ignoring setting %s=%r: %s", name, raw, error)
        return validated(settings)

    def save(self, settings: Settings) -> bool:
        """Write ``settings``; False (and ``problem`` says why) when the file cannot be written."""
        self._qs.setValue("version", SETTINGS_VERSION)
        for name, kind in Settings.__annotations__.items():
            value = getattr(settings, name)
            if kind == "bytes":
                value = QByteArray(value)
            elif kind == "list[str]":
                value = list(value)
            self._qs.setValue(name, value)
        self._qs.sync()
        if self._qs.status() == QSettings.Status.NoError:
            return True
        why = _read_only(Path(self.path)) or f"{readable(self.path)} could not be written"
        logger.error("Settings not saved: %s", why)
        if self.writable:
            self.writable, self.problem = False, _unsaved(why)
        return False
