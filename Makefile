# Convenience targets; each one is a script you can also run directly.
.PHONY: run test bundle demo desktop

run:
	./scripts/run

test:
	./scripts/test

# One-folder PyInstaller bundle in dist/moodplayer/, smoke-tested (scripts/bundle).
bundle:
	./scripts/bundle

# Regenerate the demo camera clip, the icon and the demo songs (scripts/make_demo.py).
demo:
	. .venv/bin/activate && python scripts/make_demo.py

# Menu entry and icon for the current user (moodplayer install-desktop-entry; uninstall-desktop-entry
# removes them); Exec points at this checkout's scripts/run
# (or at the bundle: make desktop EXEC=$$PWD/dist/moodplayer/moodplayer).
EXEC ?= $(CURDIR)/scripts/run
desktop:
	./scripts/run install-desktop-entry --exec "$(EXEC)"
