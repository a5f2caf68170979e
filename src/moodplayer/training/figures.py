"""The confusion matrix as a PNG for the model card, drawn with OpenCV (no plotting dependency)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from moodplayer.domain.emotions import EMOTIONS

CELL = 72
LEFT, TOP = 110, 80


def save_confusion_png(report: dict, path: Path, title: str) -> Path:
    """Rows: true class; columns: predicted. Each cell shows the row-normalised share and the count."""
    counts = np.asarray(report["confusion"], dtype=float)
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    size = len(EMOTIONS)
    image = np.full((TOP + size * CELL + 60, LEFT + size * CELL + 20, 3), 255, dtype=np.uint8)
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(image, title, (10, 28), font, 0.6, (0, 0, 0), 1, cv2.LINE_AA)
    cv2.putText(image, "predicted ->", (LEFT, TOP - 36), font, 0.45, (80, 80, 80), 1, cv2.LINE_AA)
    for i, name in enumerate(EMOTIONS):
        cv2.putText(image, name, (8, TOP + i * CELL + CELL // 2 + 5), font, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
        cv2.putText(image, name[:7], (LEFT + i * CELL + 6, TOP - 10), font, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
        for j in range(size):
            shade = int(255 - 200 * shares[i, j])
            top_left = (LEFT + j * CELL, TOP + i * CELL)
            cv2.rectangle(image, top_left, (top_left[0] + CELL - 2, top_left[1] + CELL - 2), (255, shade, shade), -1)
            ink = (255, 255, 255) if shares[i, j] > 0.55 else (0, 0, 0)
            cv2.putText(image, f"{shares[i, j]:.0%}", (top_left[0] + 12, top_left[1] + 30), font, 0.5, ink, 1,
                        cv2.LINE_AA)
            cv2.putText(image, f"{int(counts[i, j])}", (top_left[0] + 12, top_left[1] + 52), font, 0.4, ink, 1,
                        cv2.LINE_AA)
    footer = f"accuracy {report['accuracy']:.2%}   macro-F1 {report['macro_f1']:.3f}   n = {report['n_images']}"
    cv2.putText(image, footer, (LEFT, TOP + size * CELL + 35), font, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), image):
        raise OSError(f"cannot write {path}")
    return path
