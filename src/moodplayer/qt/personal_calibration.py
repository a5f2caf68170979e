"""It learns your face: the listener's corrections ("Not right?") kept in a local file and turned
into the adjustment the camera applies to later readings (vision/calibration.py). Kept beside the
session, which only forwards a correction and plays the corrected mood.

What is kept: per correction, the numbers the network computed about the expression (7 mean
probabilities and the mean of its last hidden layer), the mood read and the mood given, the time
and the model's sha256; never a frame. Corrections made with another model are kept aside and not
applied (they were made against that model's outputs).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Signal

from moodplayer.library.corrections import OLDER_MODEL_NOTICE, Correction, CorrectionStore
from moodplayer.vision.calibration import Calibration

logger = logging.getLogger(__name__)

OLDER_MODEL = OLDER_MODEL_NOTICE.removesuffix(".") + " (use Not right? after a detection)."


class PersonalCalibration(QObject):
    """The corrections of one listener, for the model loaded now; ``active`` is what the camera applies."""

    changed = Signal()  # the adjustment or the count changed: the camera and the panel follow

    def __init__(self, store: CorrectionStore | None = None, enabled: bool = True, parent=None):
        super().__init__(parent)
        self.store = store or CorrectionStore()  # in memory without a data folder
        self.enabled = enabled
        self.model = ""  # sha256 of the model loaded ("" until one is)
        self.calibration = Calibration.none()
        self.last: tuple[Correction, float] | None = None  # this run's newest correction, its time.monotonic()

    @property
    def active(self) -> Calibration | None:
        """The adjustment to apply now: None while turned off or without corrections for this model."""
        if not self.enabled or self.calibration.is_identity:
            return None
        return self.calibration

    @property
    def count(self) -> int:
        """Corrections made with the model loaded now."""
        return self.calibration.corrections

    def set_model(self, model: str) -> str:
        """The model loaded (its sha256); returns what to tell the listener ("" for nothing)."""
        self.model = model
        self.last = None
        self._rebuild()
        if model and self.count == 0 and self.store.other_models(model):
            logger.info("Corrections of another model are kept aside")
            return OLDER_MODEL
        return ""

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.changed.emit()

    def correct(self, result, mood: str) -> int:
        """Keep the listener's correction of ``result`` (a MoodResult of one face) to ``mood``;
        returns how many corrections there are now. ValueError for a reading that cannot be corrected."""
        if not result.model or result.model != self.model:
            raise ValueError("this reading came from another model than the one loaded")
        self.last = self.store.record(result, mood), time.monotonic()
        self._rebuild()
        return self.count

    def take_back(self) -> Correction | None:
        """Delete this run's newest correction (Edit > Undo of a misclick); None when there is none."""
        if self.last is None:
            return None
        correction, self.last = self.last[0], None
        self.store.remove(correction)
        self._rebuild()
        return correction

    def forget(self) -> None:
        """Delete every correction (any model's) for good; readings are the network's own again."""
        self.store.forget()
        self.last = None
        self._rebuild()

    def _rebuild(self) -> None:
        corrections = self.store.corrections(self.model) if self.model else []
        self.calibration = Calibration.from_corrections(corrections, self.model)
        self.changed.emit()
