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
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Camera preview")
        self._image: QImage | None = None
        self._boxes: list[tuple[int, int, int, int]] = []
        self._label = ""
        self._message = "Starting camera…"
        self.frames_shown = 0

    def show_frame(self, image: QImage, boxes: list) -> None:
        self._image, self._boxes, self._message = image, list(boxes), ""
        self.frames_shown += 1
        self.update()
        self.frame_painted.emit()

    def set_label(self, text: str) -> None:
        self._label = text
        self.update()

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
        pen = QPen(mood_colour(self._label) if self._label else QColor("#34a853"), 2)
        painter.setPen(pen)
        for x, y, w, h in self._boxes:
            rect = QRectF(x0 + x * scale, y0 + y * scale, w * scale, h * scale)
            painter.drawRect(rect)
            if self._label:
                metrics = painter.fontMetrics()
                label = QRectF(rect.left(), max(y0, rect.top() - metrics.height() - 4),
                               metrics.horizontalAdvance(self._label) + 8, metrics.height() + 4)
                painter.fillRect(label, mood_colour(self._label))
                painter.setPen(QColor("#1b1b1f"))
                painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self._label)
                painter.setPen(pen)
