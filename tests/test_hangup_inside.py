"""A closed terminal, from the inside: the session is kept by the signal itself (not once the
event loop gets round to it), a terminal that is gone is never waited on, and leaving twice
costs nothing. The real terminal's side is tests/test_hangup.py."""

from __future__ import annotations

import os
import pty
import signal
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from regulate.core.recorder import Recorder
from regulate.history import History
from regulate.loader import load_pack
from regulate.system.paths import starter_pack
from regulate.tui import hangup
from tests.tui_helpers import advance, make_app, saved


def _hung_up_terminal() -> tuple[object, int]:
    """A pty whose other end has closed, as a closed window leaves it: writes fail (EIO)."""
    master, slave = pty.openpty()
    os.close(master)
    return os.fdopen(slave, "w", encoding="utf-8", closefd=True), slave


def _until(what, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not what():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


def test_output_to_a_hung_up_terminal_is_dropped_not_fatal() -> None:
    file, _ = _hung_up_terminal()
    with pytest.raises(OSError):  # the fault is real: the terminal refuses
        file.write("x" * 10)
        file.flush()
    out = hangup.Output(file)
    assert out.write("frame") == 5
    out.flush()
    assert out.gone and not out.isatty()


def test_the_writer_thread_drains_a_hung_up_terminal_without_end() -> None:
    """Textual's writer (8.2.8: a thread over a 30-slot queue) fed through Output keeps
    taking frames after the terminal has gone: a hundred frames, then its end, never block."""
    from textual.drivers._writer_thread import WriterThread

    file, _ = _hung_up_terminal()
    writer = WriterThread(file=hangup.Output(file))  # type: ignore[arg-type]
    writer.start()
    done = threading.Event()

    def draw() -> None:
        for n in range(100):
            writer.write(f"frame {n}\n")
        writer.stop()
        done.set()

    threading.Thread(target=draw, daemon=True).start()
    assert done.wait(5), "frames for a hung-up terminal blocked the one drawing them"


async def test_the_driver_stops_writing_and_resuming_once_the_terminal_has_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual.drivers.linux_driver import LinuxDriver

    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    monkeypatch.setattr("sys.__stderr__", terminal)  # where Textual's driver writes
    kept = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT)}
    try:
        driver = hangup.driver_class(LinuxDriver)(app=None)  # type: ignore[arg-type]
        resumed: list[bool] = []
        driver.resume_application_mode = lambda: resumed.append(True)  # type: ignore[method-assign]
        assert not hangup.hang_up(driver)  # a SIGHUP sent by hand: the terminal is still there
        driver._sigcont_application()  # after ctrl+z and fg: Textual resumes, as ever
        assert resumed == [True] and not driver.exit_event.is_set()
        os.close(master)  # the window closes
        assert hangup.hang_up(driver)
        driver.write("a frame for nobody")  # Textual's own would queue it, or assert
        driver._sigcont_application()  # the SIGCONT that follows a hang-up
        assert resumed == [True]
        assert driver.exit_event.is_set()  # its input thread ends rather than spin
    finally:
        for signum, handler in kept.items():
            signal.signal(signum, handler)
        terminal.close()


def test_textual_drivers_other_than_posix_are_left_as_they_are() -> None:
    from textual.drivers.headless_driver import HeadlessDriver

    assert hangup.driver_class(HeadlessDriver) is HeadlessDriver


# signals by name: the suite is collected on systems without SIGHUP too (Windows)
@pytest.mark.parametrize(("name", "code"), [("SIGHUP", 129), ("SIGTERM", 143)])
async def test_a_signal_keeps_the_session_before_the_event_loop_runs_again(
    tmp_path: Path, name: str, code: int
) -> None:
    """The loop is held (as a dead terminal's writer queue held it): the session is in the
    history all the same; then the app leaves with the signal's code. In a test no watchdog
    is armed - it would end the test run."""
    signum = getattr(signal, name)
    app, clock, store = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#exercises", OptionList).highlighted = 3
        await pilot.press("enter", "enter", "4", "enter")
        await pilot.pause()
        await advance(app, clock, 20, pilot)
        assert app.playing is not None and not app.playing.over
        os.kill(os.getpid(), signum)
        # from here the event loop does not run until the session is seen in the history
        reader = History(store.path, reading=True)
        try:
            kept = lambda: [s.outcome for s in reader.sessions()] == ["stopped"]  # noqa: E731
            assert _until(kept), "not kept as stopped while the event loop was held"
            (session,) = reader.sessions()
        finally:
            reader.close()
        assert (session.outcome, session.before_rating, session.played_seconds) == (
            "stopped", 4, 20,
        )  # fmt: skip
        await pilot.pause()
        assert app.return_value == code  # what run_app returns: the exit status
    assert _until(lambda: not any(t.name == "regulate-leaving" for t in threading.enumerate()))
    (session,) = saved(app, store)
    assert session.outcome == "stopped"


