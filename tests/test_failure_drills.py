"""The failure drills: kills, signals on every screen, two windows at once, a broken history.
Each one keeps every rating already given, and leaves the terminal as it found it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from regulate.system.paths import data_dir, starter_pack
from tests.helpers import regulate
from tests.terminal_helpers import Terminal

pytestmark = pytest.mark.terminal  # regulate in tmux, and processes of their own

NOTICE = str(starter_pack() / "notice-the-room.yaml")
FEET = str(starter_pack() / "feet-on-the-floor.yaml")


def _history(*extra: str) -> list[dict]:
    out = regulate("history", "--format", "json", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _wait_exit(term: Terminal, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not term.dead():
        assert time.monotonic() < deadline, term.screen()
        time.sleep(0.1)


def _restored(term: Terminal) -> None:
    assert term.modes() == {"alternate": "0", "cursor": "1", "mouse": "0", "mouse_sgr": "0"}


def test_sigkill_at_a_random_moment_leaves_an_interrupted_session(terminal) -> None:
    term = terminal("play", "--no-sound", NOTICE)
    term.wait_for("Total time: 2:00")
    term.keys("Enter")
    term.wait_for("How calm do you feel right now?")
    term.keys("6", "Enter")
    term.wait_for("left in this step")
    time.sleep(random.Random().uniform(0.5, 3.0))
    os.kill(term.pid(), signal.SIGKILL)
    _wait_exit(term)
    (session,) = _history()
    assert (session["outcome"], session["before_rating"]) == ("interrupted", 6)
    # and the next start shows it, in the history screen
    again = terminal("--no-sound")
    again.wait_for("Starter pack")
    again.keys("h")
    again.wait_for("interrupted")


# each screen, and how to get there from `regulate play NOTICE`
SCREENS = {
    "preview": [],
    "rating": ["Enter"],
    "player": ["Enter", "4", "Enter"],
    "stopped": ["Enter", "4", "Enter", "Escape"],
    "note": ["Enter", "4", "Enter", "Escape", "Enter", "7", "Enter"],
}
MARKS = {
    "preview": "Total time: 2:00",
    "rating": "How calm do you feel right now?",
    "player": "left in this step",
    "stopped": "You stopped here. Your session is kept.",
    "note": "A short note for yourself",
}


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "ctrl+c"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_signals_and_ctrl_c_on_each_screen(terminal, screen: str, how: str) -> None:
    term = terminal("play", "--no-sound", NOTICE)
    term.wait_for("Total time: 2:00")
    for key in SCREENS[screen]:
        term.keys(key)
        time.sleep(0.2)
    term.wait_for(MARKS[screen])
    if how == "ctrl+c":
        term.keys("C-c")
    else:
        os.kill(term.pid(), getattr(signal, how))
    _wait_exit(term)
    _restored(term)
    sessions = _history()
    if screen in ("preview", "rating"):
        assert sessions == []  # nothing had started: nothing to keep
    else:
        (session,) = sessions
        assert (session["outcome"], session["before_rating"]) == ("stopped", 4)
        if screen == "note":
            assert session["after_rating"] == 7  # kept the moment it was given


def test_signal_on_the_home_and_history_screens(terminal) -> None:
    for keys, mark in (([], "Starter pack"), (["h"], "Your sessions")):
        term = terminal("--no-sound")
        term.wait_for("Starter pack")
        term.keys(*keys)
        term.wait_for(mark)
        os.kill(term.pid(), signal.SIGTERM)
        _wait_exit(term)
        _restored(term)


def test_two_windows_recording_at_once_keep_every_rating() -> None:
    def player(before: str, after: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound", "--speed", "30", FEET],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    ratings = ((4, 9), (5, 8), (6, 7))  # above the low threshold: no support step in between
    children = [player(str(b), str(a)) for b, a in ratings]
    outputs = [c.communicate(input=f"{b}\n{a}\nnote {b}\n", timeout=60) for c, (b, a) in
               zip(children, ratings, strict=True)]  # fmt: skip
    assert [c.returncode for c in children] == [0, 0, 0], outputs
    sessions = _history("--include-previews")
    got = sorted((s["before_rating"], s["after_rating"], s["note"], s["outcome"]) for s in sessions)
    assert got == [(4, 9, "note 4", "completed"), (5, 8, "note 5", "completed"),
                   (6, 7, "note 6", "completed")]  # fmt: skip


def test_a_corrupt_history_is_set_aside_said_once_and_the_app_still_starts(terminal) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "history.sqlite3").write_bytes(b"\x00garbage" * 1000)
    first = subprocess.run(
        [sys.executable, "-m", "regulate", "history"], capture_output=True, text=True
    )
    assert first.returncode == 0 and first.stdout.strip() == "No sessions yet."
    assert first.stderr.startswith("Your history file could not be read, so it was kept as")
    second = subprocess.run(
        [sys.executable, "-m", "regulate", "history"], capture_output=True, text=True
    )
    assert second.stderr == ""
    assert len(list(folder.glob("history.unreadable-*.sqlite3"))) == 1
    (folder / "history.sqlite3").write_bytes(b"\x00garbage" * 1000)
    term = terminal("--no-sound")
    term.wait_for("could not be read")  # said on screen, in words
    term.wait_for("Starter pack")
