"""The real app started as a process, for the tests of what happens between processes (a later
start handing its songs over, a stop signal)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from moodplayer.qt.single_instance import socket_path


@contextmanager
def listening_window(command: list[str], settings: Path, environ: dict, timeout_s: float = 60):
    """Starts ``command`` (the app, with ``--settings settings``) with a short private
    $XDG_RUNTIME_DIR, as a desktop session has, and waits until its window listens for later
    starts. Yields (process, its environment, its socket file); the process is killed if it is
    still running at the end."""
    runtime = tempfile.mkdtemp(prefix="mp-", dir="/tmp")
    env = {**environ, "XDG_RUNTIME_DIR": runtime}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        socket_file = socket_path(settings, env)
        deadline = time.monotonic() + timeout_s
        while not socket_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert socket_file.exists(), "the window listens for later starts"
        yield process, env, socket_file
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        shutil.rmtree(runtime, ignore_errors=True)
