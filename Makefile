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

# Menu entry and icon for the current user; Exec points at this checkout's scripts/run
# (or at the bundle: make desktop EXEC=$$PWD/dist/moodplayer/moodplayer).
EXEC ?= $(CURDIR)/scripts/run
desktop:
	install -d $(HOME)/.local/share/applications $(HOME)/.local/share/icons/hicolor/256x256/apps
	sed -e 's|^Exec=.*|Exec=$(EXEC)|' -e 's|^TryExec=.*|TryExec=$(EXEC)|' assets/moodplayer.desktop \
		> $(HOME)/.local/share/applications/moodplayer.desktop
	install -m 644 assets/moodplayer.png $(HOME)/.local/share/icons/hicolor/256x256/apps/moodplayer.png
	@echo "installed $(HOME)/.local/share/applications/moodplayer.desktop"
