import multiprocessing

from moodplayer.cli import main

if __name__ == "__main__":
    # Audio analysis runs in spawned worker processes: in the PyInstaller bundle each worker
    # starts this executable again, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()
    raise SystemExit(main())
