"""Generate real audio files (several formats, tagged and untagged, corrupt, empty) and a camera video."""

from __future__ import annotations

import shutil
import subprocess
import threading
import wave
from pathlib import Path

import numpy as np

from moodplayer.domain.emotions import EMOTIONS

HAS_FFMPEG = shutil.which("ffmpeg") is not None
# A 1x1 PNG (one orange pixel, checksums right: Qt decodes it), used as embedded cover art.
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000"
    "907753de0000000c49444154789c63f8dfc0000004010180c52a185d0000000049454e44ae426082"
)


def write_wav(path: Path, seconds: float = 1.0, freq: float = 440.0, rate: int = 8000) -> Path:
    """A mono 16-bit sine tone."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def write_audio(path: Path, seconds: float = 1.0, freq: float = 440.0) -> Path:
    """An audio file whose format follows the suffix (.wav natively, others through ffmpeg)."""
    if path.suffix == ".wav":
        return write_wav(path, seconds, freq)
    source = write_wav(path.with_suffix(".src.wav"), seconds, freq, rate=22050)
    codec = {".mp3": ["-c:a", "libmp3lame", "-b:a", "32k"], ".ogg": ["-c:a", "libvorbis", "-q:a", "0"],
             ".flac": ["-c:a", "flac"], ".m4a": ["-c:a", "aac", "-b:a", "32k"]}[path.suffix]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), *codec, str(path)], check=True)
    source.unlink()
    return path


def tag(path: Path, title: str, artist: str = "Test Artist", album: str = "Test Album", cover: bool = False) -> Path:
    """Write title/artist/album (and optionally a cover) with mutagen."""
    import mutagen
    from mutagen.flac import Picture

    if path.suffix == ".mp3" or path.suffix == ".wav":
        from mutagen.id3 import APIC, TALB, TIT2, TPE1

        audio = mutagen.File(path)
        if audio.tags is None:
            audio.add_tags()
        audio.tags.add(TIT2(encoding=3, text=title))
        audio.tags.add(TPE1(encoding=3, text=artist))
        audio.tags.add(TALB(encoding=3, text=album))
        if cover:
            audio.tags.add(APIC(encoding=3, mime="image/png", type=3, desc="cover", data=PNG_1PX))
        audio.save()
        return path
    audio = mutagen.File(path)
    audio["title"], audio["artist"], audio["album"] = title, artist, album
    if cover and path.suffix == ".flac":
        picture = Picture()
        picture.type, picture.mime, picture.data = 3, "image/png", PNG_1PX
        audio.add_picture(picture)
    audio.save()
    return path


def make_library(root: Path, per_mood: int = 2, seconds: float = 1.0, moods=EMOTIONS, fmt: str = ".wav") -> Path:
    """A music root with ``per_mood`` tagged tracks in each mood folder (title ``<mood> <n>``)."""
    for mood in moods:
        for n in range(1, per_mood + 1):
            path = write_audio(root / mood / f"{mood}-{n}{fmt}", seconds, 220 + 40 * n)
            tag(path, f"{mood} {n}", artist=f"{mood.title()} Band")
    for mood in EMOTIONS:
        (root / mood).mkdir(parents=True, exist_ok=True)
    return root


def set_language(path: Path, *values: str) -> Path:
    """Write the song's language tag(s) the way each format keeps them (ID3 TLAN, MP4 \xa9lng, LANGUAGE)."""
    import mutagen

    if path.suffix in (".mp3", ".wav"):
        from mutagen.id3 import TLAN

        audio = mutagen.File(path)
        if audio.tags is None:
            audio.add_tags()
        audio.tags.add(TLAN(encoding=3, text=list(values)))
    elif path.suffix == ".m4a":
        audio = mutagen.File(path)
        audio["\xa9lng"] = list(values)
    else:
        audio = mutagen.File(path)
        audio["language"] = list(values)
    audio.save()
    return path


def set_numbers(path: Path, track: str, disc: str = "") -> Path:
    """Write track and disc numbers as taggers do: ID3 TRCK/TPOS and Vorbis TRACKNUMBER/DISCNUMBER
    as text ("3/12", "03"), MP4 trkn/disk as (number, total) pairs ("3/12" -> (3, 12))."""
    import mutagen

    audio = mutagen.File(path)
    if path.suffix in (".mp3", ".wav", ".aiff"):
        from mutagen.id3 import TPOS, TRCK

        if audio.tags is None:
            audio.add_tags()
        audio.tags.add(TRCK(encoding=3, text=track))
        if disc:
            audio.tags.add(TPOS(encoding=3, text=disc))
    elif path.suffix == ".m4a":
        def pair(text: str) -> tuple[int, int]:
            number, _slash, total = text.partition("/")
            return int(number), int(total or 0)

        audio["trkn"] = [pair(track)]
        if disc:
            audio["disk"] = [pair(disc)]
    else:
        audio["TRACKNUMBER"] = track
        if disc:
            audio["DISCNUMBER"] = disc
    audio.save()
    return path


