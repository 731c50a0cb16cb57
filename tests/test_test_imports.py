"""The tests share code one way: from tests/helpers/ (and the few shared modules beside the
tests, such as tui_helpers.py and clocks.py), each imported under one name, `tests.NAME`. A
module imported as `tui_helpers` and again as `tests.tui_helpers` is two modules (two
FakeClock classes, two caches); a test importing another test module or conftest runs that
module's fixtures and imports in a place nobody looks."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
OURS = {p.stem for p in TESTS.glob("*.py")} | {p.name for p in TESTS.iterdir() if p.is_dir()}


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "tests":  # `from tests import tui_helpers`
                found += [(node.lineno, f"tests.{alias.name}") for alias in node.names]
    return found


def _wrong(module: str) -> str | None:
    parts = module.split(".")
    if "conftest" in parts[:2]:
        return "imports conftest (it holds fixtures only: shared code goes in tests/helpers/)"
    if parts[0] in OURS:
        return f"imports {module!r} by its bare name: import it as 'tests.{module}'"
    if parts[0] == "tests" and len(parts) > 1 and parts[1].startswith("test_"):
        return f"imports the test module {module!r} (shared code goes in tests/helpers/)"
    return None


def test_each_shared_test_module_is_imported_under_one_name() -> None:
    wrong = [
        f"{path.relative_to(TESTS.parent)}:{line}: {why}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in _imported(path)
        if (why := _wrong(module)) is not None
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_a_bare_name_a_test_module_and_conftest() -> None:
    assert _wrong("tui_helpers") and _wrong("clocks")
    assert _wrong("tests.test_plain_mode") and _wrong("tests.conftest") and _wrong("conftest")
    assert _wrong("tests.tui_helpers") is None and _wrong("tests.helpers.cli") is None
    assert _wrong("textual.app") is None
