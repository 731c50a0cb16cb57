"""regulate where clients are: macOS and Windows lack some of what Linux has (os.getuid,
os.O_NOFOLLOW, mmap's madvise and private maps, SIGHUP; Windows also time.tzset, fcntl and
most POSIX signals). No such machine is reachable here, so the main paths run with those
features taken away, as they are there, and so does the suite itself (tests/without_posix.py)."""

from __future__ import annotations

import mmap
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regulate.history import History
from regulate.packs.library import load_library
from regulate.plain import Plain
from regulate.system.paths import starter_pack
from tests.clocks import FakeClock


@pytest.fixture
def without_posix_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    for owner, name in ((os, "getuid"), (os, "O_NOFOLLOW"), (mmap, "MADV_DONTNEED"),
                        (mmap, "MAP_PRIVATE"), (signal, "SIGHUP"), (time, "tzset")):  # fmt: skip
        monkeypatch.delattr(owner, name, raising=False)
    monkeypatch.setitem(sys.modules, "fcntl", None)  # type: ignore[arg-type]


class Quiet:
    interactive = True

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.append(text)

    def ask(self) -> str | None:
        return "5"

    def wait(self, seconds: float, takes: object = None) -> str | None:
        self.clock.advance(max(seconds, 0.01))
        return None


def test_history_packs_and_a_session_work_without_posix_extras(
    without_posix_extras: None, tmp_path: Path
) -> None:
    assert not hasattr(os, "getuid") and not hasattr(signal, "SIGHUP")
    library = load_library()  # read from YAML, and kept (the cache written without O_NOFOLLOW)
    again = load_library()  # read back from the cache
    assert [p.id for p in again.packs] == [p.id for p in library.packs] == ["starter"]
    store = History.open(tmp_path / "history.sqlite3")
    clock = FakeClock()
    console = Quiet(clock)
    front = Plain(console, store, starter=library.packs[0], clock=clock)
    exercise = library.packs[0].exercise("feet-on-the-floor")
    assert exercise is not None
    assert front.play(exercise, library.packs[0]) == 0
    assert front.close(timeout=10)
    (session,) = store.sessions()
    assert (session.outcome, session.before_rating, session.after_rating) == ("completed", 5, 5)


def test_a_long_recording_streams_without_madvise_or_private_maps(
    without_posix_extras: None, tmp_path: Path
) -> None:
    from regulate.audio.recordings import stream
    from regulate.audio.sounding import Streamed
    from tests.helpers import make_wav

    class Handle:
        def is_playing(self) -> bool:
            return True

        def stop(self) -> None:
            pass

    class Backend:
        def play_buffer(self, *args: object) -> Handle:
            return Handle()

    voice = make_wav(tmp_path / "voice.wav", seconds=3, rate=22050)
    streamed = Streamed(Backend(), stream(voice), 1.0)
    assert streamed.written > 0 and len(streamed.samples) == 3 * 22050 * 2
    streamed.stop()


async def test_the_app_starts_and_leaves_without_sighup(
    without_posix_extras: None, tmp_path: Path
) -> None:
    from regulate.tui import screens
    from tests.tui_helpers import make_app

    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
    assert starter_pack().is_dir()


def _without_posix(*args: str) -> subprocess.CompletedProcess[str]:
    tests = Path(__file__).resolve().parent
    return subprocess.run(
        [sys.executable, str(tests / "without_posix.py"), "-q", "-n", "0", "-p",
         "no:cacheprovider", *args],
        capture_output=True, text=True, cwd=tests.parent, timeout=600,
    )  # fmt: skip


@pytest.mark.slow  # a test run of its own
def test_the_whole_suite_collects_without_posix_extras() -> None:
    """On Windows not one test could be collected while the shared helpers called time.tzset or
    imported fcntl at import, or a test named SIGHUP as it was collected."""
    run = _without_posix("--collect-only", "tests")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " error" not in run.stdout.splitlines()[-1]
    assert int(run.stdout.splitlines()[-1].split()[0]) > 800  # the tests, all of them


@pytest.mark.slow  # a test run of its own
def test_platform_neutral_tests_pass_without_posix_extras() -> None:
    """Sessions through both front ends, the kept library of packs, the timeline, and the
    player on miniaudio, with what Windows lacks taken away."""
    run = _without_posix(
        "-m", "not terminal and not sound and not snapshot", "tests/test_session_script.py",
        "tests/test_pack_cache.py", "tests/test_timeline.py", "tests/test_miniaudio_internals.py",
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1] and "failed" not in run.stdout
