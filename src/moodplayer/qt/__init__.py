"""The Qt glue between the core (library, selection, playback, vision) and the widgets."""
