"""The shipped model's files agree with what its card says (sizes, parameters, input, labels)."""

import json
import re

import numpy as np

from engine_support import SHIPPED_MODEL

from moodplayer.domain.emotions import EMOTIONS

CARD = SHIPPED_MODEL.parent / "README.md"


def card_row(name: str) -> str:
    match = re.search(rf"^\| {name} \| (.+) \|$", CARD.read_text(), re.MULTILINE)
    assert match, f"the model card has no '{name}' row"
    return match.group(1)


def test_the_card_gives_the_sizes_of_the_files_shipped():
    row = card_row("file")
    for name in ("emotion.keras", "emotion.tflite"):
        stated = re.search(rf"`{re.escape(name)}`, ([\d,]+) bytes", row)
        assert stated, f"the card gives no size for {name}"
        assert int(stated.group(1).replace(",", "")) == (SHIPPED_MODEL.parent / name).stat().st_size, name


def test_the_card_s_labels_and_input_match_the_files():
    labels = json.loads((SHIPPED_MODEL.parent / "emotion_labels.json").read_text())
    assert labels == list(EMOTIONS)
    assert ", ".join(labels) in CARD.read_text().replace("\n", " ")
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(SHIPPED_MODEL.parent / "emotion.tflite"))
    [face] = interpreter.get_input_details()
    size = int(face["shape"][1])
    assert card_row("input").startswith(f"{size}x{size}x1"), "the card's input size is the model's"
    outputs = interpreter.get_signature_runner().get_output_details()  # by name: their order is the converter's
    assert outputs["probabilities"]["shape"][-1] == len(EMOTIONS)
    # The last hidden layer, for personal calibration (an ensemble's members' side by side).
    assert card_row("hidden features").startswith(f"{outputs['features']['shape'][-1]} ")


def test_the_card_s_parameter_count_is_the_keras_model_s():
    import keras

    model = keras.models.load_model(SHIPPED_MODEL.parent / "emotion.keras", compile=False)
    assert card_row("parameters") == f"{model.count_params():,}"
    # An ensemble holds its members as sub-models; each gives its softmax layer's input as hidden
    # features (the net's base width x 8: 256 for the shipped width).
    members = [layer for layer in model.layers if isinstance(layer, keras.Model)] or [model]
    assert card_row("members").startswith(f"{len(members)} ")
    widths = [member.layers[-1].kernel.shape[0] for member in members]
    assert card_row("hidden features").startswith(f"{sum(widths)} ")


def test_the_card_says_how_the_shipped_weights_are_stored():
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(SHIPPED_MODEL.parent / "emotion.tflite"))
    quantized = any(detail["dtype"] == np.int8 for detail in interpreter.get_tensor_details())
    stated = card_row("weights").split(",")[0]
    assert stated == ("int8" if quantized else "float32"), "the card's weights row is the file's"
