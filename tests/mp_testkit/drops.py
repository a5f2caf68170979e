"""Real drag-and-drop events for item views (what a drag from the window or a file manager delivers)."""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication


def drop(widget, mime: QMimeData, point: QPoint, action=Qt.DropAction.CopyAction):
    """Deliver what a real drag delivers to an item view's viewport: enter, move, then drop."""
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind in (QDragEnterEvent, QDragMoveEvent, QDropEvent):
        try:
            event = kind(point, action, mime, buttons, modifiers)
        except TypeError:  # PySide6 builds differ on QPoint / QPointF for these constructors
            event = kind(QPointF(point), action, mime, buttons, modifiers)
        QApplication.sendEvent(widget.viewport(), event)
    QApplication.sendEvent(widget.viewport(), event)
    return event.isAccepted()  # read now: the event points at ``mime``, which dies with this call


def item_point(tree, item) -> QPoint:
    return tree.visualItemRect(item).center()


def file_mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime
