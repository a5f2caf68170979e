"""``moodplayer train``: trains the emotion CNN with checkpoints, resume and a fixed seed."""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from moodplayer.domain.emotions import EMOTIONS, NUM_EMOTIONS
from moodplayer.domain.errors import DatasetError
from moodplayer.training.augment import augment_batch, mix_up
from moodplayer.training.dataset import LabelledImages, load_training_data
from moodplayer.training.metrics import classification_report, format_report
from moodplayer.training.predict import predict_with_flip
from moodplayer.vision.emotion import centre_crop

logger = logging.getLogger(__name__)

CHECKPOINT = "checkpoint.keras"
STATE = "state.json"
MODEL = "emotion.keras"
# What a run is: resuming takes these from the run's own state, never from today's command line.
RUN_KEYS = ("epochs", "batch_size", "base_width", "optimizer", "learning_rate", "warmup_epochs", "weight_decay",
            "label_smoothing", "class_weight", "validation_fraction", "seed", "crop_size", "camera_augment",
            "teachers", "distill_weight", "temperature", "ferplus", "ferplus_weight", "split_seed", "precision",
            "ema_momentum", "mixup")
# What a run from before each of these options did, whatever a resume asks now: it split by its seed,
# trained in float32, kept no moving average and mixed no faces.
BEFORE_THE_OPTION = {"split_seed": None, "precision": "float32", "ema_momentum": 0.0, "mixup": 0.0}
# Keras dtype policy of each precision: bfloat16 keeps float32 weights and does the maths in bfloat16.
PRECISIONS = {"float32": "float32", "bfloat16": "mixed_bfloat16"}


@dataclass
class TrainConfig:
    data: Path
    out: Path
    epochs: int = 36
    batch_size: int = 128
    base_width: int = 32
    optimizer: str = "adamw"  # adamw | sgd (Nesterov momentum 0.9)
    learning_rate: float = 1e-3  # peak, after warm-up; cosine decay to zero at the last epoch
    warmup_epochs: int = 2
    weight_decay: float = 0.05  # decoupled, scaled by the learning rate (w -= lr * wd * w each step)
    crop_size: int = 48  # < 48: the net sees random crops of that size in training, the centre one after
    camera_augment: bool = False  # exposure, blur/sharpening, noise and JPEG as a webcam adds them
    teachers: str = ""  # comma-separated .keras models whose averaged predictions the net also learns (distill.py)
    distill_weight: float = 0.0  # share of the teachers' soft targets in each target (0: plain labels)
    temperature: float = 2.0  # softening of the teachers' predictions
    ferplus: str = "none"  # none | soft | majority: train on the FER+ raters' votes (ferplus.py), validate on FER2013's
    ferplus_weight: float = 1.0  # share of the FER+ target in each target, the rest FER2013's own label
    label_smoothing: float = 0.1
    class_weight: str = "none"  # none | sqrt | balanced
    validation_fraction: float = 0.1
    seed: int = 1234
    # The held-out tenth is drawn with this seed (None: ``seed``): an ensemble's members share one, so
    # their validation faces are ones none of them trained on.
    split_seed: int | None = None
    # float32 | bfloat16: the arithmetic of training (what is saved is float32 either way; see fastest_precision)
    precision: str = "float32"
    # > 0: the optimizer keeps an exponential moving average of the weights (this momentum a step); the
    # held-out tenth scores the average, and the best epoch's average is what is saved. 0: off.
    ema_momentum: float = 0.0
    # > 0: mixup, each training face blended with another and its target alike, the share drawn from
    # Beta(mixup, mixup) (augment.mix_up). 0: off.
    mixup: float = 0.0
    resume: bool = False


def _cpu_flags(cpuinfo: Path) -> set[str]:
    try:
        return next((set(line.split(":", 1)[1].split()) for line in cpuinfo.read_text().splitlines()
                     if line.startswith("flags")), set())
    except OSError:
        return set()


