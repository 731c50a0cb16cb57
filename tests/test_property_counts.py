"""Every property test's count of cases goes through `fuzz_examples`, so that the quick set
(`--hypothesis-profile quick`) tries a quarter of them, the default run (CI's) all of them, and
REGULATE_FUZZ_SCALE=10 ten times as many: a bare number would be tried in full everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _bare_counts(source: str) -> list[int]:
    """The lines where `max_examples=` is given a number as it stands."""
    return [
        keyword.value.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "max_examples" and isinstance(keyword.value, ast.Constant)
    ]


def test_every_count_of_cases_scales_with_the_profile() -> None:
    bare = [
        f"{path.relative_to(TESTS.parent)}:{line}: max_examples=fuzz_examples(N), not N"
        for path in sorted(TESTS.glob("test_*.py"))
        for line in _bare_counts(path.read_text(encoding="utf-8"))
    ]
    assert not bare, "\n".join(bare)


def test_the_check_sees_a_bare_number() -> None:
    assert _bare_counts("@settings(max_examples=40, deadline=None)\ndef f(): ...") == [1]
    assert _bare_counts("@settings(max_examples=fuzz_examples(40))\ndef f(): ...") == []
