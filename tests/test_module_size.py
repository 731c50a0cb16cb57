"""The house's limit: no module of regulate is longer than 400 lines (CONTRIBUTING), so each
file can be read whole and says one thing; a longer one is split along a seam it names."""

from __future__ import annotations

from pathlib import Path

import regulate

LIMIT = 400


def test_no_module_is_longer_than_400_lines() -> None:
    root = Path(regulate.__file__).parent
    modules = sorted(root.rglob("*.py"))
    assert len(modules) > 50  # the package itself, not an empty folder
    longer = {
        path.relative_to(root).as_posix(): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert longer == {}, f"split these along a seam (at most {LIMIT} lines each): {longer}"
