"""The emotion CNN: a VGG-style net over square grayscale faces (pixel values 0..255)."""

from __future__ import annotations

from moodplayer.domain.emotions import NUM_EMOTIONS

FACE_SHAPE = (48, 48, 1)


def build_model(base_width: int = 32, dropout: float = 0.4, input_size: int = 48):
    """Four stages of two conv3x3-BN-ReLU, widths base_width x (1, 2, 4, 8), global pooling.

    ``input_size`` below 48 makes a net for random crops of the 48 px face (the app feeds it
    the centre crop). Pixel scaling lives inside the model (a Rescaling layer), so training and
    the app feed the same raw 0..255 crops. Keras is imported here so that importing this
    module is cheap.
    """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(input_size, input_size, 1), name="face")
    x = layers.Rescaling(1.0 / 255.0)(inputs)
    for stage, width in enumerate(base_width * m for m in (1, 2, 4, 8)):
        for conv in range(2):
            x = layers.Conv2D(width, 3, padding="same", use_bias=False, name=f"conv{stage + 1}_{conv + 1}")(x)
            # momentum 0.9 (PyTorch's 0.1): with Keras' 0.99 the moving statistics lagged so far
            # behind in the first epochs that inference predicted one class for every face.
            x = layers.BatchNormalization(momentum=0.9, name=f"bn{stage + 1}_{conv + 1}")(x)
            x = layers.ReLU()(x)
        # No dropout between stages: spatial dropout there kept this small net at chance for epochs.
        x = layers.MaxPooling2D(2, name=f"pool{stage + 1}")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(dropout)(x)
    # float32 output keeps the softmax exact when training under a bfloat16 policy.
    outputs = layers.Dense(NUM_EMOTIONS, activation="softmax", dtype="float32", name="emotion")(x)
    suffix = "" if input_size == 48 else f"_c{input_size}"
    return keras.Model(inputs, outputs, name=f"vgg_emotion_w{base_width}{suffix}")
