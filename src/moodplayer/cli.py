"""The ``moodplayer`` command: the desktop app with no sub-command, or train / export / evaluate / detect.

Expected failures print one line on stderr and exit non-zero; exit codes of ``detect``:
2 = no camera, 3 = no face in any frame.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from moodplayer import __version__
from moodplayer.domain.errors import CameraError, MoodPlayerError

EXIT_ERROR = 1
EXIT_NO_CAMERA = 2
EXIT_NO_FACE = 3
MODEL_HELP = "a .tflite model, or a .keras one run with TensorFlow (default: the shipped .tflite)"
SUBCOMMANDS = ("train", "export", "evaluate", "detect", "suggest", "train-audio", "install-desktop-entry",
               "uninstall-desktop-entry")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="moodplayer",
        description="Music that fits your mood, read from your face. With no command, opens the player window.",
        epilog="window options (no command): --music DIR, --camera INDEX|FILE, --no-camera, --no-demo, "
               "--settings FILE, --model FILE, --player {vlc,null}, --audio-output NAME; "
               "'moodplayer --window-help' explains them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = commands.add_parser("train", help="train the emotion CNN on FER2013")
    train.add_argument("data", type=Path, help="FER2013 folder layout (train/, test/) or fer2013.csv")
    train.add_argument("--epochs", type=int, default=36, help="epochs of the schedule (default 36)")
    train.add_argument("--out", type=Path, default=Path("runs/train"), help="output folder (default runs/train)")
    train.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    train.add_argument("--batch-size", type=int, default=128)
    train.add_argument("--width", type=int, default=32, help="channels of the first stage (default 32)")
    train.add_argument("--optimizer", choices=("adamw", "sgd"), default="adamw",
                       help="AdamW, or SGD with Nesterov momentum 0.9 (default adamw)")
    train.add_argument("--learning-rate", type=float,
                       help="peak learning rate after warm-up (default 1e-3 for adamw, 0.05 for sgd)")
    train.add_argument("--weight-decay", type=float,
                       help="decoupled weight decay, scaled by the learning rate (default 0.05 adamw, 5e-4 sgd)")
    train.add_argument("--warmup-epochs", type=int, default=2, help="linear warm-up epochs (default 2)")
    train.add_argument("--crop", type=int, default=48, metavar="PX",
                       help="train on random PX-pixel crops of the 48 px faces, score the centre one (default 48)")
    train.add_argument("--camera-augment", action="store_true",
                       help="also vary exposure, blur/sharpness, noise and JPEG as a webcam does")
    train.add_argument("--teacher", type=Path, action="append", default=[], metavar="MODEL",
                       help="distil from this .keras model (repeat for an ensemble, averaged)")
    train.add_argument("--distill-weight", type=float, default=0.5,
                       help="share of the teachers' soft targets in each target, with --teacher (default 0.5)")
    train.add_argument("--temperature", type=float, default=2.0, help="softening of the teachers (default 2)")
    train.add_argument("--ferplus", choices=("none", "soft", "majority"), default="none",
                       help="train on the FER+ raters' votes (DATA/ferplus_train.csv) as soft targets or their "
                            "majority; validation and test keep FER2013's labels (default none)")
    train.add_argument("--ferplus-weight", type=float, default=1.0, metavar="W",
                       help="with --ferplus: each target is W x the FER+ one + (1 - W) x FER2013's label (default 1)")
    train.add_argument("--class-weight", choices=("none", "sqrt", "balanced"), default="none",
                       help="weight the loss against class imbalance (default none)")
    train.add_argument("--validation-fraction", type=float, default=0.1,
                       help="part of train held out to pick the best epoch (default 0.1)")
    train.add_argument("--seed", type=int, default=1234)
    train.add_argument("--precision", choices=("auto", "float32", "bfloat16"), default="auto",
                       help="arithmetic of training: bfloat16 (float32 weights; the saved model is float32) "
                            "costs a fifth to a third less a step, at the same accuracy, on CPUs with "
                            "AVX512_BF16 or AMX; auto uses it where the CPU has them (default auto)")
    train.add_argument("--ema-momentum", type=float, default=0.0, metavar="M",
                       help="keep a moving average of the weights (M a step, e.g. 0.999), validate it and save "
                            "the best epoch's average instead of the weights themselves (default 0: off)")
    train.add_argument("--mixup", type=float, default=0.0, metavar="ALPHA",
                       help="mixup: blend each training face with another, and their targets alike, the share "
                            "drawn from Beta(ALPHA, ALPHA) (e.g. 0.2-1; default 0: off)")
    train.add_argument("--split-seed", type=int, metavar="SEED",
                       help="draw the held-out validation part with this seed (default: --seed); give an "
                            "ensemble's members one, so none of them trains on the faces that validate them")

    export = commands.add_parser("export", help="convert a trained .keras model (or several: an ensemble) to "
                                                 "the .tflite the app runs")
    export.add_argument("model", type=Path, nargs="+",
                        help="the .keras model (e.g. runs/train/emotion.keras); several make one ensemble file "
                             "that averages them")
    export.add_argument("--out", type=Path, metavar="FILE",
                        help="the .tflite file to write (default: beside the model, with .tflite; "
                             "needed for an ensemble)")
    export.add_argument("--keras-out", type=Path, metavar="FILE",
                        help="also save the Keras model the .tflite came from (an ensemble's members as one "
                             "model, with both outputs): what ships as models/emotion.keras")
    export.add_argument("--int8-weights", action="store_true",
                        help="store the weights as int8 (dynamic-range quantization): a quarter of the file "
                             "and of the classification time, the same accuracy (models/README.md)")

    evaluate = commands.add_parser("evaluate", help="score the model on a folder of labelled images")
    evaluate.add_argument("folder", type=Path, help="one sub-folder per class (angry, disgust, ...) of images")
    evaluate.add_argument("--detect-faces", action="store_true",
                          help="images are photos: find the face first (no face counts as a miss)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--model", type=Path, help=MODEL_HELP)
    evaluate.add_argument("--held-out", type=int, metavar="SEED",
                          help="score only the validation part `moodplayer train --split-seed SEED` held out of "
                               "this folder (its train/): how an ensemble is chosen without the test split")
    evaluate.add_argument("--confusion-png", type=Path, metavar="FILE", help="also draw the confusion matrix")
    evaluate.add_argument("--calibrate", type=int, metavar="K",
                          help="personal calibration: per person, K photos of each class become corrections and "
                               "the person's other photos are scored before and after (needs --detect-faces, --person)")
    evaluate.add_argument("--person", metavar="REGEX",
                          help="the person of a photo: the first group of REGEX in its file name, e.g. '^p(\\d\\d)'")
    evaluate.add_argument("--wrong-corrections", type=int, default=0, metavar="N",
                          help="with --calibrate: also with N of each person's corrections given the wrong mood")
    evaluate.add_argument("--real-use", action="store_true",
                          help="also simulate use: each person's photos in random order, a correction after each "
                               "wrong reading; accuracy over the second half (needs --detect-faces, --person)")

    detect = commands.add_parser("detect", help="read the mood from the camera once")
    detect.add_argument("--camera", default="0", help="webcam index or a video/image file (default 0)")
    detect.add_argument("--frames", type=int, default=10, help="frames to capture and vote over (default 10)")
    detect.add_argument("--json", action="store_true", help="print one JSON object")
    detect.add_argument("--model", type=Path, help=MODEL_HELP)
    detect.add_argument("--all-faces", action="store_true",
                        help="group mood: every face votes, the group's mood is the majority over faces")

    suggest = commands.add_parser("suggest", help="suggest a mood folder for songs, from their audio")
    suggest.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="audio files or folders (searched inside)")
    suggest.add_argument("--json", action="store_true", help="print one JSON object per file, one per line")
    suggest.add_argument("--music", type=Path, metavar="DIR",
                         help="your music folder: songs already in its mood folders teach the suggestions")
    suggest.add_argument("--no-cache", action="store_true", help="analyse every file again (the cache is not read)")

    train_audio = commands.add_parser("train-audio", help="train the audio mood model on Emotify")
    train_audio.add_argument("data", type=Path, help="the Emotify folder (labels.csv, audio/)")
    train_audio.add_argument("--out", type=Path, default=Path("runs/audio/audio_mood.npz"),
                             help="the model to write (default runs/audio/audio_mood.npz)")
    train_audio.add_argument("--cache", type=Path, default=Path("runs/audio"), help="feature cache folder")
    train_audio.add_argument("--gamma", type=float, help="RBF width (default: the chosen 0.003)")
    train_audio.add_argument("--alpha", type=float, help="ridge penalty (default: the chosen 1.0)")
    train_audio.add_argument("--grid", action="store_true", help="also cross-validate the whole gamma x alpha grid")

    install_entry = commands.add_parser("install-desktop-entry",
                                        help="add MoodPlayer to the applications menu ($XDG_DATA_HOME, ~/.local/share)")
    install_entry.add_argument("--exec", dest="exec_path", metavar="PROGRAM",
                               help="the program the menu starts (default: this moodplayer)")
    commands.add_parser("uninstall-desktop-entry", help="remove what install-desktop-entry wrote")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # No sub-command: the desktop app, which has options of its own (--music, --camera, ...).
    window_help = argv[:1] == ["--window-help"]
    if window_help or (not any(arg in SUBCOMMANDS for arg in argv[:2])
                       and not {"-h", "--help", "--version"} & set(argv[:1])):
        from moodplayer.app import main as run_app

        return run_app(["--help"] if window_help else argv)
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(threadName)s %(name)s: %(message)s")
    # TensorFlow's and OpenCV's native chatter (and a missing webcam's warnings) are not for users.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    try:
        return {"train": run_train, "export": run_export, "evaluate": run_evaluate,
                "detect": run_detect, "suggest": run_suggest, "train-audio": run_train_audio,
                "install-desktop-entry": run_install_desktop_entry,
                "uninstall-desktop-entry": run_uninstall_desktop_entry}[args.command](args)
    except CameraError as error:
        print(f"moodplayer: camera unavailable: {error}", file=sys.stderr)
        return EXIT_NO_CAMERA
    except MoodPlayerError as error:
        print(f"moodplayer: {error}", file=sys.stderr)
        return EXIT_ERROR
    except ModuleNotFoundError as error:
        if error.name not in ("tensorflow", "keras"):
            raise
        # The app needs only LiteRT; training and exporting need TensorFlow as well.
        print(f"moodplayer: {args.command} needs TensorFlow: pip install 'moodplayer[train]'", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("moodplayer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader left (`moodplayer suggest ... | head`): not an error; keep Python quiet at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run_train(args) -> int:
    from moodplayer.training.train import TrainConfig, fastest_precision, train

    if args.epochs < 1 or args.batch_size < 1 or not 0 < args.validation_fraction < 0.5:
        raise MoodPlayerError("--epochs and --batch-size must be positive, --validation-fraction in (0, 0.5)")
    if not 16 <= args.crop <= 48 or args.warmup_epochs < 0:
        raise MoodPlayerError("--crop must be 16-48 pixels and --warmup-epochs not negative")
    if not 0 <= args.distill_weight <= 1 or args.temperature <= 0:
        raise MoodPlayerError("--distill-weight must be in [0, 1] and --temperature positive")
    if not 0 <= args.ema_momentum < 1:
        raise MoodPlayerError("--ema-momentum must be in [0, 1) (0: no moving average)")
    if args.mixup < 0:
        raise MoodPlayerError("--mixup must not be negative (0: no mixup)")
    sgd = args.optimizer == "sgd"
    config = TrainConfig(data=args.data, out=args.out, epochs=args.epochs, batch_size=args.batch_size,
                         base_width=args.width, optimizer=args.optimizer,
                         learning_rate=args.learning_rate or (0.05 if sgd else 1e-3),
                         weight_decay=args.weight_decay if args.weight_decay is not None else (5e-4 if sgd else 0.05),
                         warmup_epochs=args.warmup_epochs, crop_size=args.crop, camera_augment=args.camera_augment,
                         teachers=",".join(str(t) for t in args.teacher),
                         distill_weight=args.distill_weight if args.teacher else 0.0, temperature=args.temperature,
                         class_weight=args.class_weight, validation_fraction=args.validation_fraction,
                         seed=args.seed, split_seed=args.split_seed, resume=args.resume, ferplus=args.ferplus,
                         ferplus_weight=args.ferplus_weight, ema_momentum=args.ema_momentum,
                         mixup=args.mixup,
                         precision=fastest_precision() if args.precision == "auto" else args.precision)
    metrics = train(config)
    summary = metrics.get("test_flip_tta", metrics["validation"])
    print(f"model written to {args.out / 'emotion.keras'} and {args.out / 'emotion.tflite'} "
          f"(accuracy {summary['accuracy']:.2%}, "
          f"macro-F1 {summary['macro_f1']:.3f} on {'test' if 'test_flip_tta' in metrics else 'validation'}); "
          f"metrics in {args.out / 'metrics.json'}")
    return 0


def default_cache_folder() -> Path:
    """Where ``suggest`` keeps analysed features: $XDG_CACHE_HOME/moodplayer (~/.cache/moodplayer)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "moodplayer"