def fastest_precision(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """bfloat16 where the CPU multiplies it natively (AVX512_BF16 or AMX), else float32.

    On the 2-core AMD EPYC (Zen 4, AVX512_BF16) a training step of the w48 net costs 659 ms in
    bfloat16 against 962 ms in float32 (benchmarks/bench_epoch.py); without the instructions
    bfloat16 is emulated and slower.
    """
    return "bfloat16" if {"avx512_bf16", "amx_bf16"} & _cpu_flags(cpuinfo) else "float32"


def bfloat16_runs_here(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether TensorFlow's oneDNN convolutions can run bfloat16 at all: they need AVX-512 (emulated
    below AVX512_BF16); on an AVX2-only CPU they fail with "could not create a primitive descriptor"."""
    return {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= _cpu_flags(cpuinfo)


def stratified_split(labels: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, validation), the validation part taking ``fraction`` of every class."""
    rng = np.random.default_rng(seed)
    train, validation = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        # At least one per class (when it has two), so tiny data sets still validate every class.
        cut = max(int(round(len(members) * fraction)), 1 if len(members) > 1 else 0)
        validation.append(members[:cut])
        train.append(members[cut:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(validation))


def class_weights(labels: np.ndarray, mode: str) -> dict[int, float] | None:
    """Per-class loss weights: inverse frequency ('balanced'), its square root ('sqrt'), or None."""
    if mode == "none":
        return None
    counts = np.bincount(labels, minlength=NUM_EMOTIONS).astype(float)
    weights = counts.sum() / (NUM_EMOTIONS * np.maximum(counts, 1))
    if mode == "sqrt":
        weights = np.sqrt(weights)
    weights /= (weights * counts).sum() / counts.sum()  # mean weight per sample stays 1
    return {i: float(w) for i, w in enumerate(weights)}


def learning_rate_at(epoch: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to zero at the end of the schedule."""
    if epoch < config.warmup_epochs:
        return config.learning_rate * (epoch + 1) / (config.warmup_epochs + 1)
    progress = (epoch - config.warmup_epochs) / max(1, config.epochs - config.warmup_epochs)
    return config.learning_rate * 0.5 * (1.0 + math.cos(math.pi * progress))


def make_optimizer(keras, config: TrainConfig):
    """AdamW, or SGD with Nesterov momentum 0.9 (the best optimizer in Khaireddin & Chen's FER2013 grid)."""
    average = {"use_ema": config.ema_momentum > 0, "ema_momentum": config.ema_momentum or 0.99}
    if config.optimizer == "sgd":
        return keras.optimizers.SGD(learning_rate_at(0, config), momentum=0.9, nesterov=True,
                                    weight_decay=config.weight_decay, **average)
    if config.optimizer == "adamw":
        return keras.optimizers.AdamW(learning_rate_at(0, config), weight_decay=config.weight_decay, **average)
    raise DatasetError(f"unknown optimizer {config.optimizer!r} (adamw or sgd)")


def train(config: TrainConfig) -> dict:
    """Run (or resume) a training; writes the model, checkpoints and metrics into ``config.out``."""
    out = config.out
    out.mkdir(parents=True, exist_ok=True)
    state_path = out / STATE
    start_epoch = 0
    if config.resume:
        if not state_path.is_file() or not (out / CHECKPOINT).is_file():
            raise DatasetError(f"{out}: nothing to resume (no {CHECKPOINT} and {STATE})")
        saved = json.loads(state_path.read_text())
        start_epoch = int(saved["epochs_done"])
        # The schedule and split belong to the run being resumed, not to today's defaults.
        for key in RUN_KEYS:
            if key not in saved["config"]:
                if key in BEFORE_THE_OPTION:
                    setattr(config, key, BEFORE_THE_OPTION[key])
                continue  # a run from before the option existed: its value was today's default
            if key == "epochs" and config.epochs != saved["config"]["epochs"]:
                logger.warning("resuming with the run's own schedule of %d epochs", saved["config"]["epochs"])
            setattr(config, key, saved["config"][key])

    if config.precision == "bfloat16" and not bfloat16_runs_here():
        raise DatasetError(f"{out}: {'this run trains' if config.resume else 'asked to train'} in bfloat16, which "
                           "needs a CPU with AVX-512, and this one has none (start a run with --precision float32)")
    train_set, test_set = load_training_data(config.data)
    train_index, val_index = stratified_split(train_set.labels, config.validation_fraction, config.split_seed
                                              if config.split_seed is not None else config.seed)
    print(f"train {len(train_index)} images, validation {len(val_index)}, "
          f"test {0 if test_set is None else len(test_set.labels)}", flush=True)
    targets = None  # FER2013's labels; or the FER+ votes, read before TensorFlow loads
    if config.ferplus != "none":
        from moodplayer.training.ferplus import CSV_NAME, ferplus_targets, read_votes

        targets, used = ferplus_targets(train_set.paths, train_set.labels, read_votes(Path(config.data) / CSV_NAME),
                                        Path(config.data), config.ferplus, config.ferplus_weight)
        targets = targets[train_index]
        print(f"FER+ {config.ferplus} targets (weight {config.ferplus_weight:g}) for {used:,} of "
              f"{len(train_set.labels):,} train images (FER2013's label for the rest; validation keeps FER2013's "
              "labels)", flush=True)

    import keras  # deferred: TensorFlow takes seconds to import

    keras.utils.set_random_seed(config.seed)
    if start_epoch:
        model = keras.models.load_model(out / CHECKPOINT)
    else:
        model = _build_in(keras, config.precision, config)
        model.compile(
            optimizer=make_optimizer(keras, config),
            loss=keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing),
            metrics=["accuracy"],
        )
    print(f"{model.name}: {model.count_params():,} parameters", flush=True)

    x_val = centre_crop(train_set.images[val_index], config.crop_size)[..., None].astype("float32")
    y_val = keras.utils.to_categorical(train_set.labels[val_index], NUM_EMOTIONS)
    weights = class_weights(train_set.labels[train_index], config.class_weight)
    soft = None
    if config.teachers and config.distill_weight > 0:
        from moodplayer.training.distill import soft_targets

        teachers = [Path(p) for p in config.teachers.split(",") if p]
        soft = soft_targets(teachers, train_set.images[train_index], config.temperature, out / "soft_targets.npy")
        print(f"distilling from {len(teachers)} teacher(s), weight {config.distill_weight}, "
              f"temperature {config.temperature}", flush=True)
    batches = _make_batches_class()(train_set, train_index, config, start_epoch, soft, targets)
    # With a moving average, validation swaps the average into the net and back (the checkpoint keeps
    # the trained weights, with the average in the optimizer's state, so a resume goes on unchanged).
    average = keras.callbacks.SwapEMAWeights() if config.ema_momentum > 0 else None

    class SaveState(keras.callbacks.Callback):
        """Checkpoint after every epoch so a run can stop and resume (even across sessions)."""

        def on_epoch_end(self, epoch, logs=None):
            self.model.save(out / CHECKPOINT)
            best = json.loads(state_path.read_text()).get("best") if state_path.is_file() else None
            val_accuracy = float(logs.get("val_accuracy", 0.0))
            if best is None or val_accuracy > best["val_accuracy"]:
                # Selection on the held-out part of train only: the test split never picks a model.
                if average:
                    average._swap_variables()  # save what was validated, the average (Keras has no public swap)
                self.model.save(out / "best.keras")
                if average:
                    average._swap_variables()
                best = {"epoch": epoch + 1, "val_accuracy": val_accuracy}
            state_path.write_text(json.dumps({"epochs_done": epoch + 1, "best": best,
                                              "config": {**asdict(config), "data": str(config.data),
                                                         "out": str(config.out)}}, indent=2))

    class EpochSeconds(keras.callbacks.Callback):
        """Wall-clock seconds of each epoch into the logs (and so history.csv): a slow epoch shows contention."""

        def on_epoch_begin(self, epoch, logs=None):
            self.began = time.monotonic()

        def on_epoch_end(self, epoch, logs=None):
            if logs is not None:
                logs["epoch_seconds"] = round(time.monotonic() - self.began, 1)

    started = time.time()
    model.fit(
        batches,
        validation_data=(x_val, y_val),
        epochs=config.epochs,
        initial_epoch=start_epoch,
        class_weight=weights,
        verbose=1 if sys.stdout.isatty() else 2,
        callbacks=[
            keras.callbacks.LearningRateScheduler(lambda epoch: learning_rate_at(epoch, config)),
            EpochSeconds(),  # before the CSV logger, which writes the logs it is handed
            keras.callbacks.CSVLogger(str(out / "history.csv"), append=True),
            SaveState(),
            *([average] if average else []),
        ],
    )
    elapsed = time.time() - started

    # Shipped without the optimizer's state: a third of the size, and the app only infers.
    best_model = keras.models.load_model(out / "best.keras", compile=False)
    if config.precision != "float32":
        # The same weights in a float32 net: what the app, the export and the scores below run.
        trained, best_model = best_model, _build_in(keras, "float32", config)
        best_model.set_weights(trained.get_weights())
    best_model.save(out / MODEL)
    (out / "emotion_labels.json").write_text(json.dumps(list(EMOTIONS)) + "\n")
    metrics = {"config": {**asdict(config), "data": str(config.data), "out": str(config.out)},
               "parameters": int(best_model.count_params()),
               "best_epoch": json.loads(state_path.read_text())["best"],
               "training_seconds_this_run": round(elapsed, 1)}
    val_probabilities = predict_with_flip(best_model, train_set.images[val_index])
    metrics["validation"] = classification_report(train_set.labels[val_index], val_probabilities.argmax(1))
    if test_set is not None:
        probabilities = predict_with_flip(best_model, test_set.images)
        metrics["test_flip_tta"] = classification_report(test_set.labels, probabilities.argmax(1))
        plain = best_model.predict(centre_crop(test_set.images, config.crop_size)[..., None].astype("float32"),
                                   batch_size=512, verbose=0)
        metrics["test"] = classification_report(test_set.labels, plain.argmax(1))
        print(format_report(metrics["test_flip_tta"]), flush=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    # The app runs the model with LiteRT, not TensorFlow: write its .tflite beside the .keras.
    from moodplayer.training.export import export_tflite

    export_tflite(out / MODEL, out / "emotion.tflite")
    return metrics


def _build_in(keras, precision: str, config: TrainConfig):
    """The net, its layers computing in ``precision`` (each layer keeps the policy it was built under)."""
    from moodplayer.training.model import build_model

    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy(PRECISIONS[precision])
    try:
        return build_model(config.base_width, input_size=config.crop_size)
    finally:
        keras.mixed_precision.set_global_policy(previous)


def _make_batches_class():
    """The batch sequence class; it subclasses a Keras class, so it is built on first use."""
    import keras

    class AugmentedBatches(keras.utils.PyDataset):
        """Shuffled, augmented training batches; reshuffled with a per-epoch seed (reproducible on resume)."""

        def __init__(self, data: LabelledImages, index: np.ndarray, config: TrainConfig, start_epoch: int,
                     soft: np.ndarray | None = None, targets: np.ndarray | None = None):
            super().__init__()
            self.images = data.images[index]
            # The targets: FER2013's one-hot labels, or FER+ votes (already taken at ``index``).
            self.labels = (keras.utils.to_categorical(data.labels[index], NUM_EMOTIONS) if targets is None
                           else targets.astype("float32"))
            if soft is not None:
                from moodplayer.training.distill import mix_targets

                self.labels = mix_targets(self.labels, soft, config.distill_weight).astype("float32")
            self.batch_size = config.batch_size
            self.seed = config.seed
            self.crop_size = config.crop_size
            self.camera = config.camera_augment
            self.mixup = config.mixup
            self.epoch = start_epoch
            self._shuffle()

        def _shuffle(self):
            self.rng = np.random.default_rng((self.seed, self.epoch))
            self.order = self.rng.permutation(len(self.images))

        def __len__(self):
            return math.ceil(len(self.images) / self.batch_size)

        def __getitem__(self, i):
            chosen = self.order[i * self.batch_size:(i + 1) * self.batch_size]
            faces = augment_batch(self.images[chosen], self.rng, crop_size=self.crop_size, camera=self.camera)
            targets = self.labels[chosen]
            if self.mixup > 0:
                faces, targets = mix_up(faces, targets, self.rng, self.mixup)
            return faces[..., None].astype("float32"), targets

        def on_epoch_end(self):
            self.epoch += 1
            self._shuffle()

    return AugmentedBatches

