"""Host-side (NumPy/OpenCV) augmentation of 48x48 face crops: cheap next to a CPU training step."""

from __future__ import annotations

import cv2
import numpy as np


def augment_batch(images: np.ndarray, rng: np.random.Generator, max_rotation: float = 15.0,
                  scale_range: tuple[float, float] = (0.85, 1.15), max_shift: float = 0.1,
                  erase_probability: float = 0.5) -> np.ndarray:
    """Random flip, rotation, scale, shift and erasing of ``(n, 48, 48)`` uint8 faces.

    The same geometric jitter covers the variation between the face detector's boxes in the
    app and FER2013's own crops.
    """
    n, height, width = images.shape
    out = np.empty_like(images)
    centre = (width / 2.0, height / 2.0)
    angles = rng.uniform(-max_rotation, max_rotation, n)
    scales = rng.uniform(*scale_range, n)
    shifts = rng.uniform(-max_shift, max_shift, (n, 2)) * (width, height)
    flips = rng.random(n) < 0.5
    for i in range(n):
        matrix = cv2.getRotationMatrix2D(centre, angles[i], scales[i])
        matrix[:, 2] += shifts[i]
        face = images[i, :, ::-1] if flips[i] else images[i]
        out[i] = cv2.warpAffine(np.ascontiguousarray(face), matrix, (width, height),
                                flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    for i in np.flatnonzero(rng.random(n) < erase_probability):
        # Random erasing: a grey-noise rectangle of 2-20% of the face (occlusion by hands, glasses).
        area = rng.uniform(0.02, 0.2) * height * width
        aspect = np.exp(rng.uniform(np.log(0.3), np.log(3.3)))
        h = int(min(height, round(np.sqrt(area * aspect))))
        w = int(min(width, round(np.sqrt(area / aspect))))
        top, left = rng.integers(0, height - h + 1), rng.integers(0, width - w + 1)
        out[i, top:top + h, left:left + w] = rng.integers(0, 256, (h, w), dtype=np.uint8)
    return out
