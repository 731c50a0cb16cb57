"""regulate in a real terminal (tmux), the way a person meets it: keys typed, the screen read,
signals sent, and the terminal's modes checked after it exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regulate.paths import starter_pack
from tests.terminal_helpers import Terminal

pytestmark = pytest.mark.terminal


def _history() -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "regulate", "history", "--format", "json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout)


def _into_exercise(term: Terminal) -> None:
    term.wait_for("Total time: 2:00, in 8 steps.")
    term.keys("Enter")
    term.wait_for("How calm do you feel right now?")
    term.keys("3", "Enter")
    term.wait_for("left in this step")


def _wait_dead(term: Terminal) -> None:
    deadline = time.monotonic() + 10
    while not term.dead() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert term.dead()


# SIGHUP by name when the tests are collected on a system without it (Windows)
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_signals_keep_the_session_and_restore_the_terminal(terminal, sig) -> None:
    term = terminal("play", "--no-sound", str(starter_pack() / "notice-the-room.yaml"))
    _into_exercise(term)
    time.sleep(1.0)
    os.kill(term.pid(), getattr(signal, sig))
    _wait_dead(term)
    assert term.modes() == {"alternate": "0", "cursor": "1", "mouse": "0", "mouse_sgr": "0"}
    (session,) = _history()
    assert (session["outcome"], session["before_rating"]) == ("stopped", 3)
    assert session["played_seconds"] >= 0.9


@pytest.mark.parametrize("key", ["C-c", "C-q"])
def test_quit_keys_inside_an_exercise(terminal, key: str) -> None:
    term = terminal("play", "--no-sound", str(starter_pack() / "notice-the-room.yaml"))
    _into_exercise(term)
    term.keys(key)
    _wait_dead(term)
    assert term.modes()["alternate"] == "0" and term.modes()["mouse"] == "0"
    assert _history()[0]["outcome"] == "stopped"


def test_nothing_of_the_exercise_is_left_in_scrollback(terminal) -> None:
    term = terminal("play", "--no-sound", str(starter_pack() / "notice-the-room.yaml"))
    _into_exercise(term)
    term.keys("C-q")
    _wait_dead(term)
    history = term.tmux("capture-pane", "-p", "-S", "-1000", "-t", term.name)
    assert "Settle in whatever way suits you" not in history


def test_a_small_window_asks_for_more_room_and_keeps_time(terminal) -> None:
    term = terminal("play", "--no-sound", str(starter_pack() / "notice-the-room.yaml"))
    _into_exercise(term)
    term.tmux("resize-window", "-t", term.name, "-x", "40", "-y", "10")
    shown = term.wait_for("Please make the window a bit larger.")
    assert len([line for line in shown.splitlines() if line.strip()]) == 1
    time.sleep(2)
    term.tmux("resize-window", "-t", term.name, "-x", "100", "-y", "30")
    shown = term.wait_for("left in this step")
    left = next(line for line in shown.splitlines() if line.rstrip().endswith(" left"))
    assert "1:5" in left  # about 3 s have passed of 2:00; the clock kept going


def test_escape_stops_within_a_second(terminal) -> None:
    term = terminal("play", "--no-sound", str(starter_pack() / "notice-the-room.yaml"))
    _into_exercise(term)
    start = time.monotonic()
    term.keys("Escape")
    term.wait_for("You stopped here. Your session is kept.", seconds=1.0)
    assert time.monotonic() - start < 1.0


def test_closing_the_terminal_keeps_the_session_and_leaves_no_process(terminal) -> None:
    term = terminal("play", "--no-sound", str(starter_pack() / "notice-the-room.yaml"))
    _into_exercise(term)
    pid = term.pid()
    term.tmux("kill-server")  # the whole terminal window goes away
    deadline = time.monotonic() + 8
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists(), "regulate kept running after its terminal closed"
    (session,) = _history()
    assert (session["outcome"], session["before_rating"]) == ("stopped", 3)
