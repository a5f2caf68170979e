"""Audio features and decoding on generated files: what the numbers say matches how the file was made."""


import numpy as np
import pytest
import soundfile
from mp_testkit import synth

from moodplayer.audio.decode import load_window
from moodplayer.audio.errors import AudioDecodeError
from moodplayer.audio.features import MAJOR_PROFILE, MINOR_PROFILE, extract_features, key_fit
from moodplayer.audio.featureset import FEATURE_NAMES, NUM_FEATURES, SAMPLE_RATE

INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("songs")
    energetic = extract_features(synth.energetic(folder / "energetic.wav"))
    calm = extract_features(synth.calm_sad(folder / "calm.wav"))
    return energetic, calm


def test_features_are_finite_and_complete(pair):
    for features in pair:
        assert features.shape == (NUM_FEATURES,)
        assert np.all(np.isfinite(features))


def test_loud_fast_major_differs_from_soft_slow_minor_as_made(pair):
    energetic, calm = pair
    assert energetic[INDEX["rms_db_mean"]] > calm[INDEX["rms_db_mean"]] + 15
    assert energetic[INDEX["onset_rate"]] > calm[INDEX["onset_rate"]]
    assert energetic[INDEX["centroid_hz_mean"]] > calm[INDEX["centroid_hz_mean"]]
    # the mode of the best-fitting key
    assert energetic[INDEX["key_major_r"]] > energetic[INDEX["key_minor_r"]]
    assert calm[INDEX["key_minor_r"]] > calm[INDEX["key_major_r"]]


def test_key_fit_finds_the_tonic_and_mode():
    for tonic in (0, 5, 9):
        rotated, major_r, minor_r = key_fit(np.roll(MAJOR_PROFILE, tonic))
        assert major_r == pytest.approx(1.0) and major_r > minor_r
        assert rotated.argmax() == 0  # the tonic comes first
        _, major_r, minor_r = key_fit(np.roll(MINOR_PROFILE, tonic))
        assert minor_r == pytest.approx(1.0) and minor_r > major_r
    flat, major_r, minor_r = key_fit(np.ones(12))
    assert (major_r, minor_r) == (0.0, 0.0) and np.allclose(flat, 1 / 12)


def test_a_long_file_is_analysed_from_a_window_in_its_middle(tmp_path):
    # 100 s: a quiet first and last 20 s around 60 s of a louder tone; only 30 s are read
    t = np.arange(100 * 8000) / 8000
    signal = 0.01 * np.sin(2 * np.pi * 220 * t)
    signal[20 * 8000:80 * 8000] *= 50
    soundfile.write(tmp_path / "long.flac", signal.astype(np.float32), 8000)
    samples = load_window(tmp_path / "long.flac", seconds=30)
    assert samples.size == pytest.approx(30 * SAMPLE_RATE, abs=SAMPLE_RATE // 100)
    assert np.abs(samples).max() > 0.3  # from the loud middle


@pytest.mark.parametrize("name, content, expected", [
    ("empty.mp3", b"", "empty file"),
    ("text.mp3", b"this is not audio at all\n" * 50, "cannot decode"),
    ("fake.ogg", b"OggS" + b"\x00" * 400, "cannot decode"),
    ("junk.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x07" * 300, "cannot decode"),
])
def test_undecodable_files_are_a_clear_error(tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(AudioDecodeError, match=expected):
        extract_features(tmp_path / name)


def test_silent_short_and_missing_files_are_a_clear_error(tmp_path):
    soundfile.write(tmp_path / "silent.wav", np.zeros(3 * 8000, np.float32), 8000)
    soundfile.write(tmp_path / "blip.wav", np.full(800, 0.5, np.float32), 8000)
    with pytest.raises(AudioDecodeError, match="silent"):
        extract_features(tmp_path / "silent.wav")
    with pytest.raises(AudioDecodeError, match="shorter than"):
        extract_features(tmp_path / "blip.wav")
    with pytest.raises(AudioDecodeError, match="no such file"):
        extract_features(tmp_path / "gone.wav")


def test_an_undecodable_file_name_is_readable_in_the_error(tmp_path):
    path = tmp_path / b"bad\xe9.mp3".decode("utf-8", "surrogateescape")
    path.write_bytes(b"not audio")
    with pytest.raises(AudioDecodeError) as caught:
        extract_features(path)
    str(caught.value).encode("utf-8")  # printable: the odd byte is escaped, not a lone surrogate
