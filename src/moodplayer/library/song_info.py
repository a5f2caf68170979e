"""What "Song info…" shows about a song, in words: its tags, its file and stream, how loud it is and
how volume levelling treats it, and how the listener has played it. Pure: the caller reads the file
(tags.py), the measure (audio/loudness.py) and the listening history (taste.py); Qt shows it."""

from __future__ import annotations

import math
from pathlib import Path

from moodplayer.domain.paths import readable
from moodplayer.library.replay_gain import ReplayGain, level_db
from moodplayer.library.taste import weight
from moodplayer.library.track import Track, format_duration

Section = tuple[str, list[tuple[str, str]]]  # a heading and its (label, value) rows

_CHANNELS = {1: "mono", 2: "stereo"}


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB ({size:,} bytes)" if size >= 1e6 else f"{size:,} bytes"


def _db(value: float) -> str:
    return f"{value:+.2f} dB"


def _peak(peak: float | None) -> str:
    return f"peak {20 * math.log10(peak):.1f} dBFS" if peak else "no peak"


def _times(count: int, what: str) -> str:
    return f"{what} {'once' if count == 1 else f'{count} times'}"


def _plays(plays: int, skips: int) -> str:
    parts = ([_times(plays, "played to the end")] if plays else []) + ([_times(skips, "skipped early")] if skips else [])
    return ", ".join(parts) or "liked or disliked, not played through"


def song_sections(path: Path, track: Track | None, *, size: int | None, stream=None, stream_error: str = "",
                  more_tags: list[tuple[str, str]] = (),
                  tags_gain: ReplayGain | None = None, measured=None, levelling: str = "off",
                  history: list[tuple[str, float, int, int]] = ()) -> list[Section]:
    """The sections of the song information, in the order shown.

    Args:
        track: the library's Track (None when the file cannot be read).
        more_tags: tags.read_more_tags(path): (label, text) of the album artist, year, genre, composer.
        size: the file's size in bytes (None when it is gone).
        stream: a tags.StreamInfo, or None with ``stream_error`` saying why.
        tags_gain: the song's ReplayGain tags; measured: its audio.loudness.Loudness, if measured.
        levelling: the volume levelling mode ("off", "track", "album").
        history: taste.TasteStore.history(path).
    """
    song = [("Title", track.display_title if track is not None else path.name)]
    if track is not None:
        song += [("Artist", track.artist or "—"), ("Album", track.album or "—")]
        if track.track_number or track.disc_number:
            song.append(("Track", _place(track)))
        song += list(more_tags)
        song.append(("Length", format_duration(track.duration_s)))
        if track.languages:
            song.append(("Languages", ", ".join(track.languages)))
        song.append(("Mood folder", track.mood or "not in a mood folder"))

    file = [("Location", readable(path)), ("Size", _size(size) if size is not None else "the file is gone")]
    if stream is not None:
        file.append(("Format", stream.format))
        if stream.bitrate_kbps:
            file.append(("Bitrate", f"{stream.bitrate_kbps} kbit/s"))
        if stream.sample_rate:
            rate = f"{stream.sample_rate / 1000:g} kHz"
            if stream.bits_per_sample:
                rate += f", {stream.bits_per_sample} bit"
            file.append(("Sample rate", rate))
        if stream.channels:
            file.append(("Channels", _CHANNELS.get(stream.channels, f"{stream.channels} channels")))
    elif stream_error:
        file.append(("Format", stream_error))

    return [("Song", song), ("File", file), ("Loudness", _loudness(tags_gain, measured, levelling)),
            ("Your listening", _listening(history))]


def _loudness(tags_gain: ReplayGain | None, measured, levelling: str) -> list[tuple[str, str]]:
    rows = []
    if tags_gain is not None and tags_gain.has_gain:
        if tags_gain.track_db is not None:
            rows.append(("ReplayGain, song", f"{_db(tags_gain.track_db)}, {_peak(tags_gain.track_peak)}"))
        if tags_gain.album_db is not None:
            rows.append(("ReplayGain, album", f"{_db(tags_gain.album_db)}, {_peak(tags_gain.album_peak)}"))
    elif measured is not None:
        by_song = level_db(ReplayGain(track_db=measured.gain_db, track_peak=measured.peak or None), "track")
        rows.append(("Measured", f"{measured.lufs:.1f} LUFS, {_peak(measured.peak)} (levelled {_db(by_song)} by song)"))
    else:
        rows.append(("ReplayGain", "no tags; " + ("not measured yet" if levelling != "off" else
                                                  "measured once volume levelling is on")))
    rows.append(("Volume levelling", {"off": "off", "track": "by song", "album": "by album"}.get(levelling, levelling)))
    return rows


def _listening(history: list[tuple[str, float, int, int]]) -> list[tuple[str, str]]:
    if not history:
        return [("Played", "not yet (or your likes and skips were forgotten)")]
    rows = []
    for mood, score, plays, skips in history:
        shuffle = weight(score)
        how = ("comes up sooner in the shuffle" if shuffle > 1 else
               "rests more often in the shuffle" if shuffle < 1 else "shuffled as any other")
        rows.append((f"For {mood}", f"{_plays(plays, skips)}; {how}"))
    return rows


def _place(track: Track) -> str:
    """"3", "3, disc 2" or "disc 2": where the song sits in its album."""
    parts = [str(track.track_number)] if track.track_number else []
    if track.disc_number:
        parts.append(f"disc {track.disc_number}")
    return ", ".join(parts)
