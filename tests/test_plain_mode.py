"""`regulate play --plain` end to end with piped input: in this process, and in a real one where
signals, a terminal or a closed pipe are the point."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from regulate.system.paths import starter_pack
from tests.helpers import Ran
from tests.helpers import regulate as _regulate


def run(*args: str, stdin: str = "") -> Ran:
    return _regulate("play", "--plain", "--no-sound", *args, stdin=stdin)


def _wait_for(child: subprocess.Popen[str], text: str) -> None:
    """Read the child's lines until one holds `text`; fail, never hang, if it doesn't come."""
    assert child.stdout is not None
    lines: queue.Queue[str] = getattr(child, "lines", None) or queue.Queue()
    if not hasattr(child, "lines"):
        child.lines = lines  # type: ignore[attr-defined]
        stream = child.stdout
        threading.Thread(
            target=lambda: (
                [lines.put(line) for line in iter(stream.readline, "")] + [lines.put("")]
            ),
            daemon=True,
        ).start()
    deadline = time.monotonic() + 20
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if text in line:
            return
        if line == "":
            raise AssertionError(f"the output ended before {text!r}")
    raise AssertionError(f"no {text!r} within 20 s")


def _rest(child: subprocess.Popen[str]) -> str:
    """All the child says from here to its end (read by _wait_for's reader)."""
    lines: queue.Queue[str] = child.lines  # type: ignore[attr-defined]
    said = []
    while line := lines.get(timeout=30):
        said.append(line)
    return "".join(said)


def history() -> list[dict]:
    out = _regulate("history", "--format", "json", "--include-previews")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_whole_exercise_one_line_per_phase_change() -> None:
    result = run(
        str(starter_pack() / "sigh-and-settle.yaml"), "--speed", "100", stdin="4\n7\nfelt ok\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == "Sigh and settle"
    assert "Total time: 2:00, in 4 steps. As a preview at 100x speed it takes 0:02." in out
    assert "You can pause or stop at any time." in out
    # the commands are said once, before the exercise starts
    (commands,) = [line for line in out if line.startswith("While it runs, type a letter")]
    assert "p pauses or carries on" in commands and "q stops" in commands
    assert out.index(commands) < out.index("Starting.")
    during = out[out.index("Starting.") : out.index("That is the end of the exercise.") + 1]
    # written for a listener: the words first, no time stamp before them; each breath word
    # short, the count on the first, every fifth and the last breath
    assert not any(re.match(r"^\[\d+:\d\d\]", line) for line in out)
    assert during[1].startswith("If it is comfortable, breathe in through your nose")
    assert during[1].endswith("(20 seconds)")
    breaths = [line for line in during if line.startswith("Breathe")]
    assert breaths[:3] == ["Breathe in, breath 1 of 6", "Breathe out", "Breathe in"]
    assert breaths[-2:] == ["Breathe in, breath 6 of 6", "Breathe out"]
    assert len(breaths) == 12  # six breaths, each in and out: at a preview's speed none is dropped
    assert out[-2:] == ["Before 4, after 7: a little calmer.", "Thank you for taking this time."]
    (session,) = history()
    assert (session["outcome"], session["before_rating"], session["after_rating"], session["note"]) == (
        "completed", 4, 7, "felt ok",
    )  # fmt: skip
    assert session["preview"] is True and session["speed"] == 100
    assert session["pack_id"] == "starter"  # played from its pack


def test_end_of_input_skips_ratings_and_keeps_going_at_check_ins() -> None:
    # Enter skips the rating before and starts it; the input ends while it plays
    result = run(str(starter_pack() / "resonance-breathing.yaml"), "--speed", "100", stdin="\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Rating skipped.") == 2
    assert "You are half way. Would you like to keep going?" in result.stdout
    assert "That is the end of the exercise." in result.stdout
    assert history()[0]["outcome"] == "completed"


def test_check_in_answers_are_read_from_input() -> None:
    result = run(str(starter_pack() / "resonance-breathing.yaml"), "--speed", "100", stdin="\n3\n")
    assert result.returncode == 0
    assert "You stopped here. Your session is kept." in result.stdout
    (session,) = history()
    assert (session["outcome"], session["stopped_at_step"]) == ("stopped", 3)


def test_a_bad_rating_is_asked_again_politely() -> None:
    result = run(
        str(starter_pack() / "feet-on-the-floor.yaml"), "--speed", "100", stdin="eleven\n5\n\n\n"
    )
    assert "'eleven' is not a number from 0 to 10." in result.stdout
    assert history()[0]["before_rating"] == 5


def test_low_rating_shows_support_and_can_switch_to_settle() -> None:
    result = run(
        str(starter_pack() / "longer-out-breath.yaml"), "--speed", "100", stdin="1\n\n\n\n"
    )
    assert "regulate is not an emergency service" in " ".join(result.stdout.split())
    # before breath work the gentler exercise comes first, and Enter alone chooses it
    assert "  1: Notice the room instead" in result.stdout
    assert "  2: Continue with this exercise" in result.stdout
    assert "(Enter alone: notice the room instead)" in result.stdout
    settled, low = history()
    assert settled["exercise_id"] == "notice-the-room" and settled["before_rating"] == 1
    assert (low["exercise_id"], low["outcome"], low["choices"]) == (
        "longer-out-breath", "not_started", ["settle"],
    )  # fmt: skip
    assert settled["follows"] == low["id"]


def test_a_pack_folder_asks_which_exercise(tmp_path: Path) -> None:
    result = run(str(starter_pack()), "--speed", "100", stdin="3\n\n\n\n")
    assert "  3: Feet on the floor  (grounding, 1:30)" in result.stdout
    assert history()[0]["exercise_title"] == "Feet on the floor"


def test_a_lone_exercise_file_is_recorded_under_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "title: Mine\nkind: grounding\nrating: false\nsteps:\n  - prompt: Look around.\n    for: 2\n"
    )
    result = run(str(path), "--speed", "2", stdin="\n")
    assert result.returncode == 0 and "Look around. (2 seconds)" in result.stdout
    (session,) = history()
    assert session["pack_id"] == "mine.yaml" and session["pack_name"] == "mine.yaml"


def test_a_broken_exercise_is_refused_with_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("title: Broken\nkind: grounding\nsteps:\n  - prompt: Look.\n    for: soon\n")
    result = run(str(path))
    assert result.returncode == 1
    assert f"{path}:5:10: error: 'for' must be a duration" in result.stderr
    assert "This can't be played until these problems are fixed." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # seconds of its own: a real process, played for a second before ctrl+c
def test_ctrl_c_stops_and_keeps_the_session_as_stopped() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound",
         str(starter_pack() / "notice-the-room.yaml")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("3\n")
    child.stdin.flush()
    _wait_for(child, "Settle in")
    time.sleep(1.2)
    child.send_signal(signal.SIGINT)
    child.stdin.write("1\n2\n\n")  # the after-rating chosen on stopping, then no note
    child.stdin.close()
    rest = _rest(child)
    errors = child.stderr.read()
    assert child.wait(timeout=20) == 130, rest + errors  # what it said, should this ever fail
    assert "You stopped here. Your session is kept." in rest
    assert "Traceback" not in errors
    (session,) = history()
    assert (session["outcome"], session["before_rating"], session["after_rating"]) == (
        "stopped",
        3,
        2,
    )
    assert 1.0 <= session["played_seconds"] <= 3.0


def test_sigterm_stops_and_keeps_the_session() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound",
         str(starter_pack() / "notice-the-room.yaml")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ},
    )  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("5\n")
    child.stdin.flush()
    _wait_for(child, "Settle in")
    child.send_signal(signal.SIGTERM)
    child.stdin.close()
    _rest(child)
    child.wait(timeout=20)
    (session,) = history()
    assert (session["outcome"], session["before_rating"]) == ("stopped", 5)


