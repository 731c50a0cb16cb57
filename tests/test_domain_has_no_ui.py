"""The domain (model, loader, timeline, history, report...) never imports Textual: it must
stay usable from scripts, `--plain` mode and tests without a terminal."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import regulate

# the front ends, which may import Textual; everything else is the domain and the core
UI = ("regulate.tui", "regulate.cli", "regulate.__main__")


def _domain_modules() -> list[str]:
    found = pkgutil.walk_packages(regulate.__path__, prefix="regulate.")
    return sorted(m.name for m in found if not m.name.startswith(UI))


def test_domain_modules_exist() -> None:
    names = _domain_modules()
    assert {"regulate.model", "regulate.loader.pack", "regulate.packs.check"} <= set(names)
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