def write_corrupt(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    return path


def write_empty(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def write_face_video(path: Path, frames: int = 20, size: int = 256) -> Path:
    """An MJPG .avi of scikit-image's public-domain astronaut photo (a face) as a camera stand-in."""
    import cv2
    from skimage import data

    image = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    image = cv2.resize(image, (size, size))
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 20, (size, size))
    for i in range(frames):
        writer.write(np.roll(image, i % 3, axis=1))
    writer.release()
    return path


def write_group_video(path: Path, dark: tuple[bool, ...] = (False, True, False), frames: int = 20,
                      size: int = 256) -> Path:
    """Several people side by side: the public-domain astronaut once per entry of ``dark``, darkened
    where it says True (a BrightnessClassifier reads those faces as sad, the others as happy)."""
    import cv2
    from skimage import data

    image = cv2.resize(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR), (size, size))
    row = np.hstack([(image * (0.45 if d else 1.0)).astype(np.uint8) for d in dark])
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 20, (row.shape[1], size))
    for i in range(frames):
        writer.write(np.roll(row, i % 3, axis=1))
    writer.release()
    return path


class BrightnessClassifier:
    """The classifier surface reading a face as happy when its crop is bright, sad when dark."""

    def __init__(self, threshold: float = 110.0):  # the astronaut crop: ~155 as is, ~70 darkened
        self.threshold = threshold
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def predict(self, faces):
        out = np.full((len(faces), len(EMOTIONS)), 0.1 / len(EMOTIONS), np.float32)
        for i, face in enumerate(faces):
            out[i, EMOTIONS.index("happy" if face.mean() > self.threshold else "sad")] += 0.9
        return out


def write_blank_video(path: Path, frames: int = 20, size: int = 128) -> Path:
    """A video with no face in it."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 20, (size, size))
    for i in range(frames):
        writer.write(np.full((size, size, 3), 40 + i, np.uint8))
    writer.release()
    return path


class FakeClassifier:
    """The EmotionClassifier surface (``load``/``predict``) returning fixed probabilities for ``mood``."""

    def __init__(self, mood: str = "happy", confidence: float = 0.8, load_delay_s: float = 0.0, fail: str | None = None):
        self.mood = mood
        self.confidence = confidence
        self.load_delay_s = load_delay_s
        self.fail = fail
        self.loaded = False
        self.calls = 0

    def load(self) -> None:
        import time

        time.sleep(self.load_delay_s)
        if self.fail:
            from moodplayer.domain.errors import ModelLoadError

            raise ModelLoadError(self.fail)
        self.loaded = True

    def predict(self, faces: np.ndarray) -> np.ndarray:
        self.calls += 1
        row = np.full(len(EMOTIONS), (1 - self.confidence) / (len(EMOTIONS) - 1), np.float32)
        row[EMOTIONS.index(self.mood)] = self.confidence
        return np.tile(row, (len(faces), 1))


class HeldClassifier(FakeClassifier):
    """A classifier whose answer waits until the test lets it go: a detection still running."""

    def __init__(self, mood: str):
        super().__init__(mood)
        self.release = threading.Event()
        self.release.set()

    def predict(self, faces):
        self.release.wait(20)
        return super().predict(faces)


def end_the_song_while_the_detection_is_held(qtbot, app, classifier):
    """The playing 60-s song (NullPlayer) ends with re-detection on; the detection it starts waits for the test."""
    from moodplayer.qt.session import DetectionState

    classifier.release.clear()
    with qtbot.waitSignal(app.session.detection_state, timeout=10000,
                          check_params_cb=lambda state, _: state == DetectionState.RUNNING):
        app.player.seek(60)  # to the end of the 60-s song


class ModelClassifier(FakeClassifier):
    """A fake network with an identity (its file's sha256) and a hidden layer, as the real one has,
    so its readings can be corrected ("Not right?")."""

    def __init__(self, mood: str = "happy", sha256: str = "a" * 64, **kwargs):
        super().__init__(mood, **kwargs)
        self.sha256 = sha256

    def predict_with_features(self, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        probabilities = self.predict(faces)
        features = np.tile(np.linspace(0, 1, 16, dtype=np.float32), (len(faces), 1))
        features[:, EMOTIONS.index(self.mood)] += 1.0
        return probabilities, features


class CountingOpener:
    """Opens the real file camera, counting opens and the cameras open now (a webcam is one device);
    the first ``failures`` opens fail as a busy webcam's does."""

    def __init__(self, failures: int = 0):
        self.open_now = 0
        self.opened = 0
        self.failures = failures

    def __call__(self, source):
        from moodplayer.domain.errors import CameraError
        from moodplayer.vision.camera import open_camera

        if self.failures:
            self.failures -= 1
            raise CameraError("the webcam is busy (another app has it)")
        camera = open_camera(source)
        self.open_now += 1
        self.opened += 1
        close = camera.close

        def closing():
            self.open_now -= 1
            close()

        camera.close = closing
        return camera
