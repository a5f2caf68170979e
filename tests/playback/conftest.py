"""The playback tests' fixtures; the shared fixture makers live in tests/mp_testkit (pytest runs
with --import-mode=importlib)."""

import pytest

from moodplayer.playback.base import PlayerError


@pytest.fixture
def alsa_player():
    """The real libvlc on ALSA, which lists a "null" device on any machine with ALSA's configuration
    (sound card or not): it stands in for headphones or a USB DAC, and reports its volume back."""
    from moodplayer.playback.vlc_player import VlcPlayer

    try:
        player = VlcPlayer(aout="alsa")
    except PlayerError as error:
        pytest.skip(f"libvlc is not installed here: {error}")
    if "null" not in dict(player.audio_devices()):
        player.shutdown()
        pytest.skip("libvlc's ALSA output lists no 'null' device here (no ALSA configuration)")
    yield player
    player.shutdown()
