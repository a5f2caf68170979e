"""A long playlist into the queue: added in chunks (the window answers between them), the queue
list shows its head, and the saved queue is capped so a restart stays quick. How fast is measured
in benchmarks/bench_queue_import.py, never here."""

from moodplayer.qt import playlist_actions
from moodplayer.qt.settings_store import SettingsStore
from moodplayer.settings import QUEUE_KEPT
from moodplayer.ui.widgets.queue_view import SHOWN_ROWS


def songs_of(music):
    return sorted(music.rglob("*.wav"))


def write_playlist(path, songs, count):
    entries = [songs[n % len(songs)] for n in range(count)]
    path.write_text("\n".join(map(str, entries)) + "\n")
    return entries


def test_a_long_import_is_queued_a_chunk_per_turn_in_order(qtbot, make_app, music, tmp_path, monkeypatch):
    monkeypatch.setattr(playlist_actions, "QUEUE_CHUNK", 10)
    app = make_app("--music", str(music), "--no-camera", player="null")
    session = app.session
    session.enqueue([music / "sad" / "sad-1.wav"])
    entries = write_playlist(tmp_path / "long.m3u8", songs_of(music), 35)
    said = []
    session.message.connect(lambda level, text: said.append(text))
    app.window.playlists.import_into_queue(tmp_path / "long.m3u8", sync=True)  # read here; queued in turns
    assert len(session.queue.hand) == 1 + 10, "the first chunk at once, the rest after the window drew"
    assert not [text for text in said if "Queued" in text]
    qtbot.waitUntil(lambda: len(session.queue.hand) == 36, timeout=5000)
    assert session.queue.hand == [music / "sad" / "sad-1.wav", *entries]
    assert [text for text in said if "Queued" in text] == ["long.m3u8: Queued 35 songs."]


def test_closing_during_an_import_keeps_every_song(qtbot, make_app, music, tmp_path, settings_file, monkeypatch):
    monkeypatch.setattr(playlist_actions, "QUEUE_CHUNK", 10)
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    entries = write_playlist(tmp_path / "long.m3u8", songs_of(music), 35)
    app.window.playlists.import_into_queue(tmp_path / "long.m3u8", sync=True)
    assert len(app.session.queue.hand) == 10
    app.window.close()
    assert SettingsStore.from_file(settings_file).load().queue == [str(p) for p in entries]


def test_the_queue_list_shows_its_head_and_counts_the_rest(qtbot, make_app, music):
    app = make_app("--music", str(music), "--no-camera", player="null")
    songs = songs_of(music)
    app.session.enqueue([songs[n % len(songs)] for n in range(SHOWN_ROWS + 250)])
    panel = app.window.queue_panel
    assert panel.list.count() == SHOWN_ROWS
    assert panel.list.item(0).text() == "angry 1 — Angry Band"
    assert panel.then_label.text().startswith("… and 250 more songs in the queue.")
    app.session.remove_from_queue([0])
    assert panel.list.count() == SHOWN_ROWS and panel.then_label.text().startswith("… and 249 more")
    assert panel.list.item(0).text() == "angry 2 — Angry Band"


def test_the_saved_queue_is_capped_and_the_import_says_so(qtbot, make_app, music, tmp_path, settings_file):
    app = make_app("--music", str(music), "--no-camera", player="null", start=False)
    entries = write_playlist(tmp_path / "huge.m3u8", songs_of(music), QUEUE_KEPT + 5)
    app.window.playlists.import_into_queue(tmp_path / "huge.m3u8")
    qtbot.waitUntil(lambda: len(app.session.queue.hand) == QUEUE_KEPT + 5, timeout=30000)
    message = app.window.statusBar().currentMessage()
    assert f"Queued {QUEUE_KEPT + 5} songs" in message
    assert f"the first {QUEUE_KEPT:,} songs of the queue are kept for the next start" in message
    app.window.close()
    app.shutdown()
    assert SettingsStore.from_file(settings_file).load().queue == [str(p) for p in entries[:QUEUE_KEPT]]
    restarted = make_app(player="null", start=False)
    assert restarted.session.queue.hand == entries[:QUEUE_KEPT]
