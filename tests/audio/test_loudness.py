"""The loudness measure behind volume levelling of untagged songs: EBU Tech 3341's reference
signals, ffmpeg's ebur128 filter as a second implementation, and files that cannot be measured."""

import math
import os
import re
import shutil
import subprocess

import mutagen
import numpy as np
import pytest
import soundfile

from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.errors import AudioAccessError, AudioDecodeError
from moodplayer.audio.loudness import (NOT_MEASURED, album_loudness, channel_weights, from_measure, measure_loudness,
                                       measure_untagged)
from mp_testkit.media import write_audio


def sine(dbfs: float, seconds: float, rate: int = 48000, freq: float = 1000.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return 10 ** (dbfs / 20) * np.sin(2 * np.pi * freq * t)


def write(path, mono: np.ndarray, channels: int = 2, rate: int = 48000, subtype: str = "FLOAT"):
    soundfile.write(path, np.repeat(mono[:, None], channels, axis=1).astype(np.float32), rate, subtype=subtype)
    return path


@pytest.mark.parametrize("dbfs", [-23.0, -33.0])
def test_a_stereo_sine_reads_its_level_as_ebu_tech_3341_cases_1_and_2(tmp_path, dbfs):
    loudness = measure_loudness(write(tmp_path / "tone.wav", sine(dbfs, 20)))
    assert loudness.lufs == pytest.approx(dbfs, abs=0.1)  # the standard's tolerance
    assert loudness.peak == pytest.approx(10 ** (dbfs / 20), rel=1e-3)
    assert loudness.gain_db == pytest.approx(-18.0 - dbfs, abs=0.1)


def test_quiet_passages_are_gated_out_as_in_ebu_tech_3341_case_3(tmp_path):
    # 10 s at -36 dBFS, 60 s at -23, 10 s at -36: the relative gate leaves only the loud part.
    signal = np.concatenate([sine(-36, 10), sine(-23, 60), sine(-36, 10)])
    assert measure_loudness(write(tmp_path / "gated.wav", signal)).lufs == pytest.approx(-23.0, abs=0.1)


def test_the_k_weighting_follows_the_sample_rate_and_mono_counts_one_channel(tmp_path):
    # One channel of a sine at 0 dBFS reads -3.01 LUFS at any rate (its mean square is a half).
    for rate in (8000, 22050, 44100, 96000):
        mono = measure_loudness(write(tmp_path / f"mono-{rate}.wav", sine(-20, 5, rate), channels=1, rate=rate))
        assert mono.lufs == pytest.approx(-23.01, abs=0.1), rate


def test_surround_channels_are_weighted_and_the_lfe_is_left_out():
    assert list(channel_weights(6)) == [1.0, 1.0, 1.0, 0.0, 1.41, 1.41]
    assert list(channel_weights(2)) == [1.0, 1.0]


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
@pytest.mark.parametrize("suffix", [".flac", ".m4a"])
def test_music_like_noise_reads_as_ffmpegs_ebur128_filter(tmp_path, suffix):
    # Noise swelling from quiet to loud: gating matters. M4A goes through audioread (ffmpeg).
    rng = np.random.default_rng(3)
    rate, seconds = 44100, 30
    noise = rng.standard_normal((rate * seconds, 2)) * 0.1 * np.linspace(0.05, 1, rate * seconds)[:, None]
    source = tmp_path / "noise.flac"
    soundfile.write(source, noise.astype(np.float32), rate)
    path = source
    if suffix != ".flac":
        path = tmp_path / f"noise{suffix}"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-b:a", "192k", str(path)], check=True)
    report = subprocess.run(["ffmpeg", "-nostats", "-i", str(path), "-af", "ebur128=peak=sample", "-f", "null", "-"],
                            capture_output=True, text=True, check=True).stderr
    ffmpeg_lufs = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", report)[-1])
    ffmpeg_peak_db = float(re.findall(r"Peak:\s+(-?[\d.]+) dBFS", report)[-1])
    loudness = measure_loudness(path)
    assert loudness.lufs == pytest.approx(ffmpeg_lufs, abs=0.1)  # ffmpeg prints one decimal
    assert 20 * math.log10(loudness.peak) == pytest.approx(ffmpeg_peak_db, abs=0.1)


def test_files_that_cannot_be_measured_say_why(tmp_path):
    silent = write(tmp_path / "silent.wav", np.zeros(48000 * 3))
    with pytest.raises(AudioDecodeError, match="silent"):
        measure_loudness(silent)
    short = write(tmp_path / "short.wav", sine(-20, 0.3))
    with pytest.raises(AudioDecodeError, match="too short"):
        measure_loudness(short)
    fake = tmp_path / "fake.mp3"
    fake.write_text("not audio at all\n" * 100)
    with pytest.raises(AudioDecodeError, match="cannot decode"):
        measure_loudness(fake)
    (tmp_path / "empty.ogg").write_bytes(b"")
    with pytest.raises(AudioDecodeError, match="empty"):
        measure_loudness(tmp_path / "empty.ogg")
    pipe = tmp_path / "pipe.wav"
    os.mkfifo(pipe)
    with pytest.raises(AudioAccessError, match="not a regular file"):
        measure_loudness(pipe)  # never opened for reading: it would wait for a writer forever


def test_a_corrupt_tail_is_an_error_not_a_crash(tmp_path):
    path = write_audio(tmp_path / "song.flac", seconds=3.0)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff" * 4000)
    try:
        loudness = measure_loudness(path)  # libsndfile may read up to the damage and stop there
    except AudioDecodeError as error:
        assert "song.flac" in str(error)
    else:
        assert math.isfinite(loudness.lufs)


def test_songs_with_replaygain_tags_are_not_decoded(tmp_path):
    tagged = write_audio(tmp_path / "tagged.ogg", seconds=2.0)
    audio = mutagen.File(tagged)
    audio["replaygain_track_gain"] = "-3.00 dB"
    audio.save()
    assert all(math.isnan(v) for v in measure_untagged(str(tagged)))
    plain = write_audio(tmp_path / "plain.ogg", seconds=2.0)
    lufs, peak, *_histogram = measure_untagged(str(plain))
    assert -30 < lufs < -5 and 0 < peak <= 1


def test_another_measure_keeps_its_own_cache_file_and_version(tmp_path):
    song = write_audio(tmp_path / "song.wav")
    with FeatureCache(tmp_path, file_name="loudness.sqlite3", version=1, size=2) as cache:
        cache.put(song, np.array([-20.0, 0.5]))
        assert list(cache.get(song).features) == [-20.0, 0.5]
    with FeatureCache(tmp_path, file_name="loudness.sqlite3", version=2, size=2) as newer:
        assert newer.get(song) is None, "a new version of the measure takes it again"
    assert (tmp_path / "loudness.sqlite3").exists() and not (tmp_path / "audio-features.sqlite3").exists()


def _noise_song(rng, rate, level):
    """Noise whose level swells and falls, so that the gates have something to cut."""
    n = rate * int(rng.integers(20, 60))
    envelope = np.abs(np.sin(np.linspace(0, rng.uniform(3, 20), n)))[:, None]
    return rng.standard_normal((n, 2)) * level * envelope


def test_an_albums_loudness_gates_its_songs_blocks_together(tmp_path):
    # Five songs from very quiet to loud: the album's loudness is that of all their blocks gated as
    # one programme, which the 1 LU histograms kept per song give within 0.15 LU.
    rng = np.random.default_rng(1)
    rate = 22050
    paths = []
    for i, level in enumerate([0.02, 0.3, 0.1, 0.5, 0.05]):
        paths.append(tmp_path / f"song{i}.flac")
        soundfile.write(paths[-1], _noise_song(rng, rate, level).astype(np.float32), rate)
    songs = [measure_loudness(p) for p in paths]
    for song in songs:
        assert album_loudness([song.histogram]) == pytest.approx(song.lufs, abs=0.15), "one song is its own album"
    together = tmp_path / "album.flac"
    soundfile.write(together, np.concatenate([soundfile.read(p)[0] for p in paths]).astype(np.float32), rate)
    assert album_loudness([s.histogram for s in songs]) == pytest.approx(measure_loudness(together).lufs, abs=0.15)


def test_a_measure_round_trips_through_the_cache_numbers_and_tagged_songs_read_as_none(tmp_path):
    song = measure_loudness(write(tmp_path / "tone.wav", sine(-23, 5)))
    again = from_measure(np.array([song.lufs, song.peak, *song.histogram]))
    assert (again.lufs, again.peak) == (song.lufs, song.peak) and np.array_equal(again.histogram, song.histogram)
    assert song.histogram.sum() == 47  # 5 s: 47 blocks of 400 ms every 100 ms, all at -23 LUFS
    assert from_measure(np.array(NOT_MEASURED)) is None
