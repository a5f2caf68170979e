"""Settings saved with QSettings in an INI file; the path is injectable so tests never touch the
user's real settings."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from moodplayer.settings import SETTINGS_VERSION, Settings

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
        if qs.status() == QSettings.Status.FormatError:
            logger.warning("Settings file %r is not valid; keeping it as .not-valid and using defaults", str(path))
            del qs
            shutil.move(path, path.with_name(path.name + ".not-valid"))
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
        settings.volume = max(0, min(100, settings.volume))
        return settings

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
