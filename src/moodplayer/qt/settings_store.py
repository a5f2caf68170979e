"""Settings saved with QSettings in an INI file; the path is injectable so tests never touch the
user's real settings."""

from __future__ import annotations

import itertools
import logging
import os
import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.settings import PLAYER_ENGINES, SETTINGS_VERSION, THEMES, Settings

logger = logging.getLogger(__name__)


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
    }
    for name, ok in checks.items():
        if not ok:
            logger.warning("Ignoring setting %s=%r (not a valid value); using %r", name, getattr(settings, name),
                           getattr(defaults, name))
            setattr(settings, name, getattr(defaults, name))
    return settings


def _not_ours(path: Path, qs: QSettings) -> str:
    """Why an existing file is not a settings file we wrote ("" when it is, or does not exist)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ""
    except OSError as error:
        return error.strerror or str(error)
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
    def __init__(self, qsettings: QSettings):
        self._qs = qsettings

    @classmethod
    def from_file(cls, path: Path) -> SettingsStore:
        """An INI file at ``path``. A file Qt cannot parse is kept as ``<name>.not-valid`` and the
        app starts from the defaults."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        qs = QSettings(str(path), QSettings.Format.IniFormat)
        why = "unreadable" if qs.status() == QSettings.Status.FormatError else _not_ours(path, qs)
        if why:
            aside = _set_aside(path)
            logger.warning("Settings file %r is not a MoodPlayer settings file (%s); kept as %r, starting from "
                           "the defaults", str(path), why, str(aside))
            del qs
            qs = QSettings(str(path), QSettings.Format.IniFormat)
        return cls(qs)

    @classmethod
    def user(cls) -> SettingsStore:
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "MoodPlayer", "moodplayer"))

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

    def save(self, settings: Settings) -> None:
        self._qs.setValue("version", SETTINGS_VERSION)
        for name, kind in Settings.__annotations__.items():
            value = getattr(settings, name)
            if kind == "bytes":
                value = QByteArray(value)
            elif kind == "list[str]":
                value = list(value)
            self._qs.setValue(name, value)
        self._qs.sync()
