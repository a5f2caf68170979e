"""The committed demo content is there, small, tagged and usable (scripts/make_demo.py makes it)."""

from pathlib import Path

import pytest

from moodplayer import demo
from moodplayer.domain.emotions import EMOTIONS
from moodplayer.library.scanner import scan_library

ROOT = Path(__file__).resolve().parents[2]


def test_demo_library_has_tagged_songs_in_all_seven_mood_folders():
    root = demo.demo_music_root()
    assert root == ROOT / "music"
    library = scan_library(root)
    for mood in EMOTIONS:
        tracks = library[mood]
        assert len(tracks) >= 2, mood
        for track in tracks:
            assert track.playable and track.title and track.artist == "MoodPlayer demo", track
            assert track.album == f"MoodPlayer demo: {mood}"
            assert 5 < track.duration_s < 30
    total = sum(p.stat().st_size for p in root.rglob("*.ogg"))
    assert total < 3_000_000, f"demo audio is {total} bytes"


def test_demo_clip_is_small_and_shows_a_face_in_every_frame():
    from moodplayer.vision.camera import open_camera
    from moodplayer.vision.faces import create_face_detector

    clip = demo.demo_clip()
    assert clip == ROOT / "assets" / "demo_camera.avi"
    assert clip.stat().st_size < 400_000
    detector = create_face_detector()
    with open_camera(str(clip)) as source:
        frames = [source.read() for _ in range(30)]
    assert frames[0].shape == (240, 320, 3)
    assert all(detector.detect(frame) for frame in frames)


def test_camera_falls_back_to_the_demo_clip_only_when_the_webcam_fails(tmp_path):
    from moodplayer.domain.errors import CameraError

    opened = []

    class Source:
        description = "webcam"

    def open_camera(spec):
        opened.append(spec)
        if spec == "0":
            raise CameraError("camera 0: cannot open")
        return Source()

    clip = tmp_path / "clip.avi"
    source = demo.camera_opener(open_camera, clip)("0")
    assert opened == ["0", str(clip)]
    assert demo.is_demo_camera(source.description) and "cannot open" in source.description
    assert not demo.is_demo_camera(demo.camera_opener(open_camera, clip)("1").description)
    with pytest.raises(CameraError):
        demo.camera_opener(open_camera, None)("0")


def test_demo_music_stands_in_only_while_the_user_has_no_songs(tmp_path):
    assert demo.use_demo_music("") == ROOT / "music"
    empty = tmp_path / "empty"
    (empty / "happy").mkdir(parents=True)
    assert demo.use_demo_music(str(empty)) == ROOT / "music"
    (empty / "happy" / "song.ogg").write_bytes(b"x")
    assert demo.use_demo_music(str(empty)) is None
    assert demo.use_demo_music("", enabled=False) is None
