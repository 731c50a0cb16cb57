"""Shared fixtures: write pack files into a temporary folder and load them. The helpers that
tests import live in tests/helpers/."""

from __future__ import annotations

import gc
import os
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from regulate import i18n
from regulate.loader import Loaded, load_exercise, load_pack
from tests.helpers import FORMAT_BREATHING, FORMAT_EXERCISE, FORMAT_PACK, make_wav

# The quick set's profile (`--hypothesis-profile quick`): a quarter of the cases, so the quick
# set stays within a minute; the default run, CI's, tries them all (tests/helpers/files.py's
# fuzz_examples scales each test's own count by this profile's share of Hypothesis's 100).
settings.register_profile("quick", max_examples=25)

# Dates on screens and in reports are local: tests see them in one fixed zone.
os.environ["TZ"] = "UTC"
if hasattr(time, "tzset"):  # POSIX's; Windows reads TZ as it starts, and has no tzset
    time.tzset()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: three workers a core. Much of the suite waits - Pilot lets the app settle
    between keys, a subprocess starts, sound plays at real-time pace, a terminal draws - so one
    worker a core leaves the cores idle (measured on two cores, the machine otherwise idle:
    the quick set 82 s with three workers, 66-71 s with four, 57-62 s with six; the whole run
    3:27 with four, 3:02 with six, 3:05 with eight)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 3 * (cores or 1)


# Compiled files are kept even where PYTHONDONTWRITEBYTECODE is set (as on the team's machines
# and in CI): without them each worker rewrites and compiles every test module again (2 s of
# CPU a worker) and each regulate a test starts compiles its modules again (0.1 s each).
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The tests' garbage collector runs less often: each Pilot test makes an app of many thousand
# small objects, and with Python's default (a pass every 700 new objects, a full one every
# 100 passes) collecting took a tenth of a worker's time; here it takes a thirtieth, and a
# worker holds about 150 MB instead of 115 (tests/test_app_flow.py and two more, two workers).
gc.set_threshold(10_000, 20, 20)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the suite is collected - Textual, Hypothesis, every test module - stays
    to the end: the collector's full passes leave it out instead of walking it all again."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that take seconds of their own go out first, then the ones in a real terminal:
    with `--maxschedchunk 2` (pyproject's addopts) each worker takes two at a time, so the long
    ones spread over the workers at the start instead of one of them ending the run alone
    (a 45 s test picked up last made the whole run 45 s longer). The order within each group,
    and what each test does, stay as they were."""

    def first(item: pytest.Item) -> int:
        return (
            0
            if item.get_closest_marker("slow")
            else 1
            if item.get_closest_marker("terminal")
            else 2
        )

    items.sort(key=first)  # stable


# Tests read English unless they choose another language, whatever this machine's locale
# (a child process inherits it too).
os.environ["LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    """Each test starts in English and leaves the language as it found it."""
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture(autouse=True)
def _apps_leave() -> Iterator[None]:
    """After a test, each app it made (tests/tui_helpers.py) leaves as regulate does once its
    window has closed: every session's writes given their time, the writers' threads ended and
    the history closed. Left running, each writer kept its app alive to the end of the run:
    hundreds of apps in one worker, and the garbage collector walking them all."""
    yield
    helpers = sys.modules.get("tests.tui_helpers")
    while helpers is not None and helpers.made:
        app, store = helpers.made.pop()
        app.driver.close(timeout=10)
        store.close()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real data folder."""
    monkeypatch.setenv("REGULATE_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def exercise_file(tmp_path: Path) -> Callable[..., Loaded]:
    """Write YAML (dedented) to a file and load it as a lone exercise."""

    def load(text: str, name: str = "ex.yaml") -> Loaded:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_exercise(path, name)

    return load


@pytest.fixture
def pack_dir(tmp_path: Path) -> Callable[..., Loaded]:
    """Write a pack folder from {file name: YAML} and load it."""

    def load(files: dict[str, str], name: str = "week3-settling") -> Loaded:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for file_name, text in files.items():
            target = folder / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_pack(folder, name)

    return load


@pytest.fixture
def format_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "week3-settling"
    folder.mkdir()
    (folder / "pack.yaml").write_text(FORMAT_PACK, encoding="utf-8")
    (folder / "orienting.yaml").write_text(FORMAT_EXERCISE, encoding="utf-8")
    (folder / "breathing-4-6.yaml").write_text(FORMAT_BREATHING, encoding="utf-8")
    make_wav(folder / "voice" / "intro.wav")
    return folder


# the real-terminal fixture (tmux), for every test module that asks for `terminal`
from tests.terminal_helpers import terminal  # noqa: E402, F401
