"""No import circle in regulate: each module's imports, read with `ast` (those inside functions
counted, as they run when the function does; those under `if TYPE_CHECKING:` left out, as they
never run), form a graph with no cycle. A circle means two modules that can't be understood,
tested or moved one without the other; the shared part belongs in a module below both."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "regulate"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(root: Path) -> dict[str, Path]:
    return {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, here: str, is_package: bool, known: set[str]) -> set[str]:
    """The regulate modules a module's code imports when it runs (at any depth, in functions
    too), each taken as the most precise module the statement names."""
    found: set[str] = set()

    def target(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:  # only the `else:` of `if TYPE_CHECKING:` runs
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(target(alias.name) or "")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package this module is in (or is)
                package = here if is_package else here.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                # `from regulate.audio import voice` names the module regulate.audio.voice
                found.add(target(f"{base}.{alias.name}") or target(base) or "")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard("")
    found.discard(here)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = _modules(root)
    known = set(modules)
    return {
        name: _imported(
            ast.parse(path.read_text(), str(path)), name, path.stem == "__init__", known
        )
        for name, path in modules.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest circle through each group of modules that reach one another (Tarjan's
    strongly connected components, then a breadth-first walk inside each), as module names
    with the first repeated at the end."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # recursive: regulate's graph is a few hundred modules
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)

    found = []
    for group in groups:
        start = min(group)
        paths = {start: [start]}
        queue = [start]
        while queue:
            node = queue.pop(0)
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    found.append([*paths[node], start])
                    queue = []
                    break
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    queue.append(nxt)
    return sorted(found)


def test_regulate_has_no_import_circle() -> None:
    graph = import_graph()
    assert "regulate.audio.player" in graph and "regulate.packs.archive" in graph  # it was read
    found = circles(graph)
    assert not found, "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "regulate" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "regulate"


def test_a_circle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "sound/__init__.py": "",
            "sound/mixer.py": "def f():\n    from regulate.sound.player import QUIET\n",
            "sound/player.py": "from regulate.sound import mixer\nQUIET = 1\n",
            "base.py": "import regulate.sound.player\n",
        },
    )
    assert circles(import_graph(root)) == [
        ["regulate.sound.mixer", "regulate.sound.player", "regulate.sound.mixer"]
    ]


@pytest.mark.parametrize(
    "guard",
    [
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:",
        "import typing\nif typing.TYPE_CHECKING:",
    ],
)
def test_type_only_imports_and_relative_ones_are_read_as_python_runs_them(
    tmp_path: Path, guard: str
) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "packs/__init__.py": "",
            "packs/archive.py": "from .voicing import voiced\n",
            "packs/voicing.py": f"{guard}\n    from regulate.packs.archive import x\nvoiced = 1\n",
        },
    )
    graph = import_graph(root)
    assert graph["regulate.packs.archive"] == {"regulate.packs.voicing"}
    assert graph["regulate.packs.voicing"] == set()
    assert circles(graph) == []
