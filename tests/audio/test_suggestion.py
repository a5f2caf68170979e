"""From features to a suggested mood folder: the model, the user's folders, the reasons, the pipeline."""

import numpy as np
import pytest
from mp_testkit import synth

from moodplayer.audio.features import extract_features
from moodplayer.audio.featureset import NUM_FEATURES
from moodplayer.audio.mood_model import GEMS, QUADRANTS, AudioMoodModel, quadrant_scores
from moodplayer.domain.errors import ModelLoadError
from moodplayer.sorting import audio_files, learn_folders, suggest_files
from moodplayer.suggestion import CONFIDENT, FolderProfile, describe, suggest
from moodplayer.training.audio_mood import fit, fit_temperature, quadrant_report, stratified_folds

JOYFUL = np.array([0.5, 0.1, 0.1, 0.1, 0.1, 0.6, 0.8, 0.2, 0.05])  # GEMS order
SAD = np.array([0.05, 0.3, 0.2, 0.4, 0.3, 0.05, 0.05, 0.2, 0.7])


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    """Four energetic (fast, loud, bright, major) and four calm sad (slow, soft, dark, minor) songs, with features."""
    folder = tmp_path_factory.mktemp("generated")
    made = {"energetic": [], "calm": []}
    for seed in range(4):
        for kind, make in (("energetic", synth.energetic), ("calm", synth.calm_sad)):
            path = make(folder / f"{kind}{seed}.wav", seed=seed)
            made[kind].append((path, extract_features(path)))
    return made


@pytest.fixture(scope="module")
def tiny_model(songs):
    """A model taught, like the shipped one, from features to listeners' emotions, on the first three of each."""
    features = np.stack([f for kind in ("energetic", "calm") for _, f in songs[kind][:3]])
    emotions = np.stack([JOYFUL] * 3 + [SAD] * 3)
    return fit(features, emotions, gamma=0.003, alpha=0.1, temperature=0.05)


def test_clear_songs_get_the_mood_they_were_made_for(songs, tiny_model):
    path, features = songs["energetic"][3]  # not trained on
    bright = suggest(path, features, tiny_model)
    path, features = songs["calm"][3]
    dark = suggest(path, features, tiny_model)
    assert (bright.mood, dark.mood) == ("happy", "sad")
    assert bright.valence > 0 and bright.arousal > 0 and dark.valence < 0 and dark.arousal < 0
    assert bright.confidence > CONFIDENT and dark.confidence > CONFIDENT
    words = bright.reason.removesuffix(" -> happy").split(", ")
    assert words and set(words) <= {"fast", "loud", "bright", "busy", "steady beat", "major"}
    assert dark.reason.endswith("-> sad") and {"slow", "soft", "minor"} & set(dark.reason[:-7].split(", "))


def test_the_users_folders_teach_moods_the_audio_model_never_suggests(songs, tiny_model):
    # the user keeps the calm songs under "fear": such a song now goes there
    profile = FolderProfile.from_features(tiny_model, {"fear": [f for _, f in songs["calm"][:3]] * 15,
                                                       "happy": [f for _, f in songs["energetic"][:3]] * 15})
    path, features = songs["calm"][3]
    suggestion = suggest(path, features, tiny_model, profile)
    assert suggestion.mood == "fear"
    assert suggestion.reason.startswith("like your fear songs") and suggestion.reason.endswith("-> fear")
    assert sum(suggestion.probabilities.values()) == pytest.approx(1.0)


def test_a_few_sorted_songs_weigh_little_and_many_weigh_more_but_never_all(songs, tiny_model):
    examples = [f for _, f in songs["calm"][:3]]
    assert FolderProfile.from_features(tiny_model, {"fear": examples[:2]}).weight == 0  # under MIN_EXAMPLES
    few = FolderProfile.from_features(tiny_model, {"fear": examples}).weight
    many = FolderProfile.from_features(tiny_model, {"fear": examples * 100}).weight
    assert 0 < few < 0.2 < many <= 0.8


