"""The seven FER2013 emotions, in the data set's label order (0..6)."""

EMOTIONS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
NUM_EMOTIONS = len(EMOTIONS)


def emotion_index(name: str) -> int:
    """Index of an emotion name (case-insensitive); ValueError for an unknown name."""
    try:
        return EMOTIONS.index(name.strip().lower())
    except ValueError:
        raise ValueError(f"unknown emotion {name!r}; expected one of {', '.join(EMOTIONS)}") from None
