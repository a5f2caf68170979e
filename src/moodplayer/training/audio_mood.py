"""Train and cross-validate the audio mood model on Emotify (``moodplayer train-audio``).

NumPy only: kernel ridge regression in closed form, stratified folds by hand. Features come from
``audio.batch`` (worker processes, cached), so a second run reads no audio.

Labels: each excerpt's quadrant is the one whose GEMS emotions (``mood_model.QUADRANT_EMOTIONS``)
the most listeners felt on average; arousal is high for the two energetic quadrants.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from moodplayer.audio.batch import analyse
from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.mood_model import GEMS, QUADRANTS, AudioMoodModel, quadrant_scores, softmax
from moodplayer.domain.errors import DatasetError

logger = logging.getLogger(__name__)

DEFAULT_GAMMA = 0.003  # chosen by 10-fold CV on Emotify among 0.001-0.03 (see models/AUDIO-MOOD.md)
DEFAULT_ALPHA = 0.3  # ridge penalty, chosen among 0.3-3 the same way
GRID = [(g, a) for g in (0.001, 0.003, 0.01, 0.03) for a in (0.3, 1.0, 3.0)]
TEMPERATURES = np.geomspace(0.005, 0.5, 60)


@dataclass(frozen=True)
class Emotify:
    paths: list[Path]
    emotions: np.ndarray  # (n, 9) share of listeners who felt each GEMS emotion
    genres: list[str]

    @property
    def quadrants(self) -> np.ndarray:
        return quadrant_scores(self.emotions).argmax(axis=1)


def read_emotify(root: Path) -> Emotify:
    labels = Path(root) / "labels.csv"
    try:
        with open(labels, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        emotions = np.array([[float(row[name]) for name in GEMS] for row in rows])
        paths = [Path(root) / row["file"] for row in rows]
        genres = [row.get("genre", "") for row in rows]
    except OSError as error:
        raise DatasetError(f"cannot read {labels}: {error.strerror or error}") from None
    except (KeyError, ValueError) as error:
        raise DatasetError(f"{labels} is not Emotify's labels.csv ({error})") from None
    if not rows:
        raise DatasetError(f"{labels} has no rows")
    return Emotify(paths, emotions, genres)


def extract(paths: list[Path], cache_folder: Path | None, workers: int = 2) -> np.ndarray:
    """(n, F) features of ``paths`` in order; DatasetError naming the files that failed."""
    cache = FeatureCache(cache_folder) if cache_folder is not None else None
    try:
        results = {a.path: a for a in analyse(paths, cache=cache, workers=workers)}
    finally:
        if cache is not None:
            cache.close()
    failed = [results[p].error for p in paths if not results[p].ok]
    if failed:
        raise DatasetError(f"{len(failed)} excerpt(s) could not be analysed, e.g. {failed[0]}")
    return np.stack([results[p].features for p in paths])


def fit(features: np.ndarray, emotions: np.ndarray, gamma: float = DEFAULT_GAMMA, alpha: float = DEFAULT_ALPHA,
        temperature: float = 0.05) -> AudioMoodModel:
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    # standardise exactly as the model will at run time (clipped), then solve (K + alpha I) dual = Y - offset
    shell = AudioMoodModel(mean, scale, np.zeros((0, features.shape[1])), np.zeros((0, len(GEMS))),
                           np.zeros(len(GEMS)), gamma, temperature)
    support = shell.standardise(features)
    squared = (support**2).sum(axis=1)
    kernel = np.exp(-gamma * np.maximum(squared[:, None] + squared[None, :] - 2 * support @ support.T, 0.0))
    offset = emotions.mean(axis=0)
    dual = np.linalg.solve(kernel + alpha * np.eye(len(support)), emotions - offset)
    return AudioMoodModel(mean, scale, support, dual, offset, gamma, temperature)


def stratified_folds(labels: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """A fold number (0..folds-1) per sample, each class dealt round-robin after a seeded shuffle."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=int)
    start = 0
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        fold[members] = (start + np.arange(len(members))) % folds
        start += len(members)
    return fold


