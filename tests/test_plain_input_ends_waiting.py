"""Input that ends (or holds only answers for later questions) while plain mode waits in the
middle of an exercise never leaves it waiting for ever. Paused, no one can carry it on: it ends
as stopped, said kindly, kept with its ratings. In a look-around the end of input goes back to
the exercise (a listener may let it play), and lines that do nothing there (`yes`) end the
input after a few, as at a question. Each run is a real process with a bound: a hang fails."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.system.paths import starter_pack
from tests.helpers import fuzz_examples, regulate, regulate_process

EXERCISE = str(starter_pack() / "feet-on-the-floor.yaml")
ENDED_PAUSED = (
    "The input ended while the exercise was paused, so it ends here. Your session is kept."
)
GAVE_UP = (
    "The last 3 lines did not answer this question, so regulate stops asking here, as it does "
    "when the input ends."
)


def play(stdin: str, home: Path | None = None) -> tuple[int, list[str]]:
    """The exercise played with `stdin` in a real process that must end within 30 s."""
    ran = regulate_process(
        "play", "--plain", "--no-sound", "--speed", "100", EXERCISE, stdin=stdin, timeout=30,
        home=home,
    )  # fmt: skip
    assert "Traceback" not in ran.stderr, ran.stderr
    return ran.returncode, ran.stdout.splitlines()


def sessions(home: Path | None = None) -> list[dict]:
    listed = regulate("history", "--format", "json", "--include-previews", home=home)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


@pytest.mark.parametrize("rest", ["", "not a command\n"])  # ended, or only a later answer left
def test_paused_when_the_input_ends_stops_kindly_and_keeps_the_rating(rest: str) -> None:
    code, said = play("7\np\n" + rest)
    assert code == 0  # as every other end of input
    ended = [line for line in said if line.startswith(ENDED_PAUSED)]
    assert len(ended) == 1 and ended[0].endswith("of 1:30)")  # where it ended, once
    assert "You stopped here. Your session is kept." not in said  # they did not stop it
    assert "That is the end of the exercise." not in said
    (session,) = sessions()
    assert (session["outcome"], session["before_rating"]) == ("stopped", 7)


def test_enter_from_a_pipe_carries_a_pause_on() -> None:
    """ "Type p (or press Enter) to carry on" holds from a pipe too: Enter is not set aside."""
    code, said = play("7\np\n\n")
    assert code == 0 and "Carrying on." in said and "That is the end of the exercise." in said
    assert [s["outcome"] for s in sessions()] == ["completed"]


def test_a_look_around_when_the_input_ends_goes_back_and_ends() -> None:
    code, said = play("7\no\n")
    assert code == 0
    assert said[said.index("Carrying on.") - 1].startswith("Let your eyes move slowly around")
    assert "That is the end of the exercise." in said
    (session,) = sessions()
    assert (session["outcome"], session["before_rating"]) == ("completed", 7)


def test_lines_that_do_nothing_in_a_look_around_end_the_input_after_three() -> None:
    code, said = play("7\no\n" + "y\n" * 2000)  # what `yes` sends, as much as it takes
    assert code == 0
    assert said.count(GAVE_UP) == 1
    assert said.count("'y' is not a command here. p pause, n next, o look around, h skip "
                      "holds, s support, m sound, q stop.") == 2  # fmt: skip
    assert said[said.index(GAVE_UP) + 1] == "Carrying on."
    (session,) = sessions()
    assert (session["outcome"], session["before_rating"]) == ("completed", 7)


one_line = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), max_size=10
)


@settings(max_examples=fuzz_examples(8), deadline=None)
@given(lines=st.lists(one_line, max_size=4))
def test_whatever_a_pipe_sends_after_a_pause_it_ends(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:  # a home of its own for each example
        code, said = play("7\np\n" + "".join(f"{line}\n" for line in lines), Path(folder))
        (session,) = sessions(Path(folder))
    assert code == 0
    assert session["before_rating"] == 7 and session["outcome"] in ("stopped", "completed")
    if session["outcome"] == "stopped":  # never stopped without a word
        assert any(line.startswith((ENDED_PAUSED, "You stopped here.")) for line in said)
