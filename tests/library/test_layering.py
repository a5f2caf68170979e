"""Import rules of the player side (STYLE.md): Qt only in ui/, qt/ and app.py; python-vlc only in
playback/vlc_player.py; mutagen only in library/tags.py; the core never imports ui/ or qt/."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "moodplayer"


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), imports(path)


def uses(names, top):
    return any(name == top or name.startswith(top + ".") for name in names)


def test_qt_only_in_ui_qt_and_app():
    for module, names in modules():
        if uses(names, "PySide6"):
            assert module.startswith(("ui/", "qt/")) or module == "app.py", module


def test_vlc_only_in_vlc_player():
    for module, names in modules():
        if uses(names, "vlc"):
            assert module == "playback/vlc_player.py", module


def test_mutagen_only_in_tags():
    for module, names in modules():
        if uses(names, "mutagen"):
            assert module == "library/tags.py", module


def test_core_does_not_import_the_gui():
    for module, names in modules():
        if module.startswith(("library/", "playback/", "domain/", "vision/")) or module in ("selection.py", "settings.py"):
            assert not uses(names, "moodplayer.ui") and not uses(names, "moodplayer.qt"), module
        if module.startswith("ui/"):
            assert not uses(names, "moodplayer.app"), module


def test_no_tensorflow_at_module_level_in_the_player():
    for module, names in modules():
        if module.startswith(("ui/", "qt/", "library/", "playback/")) or module == "app.py":
            assert not uses(names, "tensorflow") and not uses(names, "keras"), module