def test_reasons_name_only_what_argues_for_the_mood():
    model = AudioMoodModel(np.zeros(NUM_FEATURES), np.ones(NUM_FEATURES), np.zeros((1, NUM_FEATURES)),
                           np.zeros((1, 9)), np.full(9, 0.2), 0.01, 0.1)
    from moodplayer.audio.featureset import FEATURE_NAMES
    raw = np.zeros(NUM_FEATURES)
    raw[FEATURE_NAMES.index("tempo_bpm")] = 2.0  # fast
    raw[FEATURE_NAMES.index("rms_db_mean")] = -1.0  # soft
    raw[FEATURE_NAMES.index("key_minor_r")] = 0.6  # minor
    z = model.standardise(raw)[0]
    assert describe(z, raw) == ["fast", "minor", "soft"]  # most salient first (a clear mode ranks high)
    assert describe(z, raw, "angry") == ["fast", "minor"]
    assert describe(z, raw, "neutral") == ["soft"]


def test_the_model_round_trips_and_refuses_damaged_or_foreign_files(tmp_path, tiny_model, songs):
    tiny_model.save(tmp_path / "model.npz")
    loaded = AudioMoodModel.load(tmp_path / "model.npz")
    _, features = songs["energetic"][0]
    assert np.allclose(loaded.emotions(features), tiny_model.emotions(features), atol=1e-5)
    (tmp_path / "damaged.npz").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ModelLoadError, match="damaged"):
        AudioMoodModel.load(tmp_path / "damaged.npz")
    with pytest.raises(ModelLoadError, match="not found"):
        AudioMoodModel.load(tmp_path / "missing.npz")
    data = dict(np.load(tmp_path / "model.npz"))
    data["feature_version"] = np.array(0)
    np.savez(tmp_path / "old.npz", **data)
    with pytest.raises(ModelLoadError, match="train it again"):
        AudioMoodModel.load(tmp_path / "old.npz")


def test_the_shipped_model_loads_and_gives_probabilities(songs):
    model = AudioMoodModel.load()
    for kind in ("energetic", "calm"):
        heard = model.predict_one(songs[kind][0][1])
        assert heard.quadrant_probabilities.sum() == pytest.approx(1.0)
        assert -1 <= heard.valence <= 1 and -1 <= heard.arousal <= 1
        assert heard.emotions.shape == (len(GEMS),)


def test_cross_validation_helpers():
    labels = np.array([0] * 10 + [1] * 20 + [2] * 5 + [3] * 15)
    folds = stratified_folds(labels, 5, seed=1)
    for k in range(5):  # every class spread over every fold
        assert np.bincount(labels[folds == k], minlength=4).tolist() == [2, 4, 1, 3]
    report = quadrant_report(np.array([0, 1, 2, 3, 0]), np.array([0, 1, 3, 3, 1]))
    assert report["accuracy"] == pytest.approx(0.6)
    assert report["recall"][QUADRANTS[2]] == 0 and report["arousal_accuracy"] == pytest.approx(1.0)
    assert report["confusion"][2][3] == 1
    scores = quadrant_scores(np.tile(JOYFUL, (20, 1)))
    assert fit_temperature(scores, np.zeros(20, dtype=int)) == pytest.approx(0.005)  # sure and right: sharp


def test_the_pipeline_learns_folders_suggests_files_and_reports_bad_ones(tmp_path, songs, tiny_model):
    root = tmp_path / "music"
    (root / "fear").mkdir(parents=True)
    for i, (path, _) in enumerate(songs["calm"][:3]):
        (root / "fear" / f"{i}.wav").write_bytes(path.read_bytes())
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "calm.wav").write_bytes(songs["calm"][3][0].read_bytes())
    (inbox / "notes.txt").write_text("not a song")
    (inbox / "broken.mp3").write_bytes(b"\x00" * 1000)
    stages = []
    profile = learn_folders(root, tiny_model, progress=stages.append)
    assert profile.count == 3 and stages[-1].stage == "learning" and stages[-1].done == 3
    files = list(audio_files([inbox]))
    assert [p.name for p in files] == ["broken.mp3", "calm.wav"]  # the .txt is not a song
    results = {s.path.name: s for s in suggest_files(files, tiny_model, profile=profile)}
    assert "cannot decode" in results["broken.mp3"].error and results["broken.mp3"].mood is None
    assert results["calm.wav"].mood in ("fear", "sad")