def run_suggest(args) -> int:
    from moodplayer.audio.cache import FeatureCache
    from moodplayer.audio.mood_model import AudioMoodModel
    from moodplayer.domain.paths import one_line, readable, to_uri
    from moodplayer.sorting import audio_files, learn_folders, suggest_files
    from moodplayer.suggestion import MIN_EXAMPLES

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise MoodPlayerError(f"{readable(missing[0])}: no such file or folder")
    files = list(audio_files(args.paths))
    if not files:
        raise MoodPlayerError("no audio files in " + ", ".join(readable(p) for p in args.paths))
    model = AudioMoodModel.load()
    cache = FeatureCache(default_cache_folder()) if not args.no_cache else None
    if cache is not None and cache.problem:
        print(f"moodplayer: {cache.problem}", file=sys.stderr)
    analysed = 0
    try:
        profile = learn_folders(args.music, model, cache=cache) if args.music else None
        if profile is not None and not profile.examples:
            print(f"moodplayer: no mood folder in {readable(args.music)} has {MIN_EXAMPLES} songs yet: "
                  "suggesting from the audio alone", file=sys.stderr)
        for item in suggest_files(files, model, profile=profile, cache=cache):
            analysed += item.error is None
            if args.json:
                # "file" is text to show (an undecodable byte as \xNN: never a lone surrogate, which
                # JSON readers turn into U+FFFD); "uri" gives back the name's exact bytes.
                entry = {"file": readable(item.path), "uri": to_uri(item.path)}
                if item.error:
                    entry["error"] = readable(item.error)
                else:
                    entry.update(mood=item.mood, confidence=round(item.confidence, 4), valence=round(item.valence, 4),
                                 arousal=round(item.arousal, 4), reason=readable(item.reason),
                                 probabilities={m: round(p, 4) for m, p in item.probabilities.items()})
                print(json.dumps(entry), flush=True)
            elif item.error:  # one line per file: a line break or an escape in a name is shown escaped
                print(f"{'?':<8} {'':>4}  {one_line(item.path)}  ({one_line(item.error)})", flush=True)
            else:
                print(f"{item.mood:<8} {item.confidence:4.0%}  {one_line(item.path)}  ({one_line(item.reason)})",
                      flush=True)
    finally:
        if cache is not None:
            cache.close()
    if not analysed:
        print("moodplayer: none of the files could be analysed", file=sys.stderr)
        return EXIT_ERROR
    return 0


