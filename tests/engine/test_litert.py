"""The app's runtime: a .tflite run with LiteRT reads faces as the Keras model it came from does,
and gives its last hidden layer (the features personal calibration compares faces by) as well."""

import hashlib
import json

import numpy as np
import pytest
from engine_support import SHIPPED_KERAS, SHIPPED_MODEL

from moodplayer.cli import main
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.domain.errors import ModelLoadError
from moodplayer.training.export import export_tflite, tflite_bytes
from moodplayer.vision.emotion import EmotionClassifier, centre_crop

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def varied_faces(n: int, seed: int) -> np.ndarray:
    """``(n, 48, 48)`` uint8 faces unlike each other: brightness, a gradient in some direction, noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:48, 0:48] / 47.0
    made = [level + 120 * np.cos(angle) * x + 120 * np.sin(angle) * y + rng.normal(0, 20, (48, 48))
            for level, angle in zip(rng.uniform(0, 130, n), rng.uniform(0, 2 * np.pi, n))]
    return np.clip(made, 0, 255).astype(np.uint8)


def tiny_model(input_size: int, seed: int = 0):
    """A 4-channel net with random weights and BatchNorm statistics (folding them matters).

    Fresh from initialisation such a net reads every face alike (probabilities within 1e-4 of each
    other), so a 1e-4 comparison would say nothing: the output layer is rescaled to standardised
    features (measured on other faces), which spreads the probabilities over the classes.
    """
    import keras

    from moodplayer.training.model import build_model

    keras.utils.set_random_seed(seed)
    model = build_model(base_width=4, input_size=input_size)
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, variance = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape), rng.normal(0, 0.2, beta.shape),
                               rng.normal(0, 0.2, mean.shape), rng.uniform(0.5, 1.5, variance.shape)])
    output = model.get_layer("emotion")
    features = keras.Model(model.inputs, output.input).predict(
        centre_crop(varied_faces(32, seed + 100), input_size)[..., None].astype(np.float32), verbose=0)
    mean, spread = features.mean(axis=0), features.std(axis=0) + 1e-6
    kernel, bias = output.get_weights()
    output.set_weights([kernel / spread[:, None], bias - (mean / spread) @ kernel])
    return model


@pytest.fixture(scope="module", params=[48, 44], ids=["48px", "44px"])
def exported(request, tmp_path_factory):
    """(.keras path, .tflite path, input size) of a tiny model exported as `moodplayer train` does."""
    folder = tmp_path_factory.mktemp(f"tiny{request.param}")
    keras_path = folder / "emotion.keras"
    tiny_model(request.param).save(keras_path)
    return keras_path, export_tflite(keras_path, folder / "emotion.tflite"), request.param


@pytest.fixture(scope="module")
def faces():
    return varied_faces(5, 7)


@pytest.mark.parametrize("flip_tta", [True, False])
def test_litert_predictions_equal_the_keras_ones(exported, faces, flip_tta):
    keras_path, tflite_path, size = exported
    lite = EmotionClassifier(tflite_path, flip_tta=flip_tta)
    reference = EmotionClassifier(keras_path, flip_tta=flip_tta)
    probabilities, expected = lite.predict(faces), reference.predict(faces)
    assert lite.input_size == size and reference.input_size == size
    assert probabilities.shape == (5, 7) and probabilities.dtype == np.float32
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(probabilities, expected, atol=1e-4)
    assert probabilities.std(axis=0).max() > 0.02, "the faces should not all read alike"


@pytest.mark.parametrize("flip_tta", [True, False])
def test_litert_features_equal_the_keras_penultimate_layer(exported, faces, flip_tta):
    import keras

    keras_path, tflite_path, size = exported
    model = keras.models.load_model(keras_path, compile=False)
    hidden = keras.Model(model.inputs, model.get_layer("emotion").input)  # what the softmax layer reads
    x = centre_crop(faces, size)[..., None].astype(np.float32)
    expected = hidden.predict(x, verbose=0)
    if flip_tta:
        expected = (expected + hidden.predict(x[:, :, ::-1], verbose=0)) / 2
    for path in (tflite_path, keras_path):
        classifier = EmotionClassifier(path, flip_tta=flip_tta)
        probabilities, features = classifier.predict_with_features(faces)
        assert classifier.feature_size == 4 * 8  # build_model(base_width=4): the last stage's width
        assert features.shape == (5, 32) and features.dtype == np.float32
        assert np.allclose(features, expected, atol=1e-4), path.suffix
        assert np.allclose(probabilities, classifier.predict(faces), atol=1e-6)
        assert features.std(axis=0).max() > 1e-3, "the faces should not all have the same features"
    assert EmotionClassifier(tflite_path).predict_with_features(faces[:0])[1].shape == (0, 32)


def test_a_tflite_exported_without_features_still_loads_with_none(tmp_path, faces):
    import tensorflow as tf

    model = tiny_model(48)
    path = tmp_path / "old.tflite"
    path.write_bytes(tf.lite.TFLiteConverter.from_keras_model(model).convert())  # one output, as before
    classifier = EmotionClassifier(path)
    probabilities, features = classifier.predict_with_features(faces)
    assert classifier.feature_size == 0 and features.shape == (5, 0)
    assert np.allclose(probabilities, classifier.predict(faces))


def test_the_model_identity_is_the_sha256_of_its_file(exported):
    path = exported[1]
    assert EmotionClassifier(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert EmotionClassifier(exported[0]).sha256 != EmotionClassifier(path).sha256


def test_a_smaller_input_gets_the_centre_crop_and_its_mirror(exported, faces):
    import keras

    keras_path, tflite_path, size = exported
    model = keras.models.load_model(keras_path, compile=False)
    x = centre_crop(faces, size)[..., None].astype(np.float32)
    expected = (model.predict(x, verbose=0) + model.predict(x[:, :, ::-1], verbose=0)) / 2
    assert np.allclose(EmotionClassifier(tflite_path).predict(faces), expected, atol=1e-4)


def test_batch_sizes_change_and_repeat_without_changing_answers(exported, faces):
    classifier = EmotionClassifier(exported[1])
    together = classifier.predict(faces)
    for n in (1, 3, 1, 5, 5, 2):
        assert np.allclose(classifier.predict(faces[:n]), together[:n], atol=1e-6)
    assert classifier.predict(faces[:0]).shape == (0, 7)


def test_the_shipped_tflite_agrees_with_the_keras_model_it_came_from():
    # The full check (3,589 PublicTest faces, the same accuracy) is in models/README.md; this is a quick one.
    faces = np.random.default_rng(3).integers(0, 256, (16, 48, 48), dtype=np.uint8)
    assert json.loads(SHIPPED_MODEL.with_name("emotion_labels.json").read_text()) == list(EMOTIONS)
    lite = EmotionClassifier()  # the default is the shipped .tflite
    assert lite.path == SHIPPED_MODEL
    reference = EmotionClassifier(SHIPPED_KERAS)
    probabilities, features = lite.predict_with_features(faces)
    expected_probabilities, expected_features = reference.predict_with_features(faces)
    assert np.allclose(probabilities, expected_probabilities, atol=1e-4)
    assert lite.feature_size == reference.feature_size > 0
    assert np.allclose(features, expected_features, atol=1e-4)


def test_a_tflite_with_the_wrong_shape_is_refused(tmp_path):
    import keras

    inputs = keras.Input((48, 48, 3))
    outputs = keras.layers.Dense(7, activation="softmax")(keras.layers.GlobalAveragePooling2D()(inputs))
    path = tmp_path / "colour.tflite"
    path.write_bytes(tflite_bytes(keras.Model(inputs, outputs)))
    with pytest.raises(ModelLoadError, match="expected square grayscale faces of 16-48 px in and 7 classes out"):
        EmotionClassifier(path).load()
    keras.Model(inputs, outputs).save(tmp_path / "colour.keras")
    with pytest.raises(ModelLoadError, match="expected square grayscale faces"):  # refused before it is written
        export_tflite(tmp_path / "colour.keras", tmp_path / "out.tflite")
    assert not list(tmp_path.glob("*out.tflite*"))


def test_export_command_writes_the_tflite_and_the_labels(capsys, tmp_path):
    source = tmp_path / "run"
    source.mkdir()
    tiny_model(44).save(source / "emotion.keras")
    (source / "emotion_labels.json").write_text(json.dumps(list(EMOTIONS)))
    out = tmp_path / "ship" / "model.tflite"
    assert main(["export", str(source / "emotion.keras"), "--out", str(out)]) == 0
    assert "model.tflite written" in capsys.readouterr().out
    assert json.loads((out.parent / "emotion_labels.json").read_text()) == list(EMOTIONS)
    assert EmotionClassifier(out).predict(np.zeros((1, 48, 48), np.uint8)).shape == (1, 7)
    assert main(["export", str(source / "emotion.keras")]) == 0  # default: beside the model
    assert (source / "emotion.tflite").is_file()


@pytest.mark.parametrize("make, message", [
    (lambda path: None, "model not found"),
    (lambda path: path.write_bytes(b"not a zip"), "not a Keras model file"),
])
def test_export_of_a_missing_or_corrupt_model_is_one_line(capsys, tmp_path, make, message):
    model = tmp_path / "m.keras"
    make(model)
    assert main(["export", str(model)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("flip_tta", [True, False])
def test_an_ensemble_reads_the_mean_of_its_members_with_their_features_side_by_side(tmp_path, faces, flip_tta):
    members = []
    for seed in (1, 2, 3):
        members.append(tmp_path / f"member{seed}.keras")
        tiny_model(44, seed).save(members[-1])
    out = tmp_path / "ensemble.tflite"
    assert main(["export", *map(str, members), "--out", str(out)]) == 0  # LiteRT checked against Keras
    ensemble = EmotionClassifier(out, flip_tta=flip_tta)
    probabilities, features = ensemble.predict_with_features(faces)
    read = [EmotionClassifier(member, flip_tta=flip_tta).predict_with_features(faces) for member in members]
    assert np.allclose(probabilities, np.mean([p for p, _ in read], axis=0), atol=1e-4)
    assert np.allclose(features, np.concatenate([f for _, f in read], axis=1), atol=1e-4)
    assert ensemble.input_size == 44 and ensemble.feature_size == 3 * 32
    spread = np.std([p for p, _ in read], axis=0).max()
    assert spread > 0.01, "the members should disagree, or the mean would say nothing"


def test_an_ensemble_s_keras_model_is_saved_and_reads_as_its_tflite(tmp_path, faces, capsys):
    members = []
    for seed in (1, 2):
        members.append(tmp_path / f"member{seed}.keras")
        tiny_model(44, seed).save(members[-1])
    out, keras_out = tmp_path / "ship" / "emotion.tflite", tmp_path / "ship" / "emotion.keras"
    assert main(["export", *map(str, members), "--out", str(out), "--keras-out", str(keras_out)]) == 0
    assert "emotion.keras written" in capsys.readouterr().out
    lite, reference = EmotionClassifier(out), EmotionClassifier(keras_out)  # LiteRT, TensorFlow
    probabilities, features = lite.predict_with_features(faces)
    expected_probabilities, expected_features = reference.predict_with_features(faces)
    assert np.allclose(probabilities, expected_probabilities, atol=1e-4)
    assert reference.feature_size == 2 * 32 and np.allclose(features, expected_features, atol=1e-4)
    # The shipped ensemble exports again on its own, as a single net does (the card's command).
    again = tmp_path / "again.tflite"
    assert main(["export", str(keras_out), "--out", str(again)]) == 0
    assert np.allclose(EmotionClassifier(again).predict(faces), probabilities, atol=1e-4)
    # Never written over a member.
    assert main(["export", *map(str, members), "--out", str(out), "--keras-out", str(members[0])]) == 1
    assert "would overwrite a model" in capsys.readouterr().err
    assert EmotionClassifier(members[0]).predict(faces).shape == (len(faces), 7)


def test_an_ensemble_of_members_reading_different_crops_is_refused(tmp_path, capsys):
    members = [tmp_path / "a.keras", tmp_path / "b.keras"]
    tiny_model(44).save(members[0])
    tiny_model(48).save(members[1])
    assert main(["export", *map(str, members), "--out", str(tmp_path / "e.tflite")]) == 1
    assert "one crop size" in capsys.readouterr().err
    assert not (tmp_path / "e.tflite").exists()
    assert main(["export", *map(str, members)]) == 1
    assert "needs --out" in capsys.readouterr().err


def test_int8_weights_make_a_smaller_file_of_int8_tensors(tmp_path, faces, capsys, monkeypatch):
    from ai_edge_litert.interpreter import Interpreter

    import moodplayer.training.export as export

    # A tiny random net's standardised output layer magnifies every rounding (0.13 here), so its check is
    # loosened; the real tolerance is held by the shipped model below.
    monkeypatch.setattr(export, "INT8_TOLERANCE", 0.5)
    members = []
    for seed in (1, 2):
        members.append(tmp_path / f"member{seed}.keras")
        tiny_model(44, seed).save(members[-1])
    plain, small = tmp_path / "float.tflite", tmp_path / "int8.tflite"
    assert main(["export", *map(str, members), "--out", str(plain)]) == 0
    assert main(["export", *map(str, members), "--out", str(small), "--int8-weights"]) == 0
    assert "int8 weights" in capsys.readouterr().out
    assert small.stat().st_size < plain.stat().st_size

    def tensor_types(path):
        return {detail["dtype"] for detail in Interpreter(model_path=str(path)).get_tensor_details()}

    assert np.int8 in tensor_types(small) and np.int8 not in tensor_types(plain)
    probabilities, features = EmotionClassifier(small).predict_with_features(faces)
    expected_probabilities, expected_features = EmotionClassifier(plain).predict_with_features(faces)
    assert features.shape == expected_features.shape
    assert not np.array_equal(probabilities, expected_probabilities), "int8 weights change the sums a little"


def test_the_shipped_model_with_int8_weights_reads_as_it_does_in_float(tmp_path):
    from moodplayer.training.export import INT8_FEATURE_TOLERANCE, INT8_TOLERANCE

    out = tmp_path / "emotion-int8.tflite"
    export_tflite(SHIPPED_KERAS, out, int8_weights=True)  # checked against Keras with the int8 tolerances
    assert out.stat().st_size < SHIPPED_MODEL.stat().st_size / 3
    faces = varied_faces(64, 7)
    probabilities, features = EmotionClassifier(out).predict_with_features(faces)
    expected_probabilities, expected_features = EmotionClassifier(SHIPPED_MODEL).predict_with_features(faces)
    assert np.abs(probabilities - expected_probabilities).max() <= INT8_TOLERANCE
    assert np.abs(features - expected_features).max() <= INT8_FEATURE_TOLERANCE * np.abs(expected_features).max()
    assert (probabilities.argmax(axis=1) == expected_probabilities.argmax(axis=1)).mean() >= 0.95


def test_an_int8_export_is_still_checked_against_keras(tmp_path, monkeypatch):
    import moodplayer.training.export as export

    tiny_model(44, 1).save(tmp_path / "net.keras")
    out = tmp_path / "net.tflite"
    # The float tolerance is far tighter than what int8 weights move the outputs by: refused, nothing written.
    monkeypatch.setattr(export, "INT8_TOLERANCE", export.TOLERANCE / 1000)
    with pytest.raises(ModelLoadError, match="LiteRT and Keras differ"):
        export_tflite(tmp_path / "net.keras", out, int8_weights=True)
    assert not out.exists() and not list(tmp_path.glob(".*partial*"))
