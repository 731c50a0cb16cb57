"""Where regulate reaches past Textual's public API it does so in one module, and only on a
Textual it was tested with: on any other version a person sees Textual's own drawing, correct
and moving, never a stale frame."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import textual
from textual.widget import Widget

from regulate.system.paths import starter_pack
from regulate.tui import textual_internals
from regulate.tui.widgets import BreathGuide
from tests.tui_helpers import advance, exercise_from, make_app, rendered_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def unknown_textual(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Textual reporting a version the shortcuts were never tested with."""
    monkeypatch.setattr(textual, "__version__", "8.99.0")
    assert textual_internals.check() is False
    yield
    monkeypatch.undo()
    textual_internals.check()


def test_only_a_tested_textual_takes_the_shortcuts() -> None:
    assert textual_internals.check("9.0.0") is False
    assert textual_internals.check("8.1.1") is False  # between two tested: not tested
    assert all(textual_internals.check(v) for v in textual_internals.TESTED)
    assert textual_internals.check() is (textual.__version__ in textual_internals.TESTED)


def test_the_installed_version_is_read_as_importlib_metadata_reads_it() -> None:
    import importlib.metadata

    assert textual_internals.installed() == importlib.metadata.version("textual")


def test_bundled_files_are_found_where_importlib_resources_finds_the_package() -> None:
    import importlib.resources

    from regulate.system import paths

    assert paths.package_folder() == Path(str(importlib.resources.files("regulate")))
    assert paths.schema_file("pack").is_file()
    assert (paths.starter_pack() / "pack.yaml").is_file()


def test_textuals_private_names_are_used_in_one_module() -> None:
    """Textual's underscored names (and overrides of its undocumented drawing methods) appear
    in textual_internals.py alone, so a new Textual means reading one module."""
    private = re.compile(
        r"(?<!self)(?<!cls)\._[a-z]\w*|def (_set_dirty|render_lines)\b|"
        r"_bindings_ready|_merged_bindings|_css_update_count|key_to_bindings|textual\.\w+\._"
    )
    found = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "regulate" / "tui").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if private.search(line.split("#")[0]) and "os._exit" not in line
    }
    assert found <= {"regulate/tui/textual_internals.py"}, found


async def test_on_an_unknown_textual_the_guide_is_drawn_by_textuals_own_way(
    tmp_path: Path, unknown_textual: None
) -> None:
    """The guide still grows and shrinks on screen, its every line is what Textual's own
    pipeline makes, and nothing is kept by the shortcuts."""
    app, clock, _ = make_app(
        tmp_path, exercise=exercise_from(starter_pack() / "longer-out-breath.yaml")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 15.5, pilot)
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        seen = set()
        for _frame in range(30):
            clock.advance(0.1)
            app.tick()
            await pilot.pause()
            screen = rendered_text(app)
            shown = [line.strip() for line in guide.picture() if line.strip()]
            assert shown and all(line in screen for line in shown)  # on screen, as it is now
            seen.add(guide.picture())
            crop = guide.region.reset_offset
            assert [list(s) for s in guide.render_lines(crop)] == [
                list(s) for s in Widget.render_lines(guide, crop)
            ]
        assert len(seen) >= 5  # it moved
        assert not getattr(guide, "_finished", None)  # no line kept by the shortcut
        kept = [w for w in app.screen.walk_children(with_self=True) if getattr(w, "_kept", None)]
        assert kept == []
        app.driver._end_frames()


def test_the_named_keys_are_answered_as_textual_answers_them() -> None:
    """The table stands in for Textual's own search of Unicode's names: the same answer for
    every key Textual names that is not a character of its own, and nothing else in it."""
    import textual.keys

    named = {
        key.value
        for key in textual.keys.Keys
        if "+" not in key.value and len(key.value) > 1 and not key.value.startswith("<")
    }
    assert set(textual_internals.NAMED_KEYS) == named
    textual.keys.key_to_character.cache_clear()
    for key in named:
        assert textual_internals.NAMED_KEYS[key] == textual.keys.key_to_character(key), key


FIRST_SCREEN = """
import asyncio, json, sys, unicodedata
searched = []
lookup = unicodedata.lookup
def counted(name):
    searched.append(name)
    return lookup(name)
unicodedata.lookup = counted
if sys.argv[1] == "unknown":
    import textual
    textual.__version__ = "8.99.0"
from regulate.packs.library import load_library
from regulate.settings import Settings
from regulate.tui.app import RegulateApp
import textual.keys, textual.screen

app = RegulateApp(load_library(), None, Settings(sound=False), save_settings=False)

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        took = textual.screen.key_to_character is not textual.keys.key_to_character
        print(json.dumps([type(app.screen).__name__, app.focused is not None, took, searched]))

asyncio.run(main())
"""


@pytest.mark.parametrize("version", ["installed", "unknown"])
def test_the_first_screen_never_searches_unicodes_names(tmp_path: Path, version: str) -> None:
    """On a tested Textual the first screen works out its keys without searching Unicode's
    name table (0.4 MB of memory); on an unknown one Textual's own search runs, as it always
    did. A fresh interpreter: other tests have searched already."""
    import json
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, version],
        env={**os.environ, "REGULATE_HOME": str(tmp_path)},
        capture_output=True, text=True, check=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    shown, focused, took, searched = json.loads(done.stdout.splitlines()[-1])
    assert (shown, focused) == ("Home", True)
    if version == "installed" and textual.__version__ in textual_internals.TESTED:
        assert took and searched == []
    else:
        assert not took and searched, "Textual's own way searches the names"
