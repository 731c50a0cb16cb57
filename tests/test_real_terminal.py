"""regulate in a real terminal (tmux), the way a person meets it: keys typed, the screen read,
signals sent, and the terminal's modes checked after it exits."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from regulate.system.paths import starter_pack
from tests.helpers import regulate
from tests.terminal_helpers import Terminal

pytestmark = pytest.mark.terminal


def _history() -> list[dict]:
    out = regulate("history", "--format", "json")  # in this process
    assert out.returncode == 0, out.stderr
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
    # once the screen has closed, one line says the session is kept
    assert "You left regulate during an exercise. Your session is kept, as stopped." in (
        " ".join(term.screen().split())
    )


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
    # its one line (wrapped at 40 columns), saying the exercise goes on, and nothing else
    said = " ".join(line.strip() for line in shown.splitlines() if line.strip())
    assert said == (
        "Please make the window a bit larger. The exercise goes on meanwhile: space pauses "
        "or carries on, esc stops."
    )
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


def _said(term: Terminal) -> str:
    """Everything the terminal has shown, scrollback included, as one line."""
    return " ".join(term.tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", term.name).split())


def _then(term: Terminal, text: str, count: int = 1, seconds: float = 20) -> None:
    """Wait until `text` has been said `count` times in all."""
    deadline = time.monotonic() + seconds
    while _said(term).count(text) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not said {count} times; the screen:\n{term.screen()}")
        time.sleep(0.1)


def test_a_person_typing_in_plain_mode_lives_in_it(terminal) -> None:
    """Typed at a real terminal: support from the list, back out of a before-rating, two
    exercises in one run (breath 1 heard first), back to the list after each."""
    term = terminal("--plain", "--no-sound", "play", "starter", "--speed", "100", height=50)
    listed = "Type the number of an exercise and press Enter (q leaves)."
    _then(term, listed)
    term.keys("s", "Enter")
    _then(term, "regulate is not an emergency service.")
    _then(term, listed, 2)  # the question again, under the support text
    term.keys("3", "Enter")
    _then(term, "(before the exercise)")
    term.keys("q", "Enter")
    _then(term, "Nothing was started. Back to the exercises of Starter pack.")
    _then(term, listed, 3)
    term.keys("6", "Enter")
    _then(term, "(before the exercise)", 2)
    term.keys("4", "Enter")
    _then(term, "(after the exercise)")
    said = _said(term)
    assert said.index("Breathe in, breath 1 of 6") < said.index("Breathe out")
    term.keys("6", "Enter")
    _then(term, "A short note for yourself")
    term.keys("Enter")
    _then(term, "Thank you for taking this time. Back to the exercises of Starter pack.")
    term.keys("3", "Enter")
    _then(term, "(before the exercise)", 3)
    term.keys("5", "Enter")
    _then(term, "(after the exercise)", 2)
    term.keys("7", "Enter")
    _then(term, "A short note for yourself", 2)
    term.keys("Enter")
    _then(term, "Thank you for taking this time.", 2)
    term.keys("q", "Enter")
    _wait_dead(term)
    out = regulate("history", "--format", "json", "--include-previews")
    assert out.returncode == 0, out.stderr
    sessions = json.loads(out.stdout)  # played at 100x: previews, kept apart
    assert [(s["exercise_id"], s["before_rating"], s["after_rating"]) for s in sessions] == [
        ("feet-on-the-floor", 5, 7), ("sigh-and-settle", 4, 6),
    ]  # fmt: skip
