"""Training augmentation: mixup blends faces and their targets by the same shares."""

import numpy as np

from moodplayer.training.augment import mix_up


def flat_faces(values: np.ndarray) -> np.ndarray:
    return np.repeat(values.astype(np.uint8), 44 * 44).reshape(len(values), 44, 44)


def test_mix_up_blends_each_face_and_its_target_by_the_same_share():
    values = np.arange(0, 250, 5)
    # The first target column carries each face's grey value: mixing is linear, so a face and its target
    # were blended alike exactly when the column still equals the face's (flat) grey.
    targets = np.stack([values, np.ones_like(values)], axis=1)
    faces, mixed = mix_up(flat_faces(values), targets, np.random.default_rng(0), alpha=1.0)
    assert faces.dtype == mixed.dtype == np.float32 and faces.shape == (len(values), 44, 44)
    np.testing.assert_allclose(faces.min(axis=(1, 2)), faces.max(axis=(1, 2)))  # still flat: whole faces blend
    np.testing.assert_allclose(faces[:, 0, 0], mixed[:, 0], rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(mixed[:, 1], 1.0, rtol=1e-6)  # a target's total stays 1
    assert np.mean(~np.isin(faces[:, 0, 0].round(3), values)) > 0.9  # nearly every face is a blend


def test_a_small_alpha_keeps_each_face_near_one_of_the_two():
    values = np.arange(0, 250, 5)
    targets = np.eye(7, dtype=np.float32)[np.arange(len(values)) % 7]

    def largest_share(alpha):
        _, mixed = mix_up(flat_faces(values), targets, np.random.default_rng(1), alpha)
        return mixed.max(axis=1).mean()

    assert largest_share(0.1) > 0.85 > largest_share(1.0) > largest_share(8.0) > 0.55