async def test_ctrl_q_arms_nothing(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not any(t.name == "regulate-leaving" for t in threading.enumerate())


def test_a_session_closed_twice_is_closed_at_once_the_second_time(tmp_path: Path) -> None:
    """A signal while ctrl+q leaves closes each session's writer twice: the second close has
    nothing to wait for (it once waited its whole timeout, on an end the writer never took)."""
    store = History.open(tmp_path / "history.sqlite3")
    pack = load_pack(starter_pack(), "starter").value
    assert pack is not None
    recorder = Recorder(store, pack, pack.exercises[0])
    recorder.start(3, 1.0, 120.0)
    assert recorder.close(timeout=5)
    # nothing is left to wait for: done with no time at all to wait (no clock read, so a
    # loaded machine cannot fail it; the close that waited its whole timeout returned False)
    assert recorder.close(timeout=0) and recorder.close(timeout=0)  # and again: still nothing
    assert not recorder.kept_aside
    assert [s.before_rating for s in store.sessions()] == [3]
    store.close()


def test_plain_a_signal_while_the_session_is_finished_is_noted_not_raised() -> None:
    from regulate.cli.play import _Stopping
    from regulate.plain import Stop

    during = _Stopping()
    with pytest.raises(Stop) as stopped:
        during(signal.SIGHUP, None)
    assert stopped.value.code == 129
    during(signal.SIGHUP, None)  # passed on by the shell: the session is already stopping
    after = _Stopping()
    after.finishing = True  # the history's last writes under way
    after(signal.SIGHUP, None)
    assert after.code == 129  # the exit status still says what ended it


@pytest.mark.slow  # seconds of its own: a real process at a terminal that has gone
def test_plain_output_to_a_terminal_that_has_gone_ends_the_session_kept(tmp_path: Path) -> None:
    """Standard output on a pty whose window has closed (EIO), input still open and no signal:
    the next line written ends the session where it is, kept, with nothing on standard error."""
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {**os.environ, "REGULATE_HOME": str(tmp_path)}
    exercise = str(starter_pack() / "longer-out-breath.yaml")
    child = subprocess.Popen(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound", "--speed", "10",
         exercise],
        stdin=subprocess.PIPE, stdout=slave, stderr=subprocess.PIPE, env=env,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 30
        while b"before the exercise" not in seen and time.monotonic() < deadline:
            seen += os.read(master, 4096)
        assert child.stdin is not None
        child.stdin.write(b"3\n")
        child.stdin.flush()
        while b"Gently in for 4" not in seen and time.monotonic() < deadline:
            seen += os.read(master, 4096)
        assert b"Gently in for 4" in seen
        os.close(master)  # the window closes; the next line plain mode writes fails
        master = -1
        child.wait(timeout=10)
        assert child.stderr is not None and child.stderr.read() == b""
    finally:
        if master >= 0:
            os.close(master)
        if child.poll() is None:
            child.kill()
        child.wait()
    reader = History(tmp_path / "history.sqlite3", reading=True)
    (session,) = reader.sessions(include_previews=True)
    reader.close()
    assert (session.outcome, session.before_rating, session.stopped_at_step) == ("stopped", 3, 2)


STUCK = """
import os, signal, sys, time
from pathlib import Path
from textual.widgets import OptionList
from tests.tui_helpers import advance, make_app

app, clock, store = make_app(Path(sys.argv[1]))
app.leaving.watchdog = True  # as run_app arms it

async def stuck(pilot):
    await pilot.pause()
    app.screen.query_one("#exercises", OptionList).highlighted = 3
    await pilot.press("enter", "enter", "4", "enter")
    await pilot.pause()
    await advance(app, clock, 20, pilot)
    if sys.argv[3] == "busy":  # another program holds the history as the window closes
        import sqlite3
        holder = sqlite3.connect(store.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
    os.write(1, b"playing\\n")  # past any capture of print, on every Python
    os.kill(os.getpid(), int(sys.argv[2]))
    time.sleep(60)  # the event loop held for good, as a dead terminal's writer queue held it

app.run(headless=True, size=(80, 24), auto_pilot=stuck)
print("the app ended by itself", flush=True)
"""


@pytest.mark.slow  # seconds of its own: a real process stuck, ended by its watchdog
@pytest.mark.parametrize(
    ("name", "code", "history"),
    [("SIGHUP", 129, "free"), ("SIGTERM", 143, "free"), ("SIGHUP", 129, "busy")],
)
def test_the_watchdog_ends_a_process_whose_event_loop_is_stuck(
    tmp_path: Path, name: str, code: int, history: str
) -> None:
    """The real program's watchdog: the session kept without the event loop (kept aside
    when another program holds the history), and the process gone within 2 s of the signal,
    with the signal's exit status."""
    signum = getattr(signal, name)
    import subprocess
    import sys

    from tests.helpers import REPO

    child = subprocess.Popen(
        [sys.executable, "-c", STUCK, str(tmp_path), str(int(signum)), history],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "playing\n"
        signalled = time.monotonic()
        assert child.wait(timeout=10) == code
        assert time.monotonic() - signalled < 2.0
        assert child.stdout.read() == ""  # never got as far as ending by itself
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    if history == "busy":
        assert list((tmp_path / "kept-sessions").iterdir())  # aside, for the next start
    reader = History(tmp_path / "history.sqlite3")  # which takes in what was kept aside
    (session,) = reader.sessions()
    reader.close()
    assert (session.outcome, session.before_rating, session.played_seconds) == ("stopped", 4, 20)


async def test_no_exercise_starts_once_leaving_has_begun(tmp_path: Path) -> None:
    """A signal's keeping (on a thread of its own) ran just as the rating was given: the
    exercise never starts, so no session is left begun and never ended in the history."""
    app, _, store = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#exercises", OptionList).highlighted = 3
        await pilot.press("enter", "enter")
        await pilot.pause()
        keeping = threading.Thread(target=app.driver.close, args=(1.0,))
        keeping.start()
        keeping.join()
        await pilot.press("4", "enter")
        await pilot.pause()
        assert app.playing is None or app.playing.status == "ready"
    assert store.sessions() == []
