"""Seconds an epoch of the emotion model's training recipe costs under settings that might make it cheaper.

    python benchmarks/bench_epoch.py [--steps 20] [--width 32] [--settings tf,tf-bf16,...] [--jax-python PATH]

The recipe is scripts/campaign.sh's (1.2M-parameter net, width 32 unless --width, 44 px crops with camera
augmentation, AdamW, label smoothing, 25,839 training faces and 2,870 held out); each setting
runs in a fresh process and is timed on random faces (a step costs the same whatever the faces
show, so no data set is needed):

- a training step, median over ``--steps`` steps after a warm-up (which holds XLA's compilation);
- the augmentation of one batch alone (train.py augments on the training thread);
- the pass over the held-out faces at the end of each epoch.

An epoch = steps x step + validation. Keras's JAX backend needs its own interpreter with jax and
the same Keras (``--jax-python``; see the model card). Never run it beside a training: it measures
the cores, and a training beside it measures nothing (and is slowed fivefold).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

TRAIN_FACES, HELD_OUT_FACES = 25_839, 2_870  # FER2013 train/ less its held-out tenth
SETTINGS = {
    # name: (backend, jit_compile, batch size, augmentation threads, precision as `train --precision`)
    "tf": ("tensorflow", "auto", 128, 1, "float32"),  # `moodplayer train` on a CPU without bfloat16
    "tf-xla-off": ("tensorflow", False, 128, 1, "float32"),
    "tf-xla-on": ("tensorflow", True, 128, 1, "float32"),
    "tf-batch64": ("tensorflow", "auto", 64, 1, "float32"),
    "tf-batch256": ("tensorflow", "auto", 256, 1, "float32"),
    "tf-prefetch": ("tensorflow", "auto", 128, 2, "float32"),  # the next batch augmented while this one trains
    # bfloat16 maths, float32 weights: oneDNN's bf16 kernels on CPUs with AVX512_BF16 or AMX
    "tf-bf16": ("tensorflow", "auto", 128, 1, "bfloat16"),  # its default where the CPU has them
    "jax": ("jax", "auto", 128, 1, "float32"),
    # `tf` with TensorFlow's thread pools or oneDNN set otherwise (environment in SETTING_ENVIRONMENT)
    "tf-inter1": ("tensorflow", "auto", 128, 1, "float32"),
    "tf-intra1": ("tensorflow", "auto", 128, 1, "float32"),
    "tf-onednn-off": ("tensorflow", "auto", 128, 1, "float32"),
}
# TensorFlow reads these when it starts: its pools default to one thread a core each (inter-op:
# independent ops at once; intra-op: one op's work split), and oneDNN's kernels are on for x86.
SETTING_ENVIRONMENT = {
    "tf-inter1": {"TF_NUM_INTEROP_THREADS": "1"},
    "tf-intra1": {"TF_NUM_INTRAOP_THREADS": "1"},
    "tf-onednn-off": {"TF_ENABLE_ONEDNN_OPTS": "0"},
}
WARMUP_STEPS = 3


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def measure(name: str, steps: int, width: int) -> dict:
    """One setting, in this process (KERAS_BACKEND is already set by the parent)."""
    import keras

    from moodplayer.training.dataset import LabelledImages
    from moodplayer.training.train import TrainConfig, _build_in, _make_batches_class, make_optimizer

    backend, jit, batch, threads, precision = SETTINGS[name]
    config = TrainConfig(data=Path("."), out=Path("."), batch_size=batch, base_width=width, crop_size=44,
                         camera_augment=True, optimizer="adamw", learning_rate=1e-3, weight_decay=0.05)
    rng = np.random.default_rng(0)
    count = (WARMUP_STEPS + steps) * batch
    faces = LabelledImages(rng.integers(0, 256, (count, 48, 48), dtype=np.uint8), rng.integers(0, 7, count))
    batches = _make_batches_class()(faces, np.arange(count), config, 0)
    if threads > 1:  # PyDataset's own worker threads: augmentation overlaps the training step
        keras.utils.PyDataset.__init__(batches, workers=threads, use_multiprocessing=False)

    started = time.perf_counter()
    for i in range(10):
        batches[i % len(batches)]
    augment_ms = (time.perf_counter() - started) / 10 * 1000

    keras.utils.set_random_seed(0)
    model = _build_in(keras, precision, config)  # the net as `moodplayer train` builds it
    model.compile(optimizer=make_optimizer(keras, config),
                  loss=keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing),
                  metrics=["accuracy"], jit_compile=jit)

    ends: list[float] = []

    class StepClock(keras.callbacks.Callback):
        def on_train_batch_end(self, batch_index, logs=None):
            ends.append(time.perf_counter())

    started = time.perf_counter()
    model.fit(batches, epochs=1, steps_per_epoch=WARMUP_STEPS + steps, verbose=0, callbacks=[StepClock()])
    step_seconds = float(np.median(np.diff(ends[WARMUP_STEPS - 1:])))
    warmup_seconds = ends[WARMUP_STEPS - 1] - started

    x_val = rng.integers(0, 256, (HELD_OUT_FACES, 44, 44, 1)).astype("float32")
    y_val = keras.utils.to_categorical(rng.integers(0, 7, HELD_OUT_FACES), 7)
    model.evaluate(x_val[:256], y_val[:256], verbose=0)  # compiled once, as fit's first validation is
    started = time.perf_counter()
    model.evaluate(x_val, y_val, verbose=0)  # fit's validation: the default batch of 32
    validation_seconds = time.perf_counter() - started

    steps_per_epoch = math.ceil(TRAIN_FACES / batch)
    return {"setting": name, "backend": backend, "jit_compile": jit, "batch": batch, "augment_threads": threads,
            "precision": precision, "width": width,
            "ms_per_step": round(step_seconds * 1000, 1), "augment_ms_per_batch": round(augment_ms, 1),
            "validation_s": round(validation_seconds, 1), "warmup_s": round(warmup_seconds, 1),
            "epoch_s": round(steps_per_epoch * step_seconds + validation_seconds, 1), "cpu": cpu_name()}


def run_setting(name: str, steps: int, width: int, jax_python: str | None) -> dict | None:
    backend = SETTINGS[name][0]
    python = jax_python if backend == "jax" else sys.executable
    if python is None:
        print(f"{name}: skipped (give --jax-python, an interpreter with jax and Keras)", file=sys.stderr)
        return None
    source = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
           **SETTING_ENVIRONMENT.get(name, {})}
    done = subprocess.run([python, __file__, "--one", name, "--steps", str(steps), "--width", str(width)], env=env,
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        print(f"{name}: failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=20, help="timed training steps per setting (default 20)")
    parser.add_argument("--settings", default=",".join(SETTINGS), help=f"comma-separated, of {', '.join(SETTINGS)}")
    parser.add_argument("--width", type=int, default=32, help="the net's base width (32 ships; 48 is the wide net)")
    parser.add_argument("--jax-python", help="a Python with jax and the same Keras, for the 'jax' setting")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.steps, args.width)), flush=True)
        return 0
    names = [name.strip() for name in args.settings.split(",") if name.strip()]
    unknown = [name for name in names if name not in SETTINGS]
    if unknown:
        parser.error(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}")
    print(f"# {cpu_name()}, {os.cpu_count()} cores; width {args.width}; {args.steps} timed steps a setting")
    print(f"{'setting':<12} {'ms/step':>8} {'augment ms':>10} {'validation s':>12} {'warm-up s':>9} {'epoch s':>8}")
    for name in names:
        result = run_setting(name, args.steps, args.width, args.jax_python)
        if result is not None:
            print(f"{name:<12} {result['ms_per_step']:>8} {result['augment_ms_per_batch']:>10} "
                  f"{result['validation_s']:>12} {result['warmup_s']:>9} {result['epoch_s']:>8}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