def run_train_audio(args) -> int:
    from moodplayer.training.audio_mood import DEFAULT_ALPHA, DEFAULT_GAMMA, format_report, train_audio_mood

    report = train_audio_mood(args.data, args.out, args.cache, args.gamma or DEFAULT_GAMMA,
                              args.alpha or DEFAULT_ALPHA, grid=args.grid)
    print(format_report(report))
    print(f"model written to {args.out}; figures in {args.out.with_suffix('.cv.json')}")
    return 0


def run_install_desktop_entry(args) -> int:
    from moodplayer import desktop_entry

    command = [str(Path(args.exec_path).expanduser().absolute())] if args.exec_path else None
    desktop, *icons = desktop_entry.install(command=command)
    print(f"MoodPlayer is in the applications menu: {desktop} (icon: {icons[0]})")
    return 0


def run_uninstall_desktop_entry(args) -> int:
    from moodplayer import desktop_entry

    removed = desktop_entry.uninstall()
    if not removed:
        print(f"no MoodPlayer menu entry in {desktop_entry.data_home()}: nothing to remove")
    for path in removed:
        print(f"removed {path}")
    return 0


def run_export(args) -> int:
    import shutil

    from moodplayer.training.export import export_tflite

    models = args.model
    if args.out is None and len(models) > 1:
        raise MoodPlayerError("an ensemble needs --out FILE (where to write the one .tflite of its members)")
    out = args.out or models[0].with_suffix(".tflite")
    for written in filter(None, (out, args.keras_out)):
        if any(written.resolve() == model.resolve() for model in models):
            raise MoodPlayerError(f"{written}: the output would overwrite a model it is made from")
    export_tflite(models, out, keras_out=args.keras_out, int8_weights=args.int8_weights)
    labels = models[0].with_name("emotion_labels.json")
    if labels.is_file() and labels.resolve() != out.with_name(labels.name).resolve():
        shutil.copyfile(labels, out.with_name(labels.name))  # the label order travels with the model
    kind = "int8 weights" if args.int8_weights else "float32"
    print(f"{out} written ({out.stat().st_size:,} bytes, {kind}; LiteRT agrees with Keras)")
    if args.keras_out:
        print(f"{args.keras_out} written ({args.keras_out.stat().st_size:,} bytes)")
    return 0


