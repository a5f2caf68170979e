"""The campaign's slow-epoch warning (contention on the two cores shows as slow epochs)."""

from moodplayer.training.epoch_watch import epoch_seconds, slow_epoch_warning


def test_an_epoch_over_one_and_a_half_times_the_median_is_named():
    assert slow_epoch_warning([110, 108, 112, 109]) == ""
    warning = slow_epoch_warning([110, 108, 112, 560])
    assert warning.startswith("epoch 4 took 560 s, 5.0x the run's median of 111 s")
    assert slow_epoch_warning([110, 300]) == "", "too few epochs for a median"


def test_history_without_the_column_gives_no_seconds(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text("epoch,accuracy\n0,0.3\n")
    new = tmp_path / "new.csv"
    new.write_text("epoch,accuracy,epoch_seconds\n0,0.3,107.0\n1,0.4,150.9\n")
    assert epoch_seconds(old) == [] and epoch_seconds(new) == [107.0, 150.9]
    assert epoch_seconds(tmp_path / "missing.csv") == []
