"""A combo box that elides the shown choice instead of clipping it mid-letter.

A QComboBox allowed to shrink below its text (AdjustToMinimumContentsLength, so a long choice does
not widen the window) cuts the text at the edge with no sign that more follows: "Read the closest
fac". This one paints "Read the closest f…"; the open list still shows every choice whole (Qt widens
the popup to its longest item), and the tooltip stays the caller's explanation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

ICON_GAP = 4  # px between the icon and the text, as Qt's styles draw CE_ComboBoxLabel


class ElidedComboBox(QComboBox):
    def _text_width(self, option: QStyleOptionComboBox) -> int:
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        width = field.width()
        if not option.currentIcon.isNull():
            width -= option.iconSize.width() + ICON_GAP
        return max(0, width)

    def shown_text(self) -> str:
        """The choice as painted: whole when it fits, else cut at the right with an ellipsis."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                             self._text_width(option))

    def paintEvent(self, event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           self._text_width(option))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