def _classifier(model: Path | None):
    from moodplayer.vision.emotion import EmotionClassifier

    classifier = EmotionClassifier(model)
    classifier.load()
    return classifier


def run_evaluate(args) -> int:
    from moodplayer.training.dataset import list_labelled_files
    from moodplayer.training.evaluate import evaluate_folder
    from moodplayer.training.metrics import format_report
    from moodplayer.vision.faces import create_face_detector

    personal = args.calibrate is not None or args.real_use
    if personal and not (args.detect_faces and args.person):
        raise MoodPlayerError("--calibrate and --real-use need --detect-faces and --person REGEX")
    if args.wrong_corrections and args.calibrate is None:
        raise MoodPlayerError("--wrong-corrections needs --calibrate K")
    if (args.calibrate is not None and args.calibrate < 1) or args.wrong_corrections < 0:
        raise MoodPlayerError("--calibrate must be at least 1 and --wrong-corrections not negative")
    list_labelled_files(args.folder)  # bad folders fail here, before the model loads
    detector = create_face_detector() if args.detect_faces else None
    classifier = _classifier(args.model)
    report = evaluate_folder(args.folder, classifier, detector, held_out_seed=args.held_out)
    if personal:
        from moodplayer.training import evaluate_calibration as calibration
        from moodplayer.vision.mood import MoodDetector

        mood_detector = MoodDetector(classifier, detector)
        people = calibration.read_people(args.folder, mood_detector, args.person)
        if not people:
            raise MoodPlayerError(f"no file name in {args.folder} matches --person {args.person!r}")
        if args.calibrate is not None:
            report.update(calibration.calibrate_people(people, mood_detector, args.calibrate, args.wrong_corrections))
        if args.real_use:
            report.update(calibration.simulate_real_use(people, mood_detector))
    if args.confusion_png:
        from moodplayer.training.figures import save_confusion_png

        save_confusion_png(report, args.confusion_png, f"{args.folder.name}: {report['n_images']} images")
    if args.json:
        print(json.dumps(report))
    else:
        print(format_report(report))
        if detector is not None:
            print(f"\nno face found in {report['no_face']} of {report['n_images']} photos ({detector.name})")
        if personal:
            print(calibration.format_calibration(report))
    return 0