def test_sigterm_and_sighup_leave_at_once_with_stdin_open_and_silent() -> None:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        child = subprocess.Popen(
            [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound",
             str(starter_pack() / "notice-the-room.yaml")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("5\n")
        child.stdin.flush()  # and nothing more: stdin stays open and silent
        _wait_for(child, "Settle in")
        sent = time.monotonic()
        child.send_signal(signum)
        code = child.wait(timeout=10)
        assert time.monotonic() - sent < 3.0
        assert code == 128 + signum
        child.stdin.close()
    sessions = history()
    assert [(s["outcome"], s["before_rating"]) for s in sessions] == [("stopped", 5)] * 2


def _pty_child(*args: str) -> tuple[subprocess.Popen[str], int]:
    """regulate with its standard input on a terminal, as a screen-reader user has it."""
    import pty

    controller, terminal = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound", *args],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    os.close(terminal)
    return child, controller


def test_at_a_terminal_every_command_acts_while_the_exercise_runs() -> None:
    child, keys = _pty_child(str(starter_pack() / "notice-the-room.yaml"))
    try:
        _wait_for(child, "Type a whole number from 0 to 10")  # the question, shown whole
        os.write(keys, b"5\n")
        _wait_for(child, "Settle in")
        os.write(keys, b"p\n")
        _wait_for(child, "Paused. Type p (or press Enter) to carry on, or q to stop.")
        os.write(keys, b"\n")
        _wait_for(child, "Carrying on.")
        os.write(keys, b"o\n")
        _wait_for(child, "Take as long as you like; the exercise waits.")
        os.write(keys, b"\n")  # Enter goes back from the look-around
        _wait_for(child, "Carrying on.")
        os.write(keys, b"n\n")  # and moves on a step
        _wait_for(child, "Let your eyes move slowly around the room, and let your head turn")
        os.write(keys, b"s\n")
        _wait_for(child, "The exercise waits.")
        os.write(keys, b"\n")
        _wait_for(child, "Carrying on.")
        os.write(keys, b"q\n")
        _wait_for(child, "You stopped here.")
        _wait_for(child, "Before you go, you might open your eyes and look slowly around")
        _wait_for(child, "2: Finish here")
        _wait_for(child, "Type a number and press Enter")  # the question itself, then typed
        os.write(keys, b"1\n")  # say how calm they feel (the settle exercise is this one)
        _wait_for(child, "How calm do you feel right now? (after the exercise)")
        _wait_for(child, "Type a whole number from 0 to 10")
        os.write(keys, b"7\n")
        _wait_for(child, "A short note for yourself")
        os.write(keys, b"\n")
        assert child.wait(timeout=20) == 0
    finally:
        os.close(keys)
        child.kill()
    (session,) = history()
    assert (session["outcome"], session["before_rating"], session["after_rating"]) == (
        "stopped", 5, 7,
    )  # fmt: skip
    assert session["steps_skipped"] == 1


def test_a_note_with_an_invalid_byte_keeps_the_after_rating() -> None:
    child = subprocess.run(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound", "--speed", "100",
         str(starter_pack() / "feet-on-the-floor.yaml")],
        input=b"4\n6\ncaf\xe9 ok\n", capture_output=True, timeout=60,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    (session,) = history()
    assert (session["before_rating"], session["after_rating"]) == (4, 6)
    assert session["note"] == "caf\ufffd ok"


def test_a_low_moment_that_did_not_worsen_gets_words_for_a_low_moment() -> None:
    result = run(
        str(starter_pack() / "sigh-and-settle.yaml"), "--speed", "100", stdin="3\n2\n\n1\n"
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Before 3, after 2: about the same." in out
    assert "It sounds like a hard moment right now" in out and "stirs things up" not in out


# ------------------------------------------------------------ the library, for a listener


def _therapist_pack(folder: Path) -> Path:
    import datetime as dt

    today = dt.date.today()
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "name: Week 1\nid: week1\nauthor: Dr. Rivera\n"
        "message: Try one of these each day, whichever feels right.\n"
        f"homework:\n  times: 1\n  per: day\n  from: {today - dt.timedelta(days=3)}\n"
        f"  until: {today + dt.timedelta(days=3)}\n"
        "support: Put your feet on the floor, and use the plan we made.\n",
        encoding="utf-8",
    )
    (folder / "look.yaml").write_text(
        "title: Look around\nkind: grounding\nsteps:\n  - prompt: Look around the room.\n"
        "    for: 2\n", encoding="utf-8",
    )  # fmt: skip
    return folder


def test_plain_mode_opens_on_the_packs_a_person_has(tmp_path: Path) -> None:
    """`regulate --plain`: the therapist's pack first, then the starter pack; the chosen pack
    read out with its message and this week's homework, then its exercises."""
    added = _regulate("pack", "add", str(_therapist_pack(tmp_path / "week1")))
    assert added.returncode == 0, added.stderr
    result = _regulate("--plain", "--no-sound", stdin="1\n1\n3\n\n\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[:3] == ["Your packs:", "  1: Week 1", "  2: Starter pack"]
    assert "Week 1 - from Dr. Rivera" in out
    assert "Try one of these each day, whichever feels right." in out
    assert any(line.startswith("Homework: once a day") for line in out)
    assert "  1: Look around  (grounding, 0:02)" in out
    (session,) = history()
    assert (session["pack_id"], session["before_rating"]) == ("week1", 3)
    # the starter pack, as every other person first sees it
    result = _regulate("--plain", "--no-sound", stdin="2\n3\n\nq\n\n\n")
    assert "Starter pack - from regulate" in result.stdout
    assert history()[0]["exercise_id"] == "feet-on-the-floor"


def test_a_pack_is_reached_by_its_id(tmp_path: Path) -> None:
    _regulate("pack", "add", str(_therapist_pack(tmp_path / "week1")))
    result = run("week1", "--speed", "100", stdin="1\n\n\n\n")
    assert "Try one of these each day, whichever feels right." in result.stdout
    assert history()[0]["pack_id"] == "week1"
    result = run("starter", "--speed", "100", stdin="3\n\n\n\n")
    assert "  3: Feet on the floor  (grounding, 1:30)" in result.stdout
    assert history()[0]["exercise_id"] == "feet-on-the-floor"
    result = run("no-such-pack")
    assert result.returncode == 2 and "no pack with that id" in result.stderr


def test_a_mistyped_choice_is_asked_again(tmp_path: Path) -> None:
    # two in a row from a pipe (a third would end the input: test_plain_not_understood.py)
    result = run(str(starter_pack()), "--speed", "100", stdin="abc\n99\n3\n\n\n\n")
    assert result.stdout.count("Please type a number from 1 to 8, or q to leave.") == 2
    assert history()[0]["exercise_title"] == "Feet on the floor"
    left = run(str(starter_pack()), stdin="abc\nq\n")
    assert left.returncode == 0 and "No exercise chosen. That is fine." in left.stdout


def test_a_low_rating_then_stop_here_is_kept_as_rated_not_started() -> None:
    result = run(str(starter_pack() / "feet-on-the-floor.yaml"), stdin="1\n3\n")
    assert result.returncode == 0
    assert "Nothing was started. Your rating is kept." in result.stdout
    (session,) = history()
    assert (session["outcome"], session["before_rating"]) == ("not_started", 1)
    table = _regulate("history").stdout
    assert "rated, not started" in table


def test_commands_arriving_through_a_pipe_act_while_the_exercise_runs() -> None:
    """q piped in after the before-rating stops the exercise at once; the lines after it
    answer the questions that follow (the after-rating, the note)."""
    started = time.monotonic()
    result = run(str(starter_pack() / "longer-out-breath.yaml"), stdin="5\nq\n2\n3\nheavy day\n")
    assert time.monotonic() - started < 20  # not the exercise's three minutes
    assert "You stopped here. Your session is kept." in result.stdout
    (session,) = history()
    assert (session["outcome"], session["before_rating"], session["after_rating"],
            session["note"]) == ("stopped", 5, 3, "heavy day")  # fmt: skip


def test_sound_options_on_a_first_start_answer_the_sound_question() -> None:
    """`--no-sound` (or `--sound`) the first time is the person's answer: kept, never asked."""
    from regulate import settings

    assert settings.load().sound is None
    run(str(starter_pack()), stdin="q\n")  # run() passes --no-sound
    assert settings.load().sound is False
    result = subprocess.run(
        [sys.executable, "-m", "regulate", "play", "--plain", "--sound", str(starter_pack())],
        input="q\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0
    assert settings.load().sound is False  # a later --sound is for that run only


# ------------------------------------------------------------ a home, not a one-off run


def test_a_piped_person_does_two_exercises_reaches_support_and_backs_out_of_a_rating() -> None:
    """After each session plain mode goes back to the list it came from (the summary and the
    thanks said first), until the input ends; s, ? and m work at the list and at the rating,
    and q at the before-rating goes back to the list with nothing kept."""
    typed = [
        "s", "?",  # at the list: the support text, then the keys that work here
        "3", "m", "q",  # Feet on the floor: m at the rating, then q - back to the list
        "6", "4", "6", "",  # Sigh and settle: rated 4 -> 6, no note
        "3", "5", "help", "7", "",  # Feet on the floor: 5 -> 7
    ]  # fmt: skip
    result = run("starter", "--speed", "100", stdin="\n".join(typed) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    listed = "Type the number of an exercise and press Enter (q leaves)."
    assert (
        "regulate is not an emergency service. If you are in danger, contact your local emergency number."
        in out
    )
    assert out.index(
        "regulate is not an emergency service. If you are in danger, contact your local emergency number."
    ) < out.index("Feet on the floor")
    (keys,) = [line for line in out if line.startswith(f"{listed} At any question:")]
    assert "s shows your support text, m turns sound on or off" in keys
    assert "Nothing was started." in out and "is not a number" not in result.stdout
    assert out.count("Thank you for taking this time.") == 2
    assert out.count("Back to the exercises of Starter pack.") == 3
    # each session's summary, then the thanks, then the list again
    after = out.index("Before 4, after 6: a little calmer.")
    assert out[after + 1 : after + 3] == [
        "Thank you for taking this time.",
        "Back to the exercises of Starter pack.",
    ]
    breaths = [line for line in out if line.startswith("Breathe")]
    assert breaths[0] == "Breathe in, breath 1 of 6"
    sessions = history()
    assert [(s["exercise_id"], s["before_rating"], s["after_rating"]) for s in sessions] == [
        ("feet-on-the-floor", 5, 7),
        ("sigh-and-settle", 4, 6),
    ]  # fmt: skip - newest first; the rating backed out of is not there


def test_back_at_the_after_rating_ends_there_and_keeps_the_session() -> None:
    # (from a pipe, q while the exercise runs is a stop: 'back' is the word for a question)
    result = run(
        str(starter_pack() / "feet-on-the-floor.yaml"), "--speed", "100", stdin="5\nback\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Your session is kept." in result.stdout.splitlines()
    assert "A short note" not in result.stdout  # nothing more is asked
    (session,) = history()
    assert (session["outcome"], session["before_rating"], session["after_rating"]) == (
        "completed", 5, None,
    )  # fmt: skip


def test_the_packs_list_takes_support_and_q_there_goes_back_to_the_packs(tmp_path: Path) -> None:
    added = _regulate("pack", "add", str(_therapist_pack(tmp_path / "week1")))
    assert added.returncode == 0, added.stderr
    result = _regulate("--plain", "--no-sound", stdin="s\n1\nq\n2\nq\nq\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    # s at the packs: the therapist's words, as the app opens on their pack
    assert out[3:5] == [
        "Type the number of a pack and press Enter (q leaves).",
        "Put your feet on the floor, and use the plan we made.",
    ]
    assert out.count("Your packs:") == 3  # q at a pack's list: back to the packs, each time
    assert "Type the number of an exercise and press Enter (q goes back to your packs)." in out
    assert "Starter pack - from regulate" in out
    assert "No exercise chosen. That is fine." in out
    assert history() == []


def test_at_a_terminal_m_after_the_support_text_is_sound_not_carry_on() -> None:
    child, keys = _pty_child(str(starter_pack() / "notice-the-room.yaml"))
    try:
        _wait_for(child, "Type a whole number from 0 to 10")
        os.write(keys, b"5\n")
        _wait_for(child, "Settle in")
        os.write(keys, b"s\n")
        _wait_for(child, "The exercise waits.")
        os.write(keys, b"m\n")
        _wait_for(child, "Sound is off for now")  # no sound device here: said, and it waits
        os.write(keys, b"?\n")
        _wait_for(child, "Press Enter to carry on, or type q to stop. At any question:")
        os.write(keys, b"\n")
        _wait_for(child, "Carrying on.")
        os.write(keys, b"q\n")
        _wait_for(child, "You stopped here.")
        _wait_for(child, "2: Finish here")
        _wait_for(child, "Type a number and press Enter")  # the question itself, then typed
        os.write(keys, b"1\n")  # say how calm they feel
        _wait_for(child, "Type a whole number from 0 to 10")  # typed once it is asked
        os.write(keys, b"\n")
        _wait_for(child, "A short note for yourself")
        os.write(keys, b"\n")
        assert child.wait(timeout=20) == 0
    finally:
        os.close(keys)
        child.kill()
    (session,) = history()
    assert session["outcome"] == "stopped"


def test_ctrl_c_at_the_after_rating_says_the_session_is_kept() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound", "--speed", "100",
         str(starter_pack() / "feet-on-the-floor.yaml")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdin is not None
    child.stdin.write("4\n")
    child.stdin.flush()
    _wait_for(child, "(after the exercise)")
    child.send_signal(signal.SIGINT)
    rest = _rest(child)
    assert child.wait(timeout=20) == 130
    assert "Leaving now. Your session is kept." in rest
    assert history()[0]["outcome"] == "completed"
