"""The command-line contracts: train, evaluate, detect, and a clear line (never a traceback) for bad input."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from engine_support import write_image, write_video

from moodplayer.cli import main
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.training.train import bfloat16_runs_here, fastest_precision
from moodplayer.vision.emotion import EmotionClassifier
from moodplayer.vision.faces import create_face_detector, crop_face

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_train_writes_a_model_and_metrics_and_resumes(capsys, tiny_fer, tmp_path):
    out_dir = tmp_path / "run"
    code, out, err = run(capsys, "train", str(tiny_fer), "--epochs", "1", "--width", "4", "--batch-size", "8",
                         "--out", str(out_dir))
    assert code == 0, err
    assert (out_dir / "emotion.keras").is_file() and (out_dir / "checkpoint.keras").is_file()
    assert (out_dir / "emotion.tflite").is_file()  # what the app runs, exported at the end of the run
    metrics = json.loads((out_dir / "metrics.json").read_text())
    assert metrics["test_flip_tta"]["n_images"] == 14 and metrics["parameters"] > 0
    state = json.loads((out_dir / "state.json").read_text())
    assert state["epochs_done"] == 1
    # Resuming a finished run of 1 epoch with a longer schedule keeps the run's own schedule.
    code, out, err = run(capsys, "train", str(tiny_fer), "--out", str(out_dir), "--resume", "--class-weight", "sqrt")
    assert code == 0, err
    assert json.loads((out_dir / "state.json").read_text())["epochs_done"] == 1


def test_train_reads_the_original_csv(capsys, tiny_fer_csv, tmp_path):
    code, out, err = run(capsys, "train", str(tiny_fer_csv), "--epochs", "1", "--width", "4", "--batch-size", "8",
                         "--out", str(tmp_path / "run"), "--class-weight", "balanced")
    assert code == 0, err
    assert "model written to" in out


def test_resume_without_a_run_is_a_clear_error(capsys, tiny_fer, tmp_path):
    code, out, err = run(capsys, "train", str(tiny_fer), "--out", str(tmp_path / "none"), "--resume")
    assert code == 1 and "nothing to resume" in err


@pytest.fixture
def happy_faces(tmp_path, astronaut_bgr):
    """Crops of the smiling astronaut (and her mirror image) filed under happy; a photo folder too."""
    [box] = create_face_detector().detect(astronaut_bgr)
    crops = tmp_path / "crops"
    photos = tmp_path / "photos"
    for i, image in enumerate((astronaut_bgr, astronaut_bgr[:, ::-1])):
        write_image(crops / "happy" / f"{i}.png", crop_face(image, create_face_detector().detect(image)[0]))
        write_image(photos / "happy" / f"{i}.jpg", image)
    write_image(photos / "sad" / "wall.png", np.full((200, 200, 3), 90, dtype=np.uint8))  # no face in it
    return crops, photos


def test_evaluate_face_crops_prints_the_report(capsys, happy_faces):
    code, out, err = run(capsys, "evaluate", str(happy_faces[0]))
    assert code == 0, err
    assert "accuracy: 100.00%" in out and "confusion" in out


def test_evaluate_photos_counts_photos_without_a_face(capsys, happy_faces):
    code, out, err = run(capsys, "evaluate", str(happy_faces[1]), "--detect-faces", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {"accuracy", "macro_f1", "per_class", "confusion", "n_images", "no_face"} <= set(report)
    assert report["n_images"] == 3 and report["no_face"] == 1
    assert report["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["per_class"]["happy"]["recall"] == 1.0 and report["per_class"]["sad"]["recall"] == 0.0


def test_a_readme_beside_the_class_folders_is_ignored(capsys, tmp_path):
    root = tmp_path / "data"
    write_image(root / "happy" / "a.png", np.zeros((48, 48), np.uint8))
    (root / "README.md").write_text("how these photos were labelled")
    code, out, err = run(capsys, "evaluate", str(root), "--json")
    assert code == 0 and json.loads(out)["n_images"] == 1, err


@pytest.mark.parametrize("make, message", [
    (lambda root: (root / "joy").mkdir(parents=True), "unknown class folder 'joy'"),
    (lambda root: write_image(root / "happy" / "a.png", np.zeros((9, 9), np.uint8)) and
     (root / "happy" / "readme.md").write_text("hi"), "not an image file"),
    (lambda root: (root / "happy").mkdir(parents=True) or (root / "happy" / "x.jpg").write_bytes(b""),
     "not a readable image"),
    (lambda root: root.mkdir(), "no class folders"),
    (lambda root: None, "not a folder"),
])
def test_evaluate_bad_folders(capsys, tmp_path, make, message):
    make(tmp_path / "data")
    code, out, err = run(capsys, "evaluate", str(tmp_path / "data"))
    assert code == 1 and message in err and "Traceback" not in err


def test_detect_reads_the_mood_from_a_video_file(capsys, tmp_path, astronaut_bgr):
    clip = write_video(tmp_path / "clip.avi", [astronaut_bgr] * 5)
    code, out, err = run(capsys, "detect", "--camera", str(clip), "--frames", "10", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert {"mood", "votes", "frames", "frames_with_face", "probabilities", "timings_ms"} <= set(result)
    assert result["mood"] == "happy" and result["frames"] == 10 and result["frames_with_face"] == 10
    assert set(result["probabilities"]) == set(EMOTIONS)
    code, out, err = run(capsys, "detect", "--camera", str(clip), "--frames", "3")
    assert code == 0 and out.startswith("mood: happy")


def test_detect_without_a_face_exits_3(capsys, tmp_path):
    wall = write_image(tmp_path / "wall.png", np.full((240, 320, 3), 90, dtype=np.uint8))
    code, out, err = run(capsys, "detect", "--camera", str(wall), "--json")
    assert code == 3
    assert json.loads(out)["frames_with_face"] == 0 and json.loads(out)["mood"] is None


@pytest.mark.parametrize("camera", ["9", "missing.mp4"])
def test_detect_without_a_camera_exits_2(capsys, camera):
    code, out, err = run(capsys, "detect", "--camera", camera)
    assert code == 2 and "camera unavailable" in err


@pytest.mark.parametrize("name, content, message", [
    ("model.tflite", None, "emotion model not found"),
    ("model.tflite", b"garbage", "not a TFLite model file"),
    ("model.tflite", b"\x1c\x00\x00\x00TFL3" + bytes(range(256)), "cannot load the model"),
    ("model.keras", None, "emotion model not found"),
    ("model.keras", b"garbage", "not a Keras model file"),
    ("model.keras", "zip", "cannot load the model"),
])
def test_detect_with_a_missing_or_corrupt_model(capsys, tmp_path, astronaut_bgr, name, content, message):
    model = tmp_path / name
    if content == "zip":
        import zipfile

        with zipfile.ZipFile(model, "w") as archive:
            archive.writestr("config.json", "{not json")
    elif content is not None:
        model.write_bytes(content)
    face = write_image(tmp_path / "face.png", astronaut_bgr)
    code, out, err = run(capsys, "detect", "--camera", str(face), "--model", str(model))
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_the_console_command_prints_one_line_not_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "moodplayer", "evaluate", str(tmp_path / "nothing")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"moodplayer: {tmp_path / 'nothing'}: not a folder"]


def stop_after_the_first_epoch(monkeypatch):
    """Trainings stop as at a user's Ctrl+C once the first epoch's checkpoint is written; returns the undo."""
    import moodplayer.training.train as training

    schedule = training.learning_rate_at

    def interrupted(epoch, config):
        if epoch == 1:
            raise KeyboardInterrupt
        return schedule(epoch, config)

    monkeypatch.setattr(training, "learning_rate_at", interrupted)
    return lambda: monkeypatch.setattr(training, "learning_rate_at", schedule)


def test_a_moving_average_run_validates_and_saves_the_average_and_resumes_with_it(capsys, tiny_fer, tmp_path,
                                                                                  monkeypatch):
    import keras

    import moodplayer.training.train as training
    from moodplayer.training.dataset import load_training_data
    from moodplayer.vision.emotion import centre_crop

    out = tmp_path / "run"
    options = ["--out", str(out), "--batch-size", "8", "--width", "4", "--validation-fraction", "0.3",
               "--precision", "float32"]
    go_on = stop_after_the_first_epoch(monkeypatch)
    assert main(["train", str(tiny_fer), "--epochs", "2", "--ema-momentum", "0.5", *options]) == 130
    assert json.loads((out / "state.json").read_text())["epochs_done"] == 1
    checkpoint = keras.models.load_model(out / "checkpoint.keras")
    best = keras.models.load_model(out / "best.keras")
    averages = [v for v in checkpoint.optimizer.variables if "average" in v.path]
    assert len(averages) == len(checkpoint.trainable_weights) > 0
    # The checkpoint trains on from the weights themselves (the average rides in the optimizer's
    # state); the best epoch's file holds the average.
    for average, saved in zip(averages, best.trainable_weights):
        np.testing.assert_array_equal(saved.numpy(), average.numpy())
    assert any(not np.array_equal(w.numpy(), a.numpy()) for w, a in zip(checkpoint.trainable_weights, averages))
    # The held-out faces were scored with the average: its loss is the one the history wrote down.
    train_set, _ = load_training_data(tiny_fer)
    _, val_index = training.stratified_split(train_set.labels, 0.3, 1234)
    faces = centre_crop(train_set.images[val_index], 48)[..., None].astype("float32")
    loss = best.evaluate(faces, keras.utils.to_categorical(train_set.labels[val_index], 7), verbose=0)[0]
    history = (out / "history.csv").read_text().splitlines()
    logged = dict(zip(history[0].split(","), history[1].split(",")))
    assert float(logged["val_loss"]) == pytest.approx(loss, rel=1e-4)
    # The resume finishes the run with its own average, whatever today's command line says.
    go_on()
    assert main(["train", str(tiny_fer), "--resume", "--ema-momentum", "0", *options]) == 0
    state = json.loads((out / "state.json").read_text())
    assert state["config"]["ema_momentum"] == 0.5 and state["epochs_done"] == 2
    resumed = keras.models.load_model(out / "checkpoint.keras")
    assert len([v for v in resumed.optimizer.variables if "average" in v.path]) == len(averages)
    capsys.readouterr()


def test_a_run_from_before_the_moving_average_and_mixup_resumes_without_them(capsys, tiny_fer, tmp_path,
                                                                             monkeypatch):
    out = tmp_path / "run"
    options = ["--out", str(out), "--batch-size", "16", "--width", "4", "--precision", "float32"]
    go_on = stop_after_the_first_epoch(monkeypatch)
    assert main(["train", str(tiny_fer), "--epochs", "2", *options]) == 130
    state = json.loads((out / "state.json").read_text())
    del state["config"]["ema_momentum"], state["config"]["mixup"]  # as a state written before the options
    (out / "state.json").write_text(json.dumps(state))
    go_on()
    assert main(["train", str(tiny_fer), "--resume", "--ema-momentum", "0.9", "--mixup", "1", *options]) == 0
    state = json.loads((out / "state.json").read_text())
    assert state["epochs_done"] == 2 and state["config"]["ema_momentum"] == 0.0 and state["config"]["mixup"] == 0.0
    capsys.readouterr()


def test_a_mixup_run_trains_on_blended_faces_and_resumes_with_its_own_alpha(capsys, tiny_fer, tmp_path,
                                                                           monkeypatch):
    import moodplayer.training.train as training

    blended = []
    real_mix_up = training.mix_up

    def watched(faces, targets, rng, alpha):
        blended.append(alpha)
        return real_mix_up(faces, targets, rng, alpha)

    monkeypatch.setattr(training, "mix_up", watched)
    out = tmp_path / "run"
    options = ["--out", str(out), "--batch-size", "16", "--width", "4", "--precision", "float32"]
    go_on = stop_after_the_first_epoch(monkeypatch)
    assert main(["train", str(tiny_fer), "--epochs", "2", "--mixup", "0.4", *options]) == 130
    assert blended and set(blended) == {0.4}
    blended.clear()
    go_on()
    assert main(["train", str(tiny_fer), "--resume", "--mixup", "0", *options]) == 0
    state = json.loads((out / "state.json").read_text())
    assert state["epochs_done"] == 2 and state["config"]["mixup"] == 0.4 and set(blended) == {0.4}
    capsys.readouterr()


def test_a_negative_mixup_is_one_line(capsys, tiny_fer, tmp_path):
    code, out, err = run(capsys, "train", str(tiny_fer), "--out", str(tmp_path / "run"), "--mixup", "-1")
    assert code == 1 and err.strip().splitlines() == ["moodplayer: --mixup must not be negative (0: no mixup)"]


def test_a_moving_average_momentum_out_of_range_is_one_line(capsys, tiny_fer, tmp_path):
    code, out, err = run(capsys, "train", str(tiny_fer), "--out", str(tmp_path / "run"), "--ema-momentum", "1")
    assert code == 1 and err.strip().splitlines() == [
        "moodplayer: --ema-momentum must be in [0, 1) (0: no moving average)"]


@pytest.mark.skipif(not bfloat16_runs_here(), reason="bfloat16 convolutions need AVX-512 (this CPU has none)")
def test_a_bfloat16_run_keeps_its_precision_on_resume_and_ships_float32(capsys, tiny_fer, tmp_path):
    import keras

    out = tmp_path / "run"
    options = ["--out", str(out), "--batch-size", "16", "--width", "4", "--crop", "44"]
    assert main(["train", str(tiny_fer), "--epochs", "2", "--precision", "bfloat16", *options]) == 0
    checkpoint = keras.models.load_model(out / "checkpoint.keras", compile=False)
    assert checkpoint.get_layer("conv1_1").compute_dtype == "bfloat16"
    # Resuming takes the run's own precision, whatever today's command line says.
    assert main(["train", str(tiny_fer), "--resume", "--precision", "float32", *options]) == 0
    assert json.loads((out / "state.json").read_text())["config"]["precision"] == "bfloat16"
    shipped = keras.models.load_model(out / "emotion.keras", compile=False)
    assert {layer.compute_dtype for layer in shipped.layers} == {"float32"}
    faces = np.random.default_rng(0).integers(0, 256, (4, 44, 44, 1)).astype("float32")
    best = keras.models.load_model(out / "best.keras", compile=False)
    # The float32 copy carries the trained weights: it agrees with the bfloat16 net to bfloat16's precision.
    np.testing.assert_allclose(shipped.predict(faces, verbose=0), best.predict(faces, verbose=0), atol=0.02)
    assert EmotionClassifier(out / "emotion.tflite").predict(np.zeros((1, 48, 48), np.uint8)).shape == (1, 7)


def test_bfloat16_on_a_cpu_that_cannot_run_it_is_one_line_not_a_traceback(capsys, tiny_fer, tmp_path, monkeypatch):
    import moodplayer.training.train as training

    monkeypatch.setattr(training, "bfloat16_runs_here", lambda: False)
    code, out, err = run(capsys, "train", str(tiny_fer), "--out", str(tmp_path / "run"), "--epochs", "1",
                         "--width", "4", "--precision", "bfloat16")
    assert code == 1 and err.strip().splitlines() == [
        f"moodplayer: {tmp_path / 'run'}: asked to train in bfloat16, which needs a CPU with AVX-512, and this one "
        "has none (start a run with --precision float32)"]


@pytest.mark.parametrize("flags, precision", [
    ("fpu sse2 avx2 avx512f avx512bw avx512vl avx512dq avx512_bf16 avx512_vnni", "bfloat16"),  # AMD Zen 4
    ("fpu sse2 avx2 avx512f avx512bw avx512vl avx512dq amx_bf16 amx_tile", "bfloat16"),  # Intel Sapphire Rapids
    # Intel Cascade Lake: bfloat16 would be emulated
    ("fpu sse2 avx2 avx512f avx512bw avx512vl avx512dq avx512_vnni", "float32"),
])
def test_bfloat16_is_chosen_only_where_the_cpu_multiplies_it(tmp_path, flags, precision):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: {flags}\n")
    assert fastest_precision(cpuinfo) == precision
    assert fastest_precision(tmp_path / "missing") == "float32"
    assert bfloat16_runs_here(cpuinfo)  # each of these has AVX-512
    assert not bfloat16_runs_here(tmp_path / "missing")


def test_an_avx2_only_cpu_cannot_run_bfloat16(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n")  # e.g. AMD Zen 3
    assert not bfloat16_runs_here(cpuinfo)


def test_train_on_random_crops_with_sgd_and_camera_jitter_then_resume(capsys, tiny_fer, tmp_path):
    import keras

    out = tmp_path / "run"
    options = ["--out", str(out), "--batch-size", "16", "--width", "4", "--crop", "44", "--optimizer", "sgd",
               "--camera-augment"]
    assert main(["train", str(tiny_fer), "--epochs", "2", *options]) == 0
    state = json.loads((out / "state.json").read_text())
    assert state["config"]["crop_size"] == 44 and state["config"]["optimizer"] == "sgd"
    assert state["config"]["learning_rate"] == 0.05 and state["config"]["weight_decay"] == 5e-4
    # Resuming takes the run's own recipe, whatever today's command line says.
    assert main(["train", str(tiny_fer), "--out", str(out), "--resume", "--crop", "40", "--epochs", "2"]) == 0
    model = keras.models.load_model(out / "emotion.keras", compile=False)
    assert model.input_shape[1:] == (44, 44, 1)
    app_model = EmotionClassifier(out / "emotion.tflite")  # the app feeds it the centre 44 px of its 48 px faces
    assert app_model.predict(np.zeros((2, 48, 48), np.uint8)).shape == (2, 7) and app_model.input_size == 44
    assert json.loads((out / "state.json").read_text())["epochs_done"] == 2


def test_a_student_distils_from_an_averaged_ensemble_of_teachers(capsys, tiny_fer, tmp_path):
    import numpy as np

    from moodplayer.training.distill import ensemble_predict, mix_targets, soften

    teachers = []
    for seed in (1, 2):
        out = tmp_path / f"teacher{seed}"
        assert main(["train", str(tiny_fer), "--out", str(out), "--epochs", "1", "--width", "4", "--batch-size", "16",
                     "--seed", str(seed)]) == 0
        teachers.append(out / "emotion.keras")
    student = tmp_path / "student"
    args = ["train", str(tiny_fer), "--out", str(student), "--epochs", "1", "--width", "4", "--batch-size", "16",
            "--crop", "44", "--distill-weight", "0.7", "--temperature", "3"]
    for teacher in teachers:
        args += ["--teacher", str(teacher)]
    assert main(args) == 0
    soft = np.load(student / "soft_targets.npy")
    assert soft.shape[1] == 7 and np.allclose(soft.sum(axis=1), 1.0, atol=1e-4)
    assert json.loads((student / "state.json").read_text())["config"]["distill_weight"] == 0.7
    # The pieces: averaging, softening (temperature spreads the mass), mixing with the labels.
    sharp = np.array([[0.9, 0.1, 0, 0, 0, 0, 0]], dtype=float)
    assert soften(sharp, 3.0)[0, 0] < 0.9 and np.allclose(soften(sharp, 1.0)[0, :2], [0.9, 0.1], atol=1e-6)
    assert np.allclose(ensemble_predict([1, 3], None, lambda m, _: np.full((1, 7), m)), 2.0)
    assert np.allclose(mix_targets(np.eye(7)[:1], np.full((1, 7), 1 / 7), 0.5).sum(), 1.0)


def test_a_missing_teacher_is_a_clear_error(capsys, tiny_fer, tmp_path):
    code = main(["train", str(tiny_fer), "--out", str(tmp_path / "s"), "--epochs", "1", "--width", "4",
                 "--teacher", str(tmp_path / "nope.keras")])
    assert code == 1 and "teacher model not found" in capsys.readouterr().err


def test_ensemble_members_share_the_validation_faces_of_one_split_seed(capsys, tiny_fer, tmp_path):
    out_dir = tmp_path / "member"
    code, out, err = run(capsys, "train", str(tiny_fer), "--epochs", "1", "--width", "4", "--batch-size", "8",
                         "--seed", "5", "--split-seed", "9", "--out", str(out_dir))
    assert code == 0, err
    assert json.loads((out_dir / "state.json").read_text())["config"]["split_seed"] == 9
    # What the run validated on is what `evaluate --held-out 9` scores (the same faces, the same model).
    validation = json.loads((out_dir / "metrics.json").read_text())["validation"]
    code, out, err = run(capsys, "evaluate", str(tiny_fer / "train"), "--held-out", "9", "--json",
                         "--model", str(out_dir / "emotion.tflite"))
    assert code == 0, err
    report = json.loads(out)
    assert report["n_images"] == validation["n_images"] < 42
