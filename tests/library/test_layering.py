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
    # tags.py reads every song; tag_writer.py is the only place that writes into one (Edit tags…).
    for module, names in modules():
        if uses(names, "mutagen"):
            assert module in ("library/tags.py", "library/tag_writer.py"), module


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



def _module_name(path: Path, package: Path) -> str:
    parts = ("moodplayer", *path.relative_to(package).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the package's modules it imports, at module level or inside a function."""
    graph = {}
    for path in package.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from moodplayer import demo" imports the module moodplayer.demo
                names.update([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)])
        graph[_module_name(path, package)] = names
    return {module: {n for n in names if n in graph and n != module} for module, names in graph.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_two_modules_import_each_other():
    # training/train.py and training/distill.py both need flip-averaged predictions: training/predict.py has them.
    assert cycles(import_graph()) == []
