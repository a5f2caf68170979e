"""Host-side (NumPy/OpenCV) augmentation of 48x48 face crops: cheap next to a CPU training step."""

from __future__ import annotations

import cv2
import numpy as np


def augment_batch(images: np.ndarray, rng: np.random.Generator, max_rotation: float = 15.0,
                  scale_range: tuple[float, float] = (0.85, 1.15), max_shift: float = 0.1,
                  erase_probability: float = 0.5, crop_size: int | None = None,
                  camera: bool = False) -> np.ndarray:
    """Random flip, rotation, scale, shift and erasing of ``(n, 48, 48)`` uint8 faces.

    The same geometric jitter covers the variation between the face detector's boxes in the
    app and FER2013's own crops. ``crop_size`` then takes one random square of that size from
    each face (as every top FER2013 net trains; the app feeds the centre one), and ``camera``
    adds what a webcam does to a face that FER2013's crops do not show (see ``camera_jitter``).
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
    if camera:
        out = camera_jitter(out, rng)
    if crop_size is not None and crop_size < height:
        tops = rng.integers(0, height - crop_size + 1, n)
        lefts = rng.integers(0, width - crop_size + 1, n)
        out = np.stack([out[i, top:top + crop_size, left:left + crop_size]
                        for i, (top, left) in enumerate(zip(tops, lefts))])
    return out


def camera_jitter(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Exposure, contrast, blur or sharpening, sensor noise and JPEG, each at random, per face.

    FER2013's faces are low-resolution web photos; the app's are webcam frames, re-detected and
    resized: brighter or darker, sharper or softer, noisier, and compressed by the camera.
    """
    out = images.astype(np.float32)
    n = len(out)
    gamma = np.exp(rng.uniform(np.log(0.6), np.log(1.7), n))
    use_gamma = rng.random(n) < 0.4
    out[use_gamma] = 255.0 * (out[use_gamma] / 255.0) ** gamma[use_gamma, None, None]
    contrast = rng.uniform(0.55, 1.3, n)
    use_contrast = rng.random(n) < 0.3
    means = out.mean(axis=(1, 2), keepdims=True)
    out[use_contrast] = (means + (out - means) * contrast[:, None, None])[use_contrast]
    for i in range(n):
        roll = rng.random()
        if roll < 0.15:
            out[i] = cv2.GaussianBlur(out[i], (0, 0), rng.uniform(0.5, 1.2))
        elif roll < 0.25:  # unsharp masking, as webcams and phone cameras do
            soft = cv2.GaussianBlur(out[i], (0, 0), 1.0)
            out[i] = out[i] + rng.uniform(0.3, 1.0) * (out[i] - soft)
    noisy = rng.random(n) < 0.2
    out[noisy] += rng.normal(0.0, 1.0, out[noisy].shape) * rng.uniform(2.0, 8.0, (noisy.sum(), 1, 1))
    out = np.clip(out, 0, 255).astype(np.uint8)
    for i in np.flatnonzero(rng.random(n) < 0.2):
        ok, encoded = cv2.imencode(".jpg", out[i], (cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(30, 90))))
        if ok:
            out[i] = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    return out


def mix_up(faces: np.ndarray, targets: np.ndarray, rng: np.random.Generator,
           alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Mixup (Zhang et al. 2018): each face blended with another face of the batch, its target alike.

    Each face takes a share drawn from Beta(alpha, alpha) of itself and the rest of its partner, so
    the net learns soft targets between classes (the top FER2013 ResNet18 trains with alpha 1).
    Returns float32 faces and targets.
    """
    n = len(faces)
    shares = rng.beta(alpha, alpha, n).astype(np.float32)
    partners = rng.permutation(n)

    def blend(items: np.ndarray) -> np.ndarray:  # one rule for faces and targets: they stay alike
        items = items.astype(np.float32)
        share = shares.reshape((n,) + (1,) * (items.ndim - 1))
        return share * items + (1.0 - share) * items[partners]

    return blend(faces), blend(targets)
