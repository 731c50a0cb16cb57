"""The domain (model, loader, timeline, history, report...) never imports Textual: it must
stay usable from scripts, `--plain` mode and tests without a terminal."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import regulate
from tests.helpers import REPO

# the front ends, which may import Textual; everything else is the domain and the core
UI = ("regulate.tui", "regulate.cli", "regulate.__main__")


def _domain_modules() -> list[str]:
    found = pkgutil.walk_packages(regulate.__path__, prefix="regulate.")
    return sorted(m.name for m in found if not m.name.startswith(UI))


def test_domain_modules_exist() -> None:
    names = _domain_modules()
    assert {"regulate.domain.model", "regulate.loader.pack", "regulate.packs.check"} <= set(names)
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


def test_the_first_screen_reads_nothing_it_does_not_show(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Nothing imported before the first screen that the first screen does not show: with
    sound off, no module that decodes or plays sound is read at all (they cost a start about
    5 ms and 0.25 MB; the loader's look at a recording's header stays); every name of
    `regulate.audio` is still there when asked for."""
    import json
    import os

    code = (
        "import asyncio, json, pathlib, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from tests.tui_helpers import make_app\n"
        "async def first_screen():\n"
        f"    app, _, _ = make_app(pathlib.Path({str(tmp_path)!r}), sound=False)\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        return sorted(m for m in sys.modules if m.startswith('regulate.audio.')\n"
        "                      or m in ('wave', 'audioop', 'miniaudio'))\n"
        "seen = asyncio.run(first_screen())\n"
        "import regulate.audio as audio\n"
        "names = {n: getattr(audio, n) is not None for n in audio.__all__}\n"
        "print(json.dumps([seen, names]))\n"
    )
    env = {**os.environ, "REGULATE_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen, names = json.loads(result.stdout.strip().splitlines()[-1])
    playing = {"regulate.audio.player", "regulate.audio.samples", "regulate.audio.sounding",
               "regulate.audio.mixer", "wave", "audioop", "miniaudio"}  # fmt: skip
    assert "regulate.audio.silence" in seen and not playing & set(seen), seen
    assert all(names.values()) and len(names) == 15
