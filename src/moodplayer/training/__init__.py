"""Training and evaluation of the emotion CNN (TensorFlow is imported lazily inside)."""
