"""The live camera preview with the face boxed and labelled, or a plain message when there is none."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from moodplayer.ui.mood_style import mood_colour


class CameraView(QWidget):
    frame_painted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(160, 120)  # small enough for the mood panel to fit at the default size
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Camera preview")
        self._image: QImage | None = None
        self._boxes: list[tuple[int, int, int, int]] = []
        self._label = ""
        self._face_moods: list[tuple[int, int, int, int, str]] = []
        self._message = "Starting camera…"
        self.frames_shown = 0

    def show_frame(self, image: QImage, boxes: list) -> None:
        self._image, self._boxes, self._message = image, list(boxes), ""
        self.frames_shown += 1
        self.update()
        self.frame_painted.emit()

    def set_label(self, text: str) -> None:
        """The mood read from the face (the largest box); "" for none."""
        self._label = text
        self._face_moods = []
        self.update()

    def set_face_moods(self, faces: list[tuple[int, int, int, int, str]]) -> None:
        """Group mode: each face's mood, by where it was (x, y, w, h, mood), labelled at the nearest live box."""
        self._label = ""
        self._face_moods: list[tuple[int, int, int, int, str]] = []
        self._face_moods = list(faces)
        self.update()

    def _label_for(self, box, largest: bool) -> str:
        if not self._face_moods:
            return self._label if largest else ""
        x, y, w, h = box
        cx, cy = x + w / 2, y + h / 2
        nearest = min(self._face_moods, key=lambda f: (f[0] + f[2] / 2 - cx) ** 2 + (f[1] + f[3] / 2 - cy) ** 2)
        fx, fy, fw, fh, mood = nearest
        close = abs(fx + fw / 2 - cx) <= fw and abs(fy + fh / 2 - cy) <= fh
        return mood if close else ""

    def show_message(self, text: str) -> None:
        """Camera off / unavailable / starting: the frame is cleared and the text shown instead."""
        self._image, self._boxes, self._message = None, [], text
        self.setToolTip(text)
        self.update()

    @property
    def message(self) -> str:
        return self._message

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        if self._image is None or self._image.isNull():
            painter.setPen(QColor("#e8eaed"))
            painter.setFont(QFont(self.font().family(), 11))
            painter.drawText(self.rect().adjusted(12, 12, -12, -12), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self._message)
            return
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x0, y0 = (self.width() - size.width()) / 2, (self.height() - size.height()) / 2
        scale = size.width() / self._image.width()
        painter.drawImage(QRectF(x0, y0, size.width(), size.height()), self._image)
        largest = max(self._boxes, key=lambda b: b[2] * b[3], default=None)
        metrics = painter.fontMetrics()
        for box in self._boxes:
            x, y, w, h = box
            text = self._label_for(box, box == largest)
            colour = mood_colour(text) if text else QColor("#34a853")
            rect = QRectF(x0 + x * scale, y0 + y * scale, w * scale, h * scale)
            painter.setPen(QPen(colour, 2))
            painter.drawRect(rect)
            if text:
                label = QRectF(rect.left(), max(y0, rect.top() - metrics.height() - 4),
                               metrics.horizontalAdvance(text) + 8, metrics.height() + 4)
                painter.fillRect(label, colour)
                painter.setPen(QColor("#1b1b1f"))
                painter.drawText(label, Qt.AlignmentFlag.AlignCenter, text)
