"""The domain (model, loader, timeline, history, report...) never imports Textual: it must
stay usable from scripts, `--plain` mode and tests without a terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import regulate

UI = ("tui", "cli.py", "__main__.py", "__init__.py")


def _domain_modules() -> list[str]:
    root = Path(regulate.__file__).parent
    top = [f"regulate.{p.stem}" for p in root.glob("*.py") if p.name not in UI]
    core = [f"regulate.core.{p.stem}" for p in (root / "core").glob("*.py") if p.stem != "__init__"]
    return sorted(top + core)


def test_domain_modules_exist() -> None:
    names = _domain_modules()
    assert {"regulate.model", "regulate.loader", "regulate.check"} <= set(names)
    assert {"regulate.core.practice", "regulate.core.recorder"} <= set(names)


def test_importing_the_domain_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {_domain_modules()!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
