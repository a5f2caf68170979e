"""Widgets and the main window. Widgets know nothing of app.py; the window gets its services."""
