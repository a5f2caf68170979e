"""Crossfade on the real libvlc: the next song starts on a second libvlc player while the song handed
over plays on, and the two cross along equal-power curves; a skip or a pause silences the song
fading out. ALSA's "null" device plays them (its software volume is what libvlc reports back, where
the dummy output reports none)."""

import time

import pytest

from moodplayer.playback.base import PlayerEvent, PlayerState
from mp_testkit.media import write_wav


@pytest.fixture
def player(alsa_player):
    alsa_player.set_audio_device("null")
    alsa_player.volume = 80
    events = []
    alsa_player.set_listener(lambda event, path, message: events.append((event, path)))
    alsa_player.events = events
    return alsa_player


def wait_for(condition, what: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not after {timeout_s} s"
        time.sleep(0.02)


def play_near_its_end(player, song, left_s: float) -> None:
    player.load(song)
    player.play()
    wait_for(lambda: player.state == PlayerState.PLAYING and player.duration, "the first song plays")
    player.seek(player.duration - left_s)
    wait_for(lambda: player.position >= player.duration - left_s - 0.5, "the seek")


def test_the_next_song_fades_in_while_the_song_handed_over_fades_out(player, tmp_path):
    first = write_wav(tmp_path / "first.wav", seconds=12, freq=440)
    second = write_wav(tmp_path / "second.wav", seconds=12, freq=660)
    play_near_its_end(player, first, left_s=5.0)
    player.crossfade_next(3.0)
    player.load(second)
    # The first song plays on, as loud as it was, until the next starts (libvlc reports no volume
    # for a moment while its audio output restarts after the seek on a busy machine).
    wait_for(lambda: player.crossfade_levels()[0] == [(80, False)], "the first song as loud as it was")
    player.play()
    samples = []
    while True:
        outgoing, current = player.crossfade_levels()
        if not outgoing:
            break
        samples.append((outgoing[0][0], current))
        time.sleep(0.03)
        assert len(samples) < 2000, "the song handed over never went"
    wait_for(lambda: player.crossfade_levels()[1] == 80, "the next song at the listener's volume")
    out_levels, in_levels = [s[0] for s in samples], [s[1] for s in samples]
    assert out_levels == sorted(out_levels, reverse=True) and in_levels == sorted(in_levels)
    assert out_levels[0] >= 60 and in_levels[0] <= 30  # crossed: one from loud, the other from quiet
    assert any(40 <= level <= 70 for level in in_levels)  # through the middle, not a jump
    # Equal power: while both sound, the two together stay about as loud as one song (cos² + sin² = 1).
    assert all(0.8 * 80**2 <= out**2 + inn**2 <= 1.2 * 80**2 for out, inn in samples if out and inn)
    assert player.current == second and player.state == PlayerState.PLAYING
    assert not any(path == first for _event, path in player.events)  # its end is not reported
    assert player.position < 8.0  # the crossfade ended with the first song, 3 s in, not at its natural end


def test_a_skip_a_pause_or_a_stop_silences_the_song_fading_out(player, tmp_path):
    songs = [write_wav(tmp_path / f"{n}.wav", seconds=20, freq=300 + 100 * n) for n in range(3)]
    for interrupt in ("skip", "pause", "stop"):
        play_near_its_end(player, songs[0], left_s=8.0)
        player.crossfade_next(6.0)
        player.load(songs[1])
        player.play()
        wait_for(lambda: player.state == PlayerState.PLAYING, "the next song plays")
        assert len(player.crossfade_levels()[0]) == 1
        if interrupt == "skip":
            player.load(songs[2])
            player.play()
        elif interrupt == "pause":
            player.pause()
        else:
            player.stop()
        wait_for(lambda: not player.crossfade_levels()[0], f"the song fading out is silenced by a {interrupt}")
        if interrupt != "stop":  # what plays (or resumes later) is at the listener's volume, not fading in
            wait_for(lambda: player.crossfade_levels()[1] == 80, f"full volume after a {interrupt}")


def test_the_listeners_volume_and_mute_reach_the_song_handed_over(player, tmp_path):
    first, second = write_wav(tmp_path / "a.wav", seconds=20), write_wav(tmp_path / "b.wav", seconds=20)
    play_near_its_end(player, first, left_s=10.0)
    player.crossfade_next(4.0)
    player.load(second)  # the next song is loaded, not started: the first plays on as it was
    player.volume = 50
    wait_for(lambda: player.crossfade_levels()[0] == [(50, False)], "the volume reaches the song handed over")
    player.muted = True
    wait_for(lambda: player.crossfade_levels()[0] == [(50, True)], "mute reaches the song handed over")


def test_a_crossfade_asked_while_nothing_plays_is_a_plain_start(player, tmp_path):
    first, second = write_wav(tmp_path / "a.wav", seconds=10), write_wav(tmp_path / "b.wav", seconds=10)
    player.load(first)
    player.crossfade_next(3.0)
    player.load(second)
    player.play()
    wait_for(lambda: player.crossfade_levels() == ([], 80), "the song plays at the listener's volume")
    assert player.state == PlayerState.PLAYING and player.current == second


def crossing(player, tmp_path, first_s: float, second_s: float, left_s: float, fade_s: float):
    """Two songs of ``first_s`` and ``second_s``: the first plays with ``left_s`` to go, then crosses
    into the second over ``fade_s``; (first, second)."""
    first, second = write_wav(tmp_path / "a.wav", seconds=first_s), write_wav(tmp_path / "b.wav", seconds=second_s)
    play_near_its_end(player, first, left_s=left_s)
    player.crossfade_next(fade_s)
    player.load(second)
    player.play()
    return first, second


def test_the_next_song_ends_as_any_song_does(player, tmp_path):
    _first, second = crossing(player, tmp_path, first_s=6, second_s=3, left_s=2.0, fade_s=1.5)
    wait_for(lambda: player.events, "an event")
    assert player.events == [(PlayerEvent.ENDED, second)]


def test_a_song_changed_mid_way_fades_out_over_the_crossfade_not_its_whole_rest(player, tmp_path):
    # A skip by hand with "Also when I change songs": the song has 25 s left, the crossing takes 1.5 s.
    _first, second = crossing(player, tmp_path, first_s=30, second_s=30, left_s=25.0, fade_s=1.5)
    wait_for(lambda: len(player.crossfade_levels()[0]) == 1, "the first song fades out")
    wait_for(lambda: not player.crossfade_levels()[0], "the first song gone after its crossfade", timeout_s=10.0)
    wait_for(lambda: player.crossfade_levels()[1] == 80, "the next song at the listener's volume")
    assert player.current == second and player.position < 8.0


def test_a_song_changed_while_it_still_fades_in_fades_out_from_where_it_was(player, tmp_path):
    # Next twice in a row with crossing by hand: the second song, a third of the way in, must not jump
    # to full volume before it fades out.
    _first, second = crossing(player, tmp_path, first_s=30, second_s=30, left_s=25.0, fade_s=6.0)
    wait_for(lambda: 15 <= player.crossfade_levels()[1] <= 50, "the second song part of the way in")
    _outgoing, reached = player.crossfade_levels()
    third = write_wav(tmp_path / "c.wav", seconds=30)
    player.crossfade_next(2.0)
    player.load(third)
    player.play()
    levels = []
    while len(player.crossfade_levels()[0]) == 2:  # the first song still fading out, then the second
        levels.append(player.crossfade_levels()[0][1][0])
        time.sleep(0.02)
        assert len(levels) < 2000, "the songs handed over never went"
    assert levels and max(levels) <= reached + 8, f"it rose from {reached} to {max(levels)}"
    assert levels[-1] <= reached / 2, "it faded out"
    assert player.current == third
