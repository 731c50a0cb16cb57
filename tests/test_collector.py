"""Python's cycle collector is held back while regulate starts (start-up makes tens of
thousands of objects that live for the whole run and almost no garbage) and let go as soon as
start-up is over: once the app's first screen is drawn, when plain mode begins, and when any
other command begins its work. Held back for a whole session, garbage in cycles would pile up
for as long as regulate runs."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from regulate.system import collector
from regulate.tui import screens
from tests.tui_helpers import make_app

# what the collector was doing each time the history was opened, printed as the run ends
SPY = """
import gc, sys
from regulate.history import store
opened = store.History.open.__func__
seen = []
def spy(cls, *args, **kwargs):
    seen.append(gc.isenabled())
    return opened(cls, *args, **kwargs)
store.History.open = classmethod(spy)
from regulate.cli import main
code = main(sys.argv[1:])
print("collector running when the history was opened:", seen, file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture
def _collector_as_found() -> Iterator[None]:
    yield
    collector.settle()
    gc.enable()


@pytest.mark.usefixtures("_collector_as_found")
async def test_the_collector_runs_again_once_the_first_screen_is_drawn(tmp_path: Path) -> None:
    collector.pause()
    assert not gc.isenabled()
    app, _, store = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
        assert gc.isenabled()
    store.close()


def _spied(*args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", SPY, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.stderr


def test_a_command_runs_with_the_collector_going() -> None:
    said = _spied("history")
    assert "collector running when the history was opened: [True]" in said


def test_plain_mode_runs_with_the_collector_going() -> None:
    # the person leaves at the first question: the history was already opened by then
    said = _spied("--plain", stdin="q\n")
    assert "collector running when the history was opened: [True]" in said