def out_of_fold(features: np.ndarray, emotions: np.ndarray, labels: np.ndarray, gamma: float, alpha: float,
                folds: int, seed: int) -> np.ndarray:
    """(n, 9) emotions predicted for each sample by a model that never saw it."""
    fold = stratified_folds(labels, folds, seed)
    predicted = np.zeros_like(emotions)
    for k in range(folds):
        test = fold == k
        model = fit(features[~test], emotions[~test], gamma, alpha)
        predicted[test] = model.emotions(features[test])
    return predicted


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature with the lowest held-out log-loss (so confidences mean what they say)."""
    losses = [-np.log(softmax(scores, t)[np.arange(len(labels)), labels] + 1e-12).mean() for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(losses))])


def quadrant_report(true: np.ndarray, predicted: np.ndarray) -> dict:
    confusion = np.zeros((4, 4), dtype=int)
    np.add.at(confusion, (true, predicted), 1)
    recall = confusion.diagonal() / np.maximum(confusion.sum(axis=1), 1)
    energetic = lambda q: q < 2
    pleasant = lambda q: (q == 0) | (q == 3)
    return {
        "accuracy": float((true == predicted).mean()),
        "balanced_accuracy": float(recall.mean()),
        "recall": {name: float(r) for name, r in zip(QUADRANTS, recall)},
        "arousal_accuracy": float((energetic(true) == energetic(predicted)).mean()),
        "valence_accuracy": float((pleasant(true) == pleasant(predicted)).mean()),
        "confusion": confusion.tolist(),  # rows: true quadrant, columns: predicted
    }


def cross_validate(data: Emotify, features: np.ndarray, gamma: float, alpha: float, folds: int = 10,
                   repeats: int = 3) -> dict:
    """10-fold CV repeated with ``repeats`` seeds: the mean of each figure, the confusion summed,
    and the temperature that calibrates held-out probabilities."""
    labels = data.quadrants
    reports, all_scores = [], []
    for seed in range(repeats):
        scores = quadrant_scores(out_of_fold(features, data.emotions, labels, gamma, alpha, folds, seed))
        all_scores.append(scores)
        reports.append(quadrant_report(labels, scores.argmax(axis=1)))
    summary = {key: float(np.mean([r[key] for r in reports]))
               for key in ("accuracy", "balanced_accuracy", "arousal_accuracy", "valence_accuracy")}
    summary["accuracy_per_repeat"] = [r["accuracy"] for r in reports]
    summary["recall"] = {q: float(np.mean([r["recall"][q] for r in reports])) for q in QUADRANTS}
    summary["confusion"] = np.sum([r["confusion"] for r in reports], axis=0).tolist()
    summary["temperature"] = fit_temperature(np.concatenate(all_scores), np.tile(labels, repeats))
    summary.update(folds=folds, repeats=repeats, gamma=gamma, alpha=alpha, excerpts=len(labels),
                   quadrant_counts=np.bincount(labels, minlength=4).tolist())
    return summary


def nested_cross_validate(data: Emotify, features: np.ndarray, folds: int = 10, seed: int = 0) -> dict:
    """The grid search itself inside each outer fold (inner 5-fold CV on the other nine tenths), so the
    figure does not flatter the chosen gamma and alpha: what a fresh library can expect."""
    labels = data.quadrants
    outer = stratified_folds(labels, folds, seed)
    predicted = np.zeros(len(labels), dtype=int)
    chosen = []
    for k in range(folds):
        test = outer == k
        train_x, train_y, train_labels = features[~test], data.emotions[~test], labels[~test]

        inner = [float((quadrant_scores(out_of_fold(train_x, train_y, train_labels, g, a, 5, seed + 1))
                        .argmax(axis=1) == train_labels).mean()) for g, a in GRID]
        gamma, alpha = GRID[int(np.argmax(inner))]
        chosen.append([gamma, alpha])
        model = fit(train_x, train_y, gamma, alpha)
        predicted[test] = quadrant_scores(model.emotions(features[test])).argmax(axis=1)
    report = quadrant_report(labels, predicted)
    return {key: report[key] for key in ("accuracy", "balanced_accuracy", "arousal_accuracy", "valence_accuracy")} | {
        "chosen": chosen}


def train_audio_mood(root: Path, out: Path, cache_folder: Path | None, gamma: float = DEFAULT_GAMMA,
                     alpha: float = DEFAULT_ALPHA, grid: bool = False, workers: int = 2) -> dict:
    """Cross-validate, then fit on all of Emotify and write ``out`` (.npz) and ``out``.cv.json."""
    data = read_emotify(root)
    logger.info("Analysing %d excerpts (cached in %s)", len(data.paths), cache_folder)
    features = extract(data.paths, cache_folder, workers)
    report: dict = {}
    if grid:
        report["grid"] = [{"gamma": g, "alpha": a, **{k: v for k, v in cross_validate(data, features, g, a).items()
                                                       if k in ("accuracy", "arousal_accuracy", "balanced_accuracy")}}
                          for g, a in GRID]
        report["nested"] = nested_cross_validate(data, features)
    report["cv"] = cross_validate(data, features, gamma, alpha)
    model = fit(features, data.emotions, gamma, alpha, report["cv"]["temperature"])
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    out.with_suffix(".cv.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def format_report(report: dict) -> str:
    cv = report["cv"]
    lines = []
    for row in report.get("grid", []):
        lines.append(f"gamma {row['gamma']:<6} alpha {row['alpha']:<4} 4-quadrant {row['accuracy']:.1%}  "
                     f"arousal {row['arousal_accuracy']:.1%}  balanced {row['balanced_accuracy']:.1%}")
    if "nested" in report:
        nested = report["nested"]
        lines.append(f"nested CV (grid chosen inside each fold): 4-quadrant {nested['accuracy']:.1%}, "
                     f"arousal {nested['arousal_accuracy']:.1%}, balanced {nested['balanced_accuracy']:.1%}")
    lines += [
        (f"{cv['folds']}-fold CV x {cv['repeats']} seeds on {cv['excerpts']} excerpts "
         f"(gamma {cv['gamma']}, alpha {cv['alpha']}):"),
        (f"  4-quadrant accuracy {cv['accuracy']:.1%} (balanced {cv['balanced_accuracy']:.1%}); "
         f"high-vs-low arousal {cv['arousal_accuracy']:.1%}; pleasant-vs-unpleasant {cv['valence_accuracy']:.1%}"),
        "  recall: " + ", ".join(f"{q} {r:.1%}" for q, r in cv["recall"].items()),
        f"  quadrant counts {cv['quadrant_counts']}; softmax temperature {cv['temperature']:.4f}",
        "  confusion (rows true, columns predicted, summed over seeds):",
    ]
    lines += [f"    {q:<22}" + " ".join(f"{n:5d}" for n in row) for q, row in zip(QUADRANTS, cv["confusion"])]
    return "\n".join(lines)
