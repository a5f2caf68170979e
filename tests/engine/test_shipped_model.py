"""The committed model loads and reads real faces sensibly (public-domain photos, no FER2013)."""

import json

import cv2
import numpy as np
import pytest
from engine_support import SHIPPED_MODEL

from moodplayer.domain.emotions import EMOTIONS
from moodplayer.vision.emotion import EmotionClassifier
from moodplayer.vision.faces import create_face_detector, crop_face


@pytest.fixture(scope="module")
def classifier():
    model = EmotionClassifier(SHIPPED_MODEL)
    model.load()
    return model


def test_labels_stored_beside_the_model_are_fer2013_order():
    assert json.loads(SHIPPED_MODEL.with_name("emotion_labels.json").read_text()) == list(EMOTIONS)


def test_the_smiling_astronaut_reads_as_happy(classifier, astronaut_bgr):
    [box] = create_face_detector().detect(astronaut_bgr)
    face = crop_face(astronaut_bgr, box)
    darker = np.clip(face.astype(int) * 0.6, 0, 255).astype(np.uint8)  # a dim room
    rotated = cv2.warpAffine(face, cv2.getRotationMatrix2D((24, 24), 8, 1.0), (48, 48),
                             borderMode=cv2.BORDER_REFLECT_101)  # a tilted head
    probabilities = classifier.predict(np.stack([face, face[:, ::-1], darker, rotated]))
    assert probabilities.shape == (4, 7)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-4)
    assert [EMOTIONS[i] for i in probabilities.argmax(axis=1)] == ["happy"] * 4
    assert probabilities[0, EMOTIONS.index("happy")] > 0.5


def test_a_face_that_is_not_smiling_is_not_read_as_happy(classifier, astronaut_bgr):
    # Her mouth and chin replaced by the flat skin of her cheek: the smile is gone.
    [box] = create_face_detector().detect(astronaut_bgr)
    face = crop_face(astronaut_bgr, box).copy()
    face[30:44, 14:34] = int(np.median(face[20:28, 8:14]))
    happy = classifier.predict(face[None])[0, EMOTIONS.index("happy")]
    smiling = classifier.predict(crop_face(astronaut_bgr, box)[None])[0, EMOTIONS.index("happy")]
    assert happy < smiling - 0.2