def run_detect(args) -> int:
    from moodplayer.vision.camera import open_camera
    from moodplayer.vision.mood import MoodDetector

    if args.frames < 1:
        raise MoodPlayerError("--frames must be at least 1")
    with open_camera(args.camera) as source:  # no camera: exit 2 before the model is loaded
        detector = MoodDetector(_classifier(args.model))
        result = detector.detect(source, args.frames, everyone=args.all_faces)
    data = result.to_json()
    data.pop("boxes")
    if not args.all_faces:
        for key in ("faces", "group", "note"):
            data.pop(key)
    if args.json:
        print(json.dumps({**data, "camera": source.description, "face_detector": detector.detector.name}))
    else:
        print(format_detection(result, source.description))
    return 0 if result.mood else EXIT_NO_FACE


def format_detection(result, camera: str) -> str:
    if result.mood is None:
        return f"No face found in any of the {result.frames} frames from {camera}."
    if result.group:
        lines = [f"group mood: {result.mood} ({result.votes[result.mood]} of {len(result.faces)} faces)"]
        lines += [f"  face {i + 1} at x={face.box.x}: {face.mood} ({face.votes[face.mood]} of {face.frames} frames)"
                  for i, face in enumerate(result.faces)]
    else:
        lines = [f"mood: {result.mood} ({result.votes[result.mood]} of {result.frames_with_face} votes; "
                 f"face in {result.frames_with_face} of {result.frames} frames)"]
    if result.note:
        lines.append(result.note)
    if result.several_faces and not result.group:
        lines.append(f"several faces in {result.several_faces} frames: the largest was used")
    lines.append("mean probability:")
    for name, value in sorted(result.probabilities.items(), key=lambda item: -item[1]):
        lines.append(f"  {name:<9}{value:6.1%}  {'#' * round(value * 40)}")
    lines.append("timings: " + ", ".join(f"{k} {v:.1f} ms" for k, v in result.timings_ms.items()))
    return "\n".join(lines)
