"""Classification metrics over the seven emotions (plain NumPy)."""

from __future__ import annotations

import math

import numpy as np

from moodplayer.domain.emotions import EMOTIONS, NUM_EMOTIONS


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """``(7, 7)`` counts: rows are true classes, columns predicted; a prediction of -1 (no face) is left out."""
    labels = np.asarray(labels, dtype=np.int64)
    predictions = np.asarray(predictions, dtype=np.int64)
    made = predictions >= 0
    matrix = np.zeros((NUM_EMOTIONS, NUM_EMOTIONS), dtype=np.int64)
    np.add.at(matrix, (labels[made], predictions[made]), 1)
    return matrix


def classification_report(labels: np.ndarray, predictions: np.ndarray) -> dict:
    """Accuracy, macro-F1 (over classes present in the labels), per-class precision/recall/F1, confusion.

    A prediction of -1 (no face found) counts as a miss for accuracy and recall.
    """
    labels = np.asarray(labels, dtype=np.int64)
    matrix = confusion_matrix(labels, predictions)
    true_counts = np.bincount(labels, minlength=NUM_EMOTIONS)
    predicted_counts = matrix.sum(axis=0)
    hits = np.diag(matrix)
    per_class = {}
    f1_scores = []
    for index, name in enumerate(EMOTIONS):
        precision = hits[index] / predicted_counts[index] if predicted_counts[index] else 0.0
        recall = hits[index] / true_counts[index] if true_counts[index] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {
            "precision": round(float(precision), 4),
            "recall": round(float(recall), 4),
            "f1": round(float(f1), 4),
            "support": int(true_counts[index]),
        }
        if true_counts[index]:
            f1_scores.append(f1)
    total = len(labels)
    return {
        "accuracy": round(float(hits.sum() / total), 4) if total else 0.0,
        "macro_f1": round(float(np.mean(f1_scores)), 4) if f1_scores else 0.0,
        "per_class": per_class,
        "confusion": matrix.tolist(),
        "n_images": total,
    }


def format_report(report: dict) -> str:
    """The report as an aligned plain-text table."""
    lines = [
        f"images:   {report['n_images']}",
        f"accuracy: {report['accuracy']:.2%}",
        f"macro-F1: {report['macro_f1']:.3f}",
        "",
        f"{'class':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}",
    ]
    for name, row in report["per_class"].items():
        lines.append(f"{name:<10}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>7.3f}{row['support']:>9}")
    lines += ["", "confusion (rows: true, columns: predicted)", " " * 10 + "".join(f"{n[:7]:>8}" for n in EMOTIONS)]
    for name, row in zip(EMOTIONS, report["confusion"]):
        lines.append(f"{name:<10}" + "".join(f"{count:>8}" for count in row))
    return "\n".join(lines)


def paired_comparison(labels: np.ndarray, first: np.ndarray, second: np.ndarray) -> dict:
    """How much better ``second``'s predictions are than ``first``'s on the same faces, and how sure.

    Two models scored on one set share its easy and hard faces, so only the faces exactly one of
    them gets right tell them apart. ``difference`` is second's accuracy minus first's; ``interval``
    its 95% normal interval over faces; ``p_value`` McNemar's exact two-sided test on those faces.
    """
    labels = np.asarray(labels)
    first_right, second_right = np.asarray(first) == labels, np.asarray(second) == labels
    total = len(labels)
    only_first = int(np.sum(first_right & ~second_right))
    only_second = int(np.sum(second_right & ~first_right))
    difference = (only_second - only_first) / total
    spread = np.sqrt(max((only_first + only_second) / total - difference**2, 0.0) / total)
    discordant, fewer = only_first + only_second, min(only_first, only_second)
    tail = sum(math.comb(discordant, k) for k in range(fewer + 1)) / 2**discordant if discordant else 1.0
    return {
        "first_accuracy": float(first_right.mean()),
        "second_accuracy": float(second_right.mean()),
        "only_first": only_first,
        "only_second": only_second,
        "difference": difference,
        "interval": (difference - 1.96 * spread, difference + 1.96 * spread),
        "p_value": min(1.0, 2 * tail),
    }
