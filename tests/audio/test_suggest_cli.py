"""`moodplayer suggest` as a user runs it: real files, the shipped model, JSON per file, errors per file."""

import json
import os
from pathlib import Path

from mp_testkit import synth

from moodplayer.cli import main
from moodplayer.domain.emotions import EMOTIONS


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_json_gives_every_field_and_an_error_entry_for_a_bad_file(capsys, tmp_path):
    folder = tmp_path / "new songs"
    folder.mkdir()
    synth.energetic(folder / "loud.wav")
    synth.calm_sad(folder / "quiet.wav")
    (folder / "corrupt.mp3").write_bytes(b"ID3" + b"\xff" * 500)
    odd = folder / b"caf\xe9.mp3".decode("utf-8", "surrogateescape")  # a name that is not UTF-8
    odd.write_bytes(b"not audio")
    code, out, err = run(capsys, "suggest", "--json", str(folder))
    assert code == 0, err
    entries = {os.path.basename(entry["file"]): entry for entry in map(json.loads, out.splitlines())}
    assert set(entries) == {"loud.wav", "quiet.wav", "corrupt.mp3", "caf\\xe9.mp3"}  # shown as the app shows it
    for name in ("loud.wav", "quiet.wav"):
        entry = entries[name]
        assert entry["mood"] in EMOTIONS and 0 < entry["confidence"] <= 1
        assert -1 <= entry["valence"] <= 1 and -1 <= entry["arousal"] <= 1
        assert entry["reason"].endswith("-> " + entry["mood"])
    assert "cannot decode" in entries["corrupt.mp3"]["error"] and "mood" not in entries["corrupt.mp3"]
    assert "error" in entries["caf\\xe9.mp3"]


def test_a_second_run_reads_the_cache_in_the_users_cache_folder(capsys, tmp_path):
    from moodplayer.audio.cache import FeatureCache

    song = synth.energetic(tmp_path / "loud.wav")
    first = run(capsys, "suggest", "--json", str(song))
    with FeatureCache(Path(os.environ["XDG_CACHE_HOME"]) / "moodplayer") as cache:  # the test's own (conftest)
        assert cache.get(song) is not None
    second = run(capsys, "suggest", "--json", str(song))
    assert first == second and first[0] == 0


def test_plain_output_and_the_users_folders(capsys, tmp_path):
    music = tmp_path / "music"
    (music / "fear").mkdir(parents=True)
    for seed in range(3):
        synth.calm_sad(music / "fear" / f"{seed}.wav", seed=seed)
    song = synth.calm_sad(tmp_path / "new.wav", seed=7)
    code, out, err = run(capsys, "suggest", "--music", str(music), str(song))
    assert code == 0, err
    mood, confidence, *_ = out.split()
    assert mood in EMOTIONS and confidence.endswith("%") and "new.wav" in out and "->" in out


def test_nothing_to_analyse_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "suggest", str(tmp_path / "missing"))
    assert code == 1 and "no such file or folder" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "suggest", str(tmp_path / "empty"))
    assert code == 1 and "no audio files" in err
    (tmp_path / "bad.mp3").write_bytes(b"nope")
    code, out, err = run(capsys, "suggest", str(tmp_path / "bad.mp3"))
    assert code == 1 and "bad.mp3" in out and "none of the files could be analysed" in err


def test_odd_names_are_exact_in_json_and_one_line_each_in_plain_output(capsys, tmp_path):
    from urllib.parse import unquote_to_bytes, urlsplit

    folder = tmp_path / "odd"
    folder.mkdir()
    latin1 = folder / os.fsdecode(b"caf\xe9.wav")  # not UTF-8: jq turned the lone surrogate into U+FFFD
    synth.energetic(folder / "plain.wav").rename(latin1)  # libsndfile takes only UTF-8 names
    broken = folder / "two\nlines\tand\x1b[31mred.mp3"  # a line break, a tab and a terminal escape
    broken.write_bytes(b"not audio")
    code, out, err = run(capsys, "suggest", "--json", str(folder))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    entries = [json.loads(line) for line in lines]
    for entry in entries:
        entry["file"].encode("utf-8")  # strict UTF-8: no lone surrogates
        entry["uri"].encode("ascii")
    by_bytes = {unquote_to_bytes(urlsplit(entry["uri"]).path): entry for entry in entries}
    assert set(by_bytes) == {os.fsencode(latin1), os.fsencode(broken)}, "the uri gives back each name's bytes"
    assert by_bytes[os.fsencode(latin1)]["file"] == str(folder) + "/caf\\xe9.wav"
    assert "mood" in by_bytes[os.fsencode(latin1)] and "error" in by_bytes[os.fsencode(broken)]

    code, out, err = run(capsys, "suggest", str(folder))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2, "one line per file, whatever the names hold"
    assert any(f"{folder}/caf\\xe9.wav  (" in line for line in lines)
    assert any("two\\nlines\\tand\\x1b[31mred.mp3" in line for line in lines)
    assert "\x1b" not in out
