"""Files the analysis cannot read are not bad audio: a permission error says so and is never cached
(the file is analysed once it can be read), and a pipe, a device or a folder is "not a regular file",
never read at all (a FIFO would block forever, /dev/zero never ends)."""

import os
from pathlib import Path

import pytest
from mp_testkit import audio_jobs
from mp_testkit.media import write_wav
from mp_testkit.unprivileged import run_without_file_override

from moodplayer.audio.batch import analyse
from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.decode import load_window
from moodplayer.audio.errors import AudioDecodeError

# Run as a process for which file modes hold, as do its analysis workers (mp_testkit/unprivileged.py).
UNREADABLE = r"""
import json, sys
from pathlib import Path
from mp_testkit import audio_jobs
from moodplayer.audio.batch import analyse
from moodplayer.audio.cache import FeatureCache
from moodplayer.audio.decode import load_window
from moodplayer.audio.errors import AudioDecodeError

song = Path(sys.argv[1])
song.chmod(0)
try:
    song.open("rb").close()
    print(json.dumps({"skip": "file modes do not hold for this process"}))
    sys.exit()
except PermissionError:
    pass
out = {}
try:
    load_window(song)
except AudioDecodeError as error:
    out["load_window"] = str(error)
with FeatureCache(song.parent / "cache") as cache:
    (first,) = analyse([song], cache=cache, extractor=audio_jobs.window_features)
    song.chmod(0o644)  # the user fixes the permission
    (second,) = analyse([song], cache=cache, extractor=audio_jobs.window_features)
out.update(first=first.error, second_ok=second.ok, second_cached=second.cached)
print(json.dumps(out))
"""


def test_a_file_without_read_permission_says_so_and_is_analysed_once_readable(tmp_path):
    song = write_wav(tmp_path / "music" / "song.wav", seconds=3.0)
    out = run_without_file_override(UNREADABLE, str(song))
    assert out["load_window"].endswith("song.wav: cannot read (permission denied)")
    assert out["first"].endswith("song.wav: cannot read (permission denied)")
    assert out["second_ok"] and not out["second_cached"]  # the error was not kept


def test_pipes_devices_and_folders_are_not_regular_files_and_are_never_read(tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    fifo = music / "pipe.wav"
    os.mkfifo(fifo)  # opened for reading, it would wait for a writer forever
    zero = music / "zero.wav"
    zero.symlink_to("/dev/zero")  # read, it never ends
    folder = music / "folder.mp3"
    folder.mkdir()
    paths = [fifo, zero, Path("/dev/null"), folder]
    with FeatureCache(tmp_path / "cache") as cache:
        results = {r.path: r.error for r in analyse(paths, cache=cache, extractor=audio_jobs.size_features)}
        assert set(results) == set(paths)
        assert all("not a regular file" in error for error in results.values()), results
        assert all(cache.get(path) is None for path in paths)
    for path in (fifo, zero):
        with pytest.raises(AudioDecodeError, match="not a regular file"):
            load_window(path)


def test_an_access_error_met_in_a_worker_is_reported_but_not_cached(tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    locked, fine = music / "locked.wav", music / "fine.wav"
    locked.write_bytes(b"x" * 100)
    fine.write_bytes(b"x" * 200)
    with FeatureCache(tmp_path / "cache") as cache:
        results = {r.path: r for r in analyse([locked, fine], cache=cache, extractor=audio_jobs.refused_on_locked)}
        assert "cannot read (permission denied)" in results[locked].error and results[fine].ok
        assert cache.get(locked) is None and cache.get(fine) is not None
        (again,) = analyse([locked], cache=cache, extractor=audio_jobs.size_features)
    assert again.ok and not again.cached
