"""Input that answers nothing, from a pipe or a file (`yes | regulate play --plain`), is not
asked the same question forever: after three lines in a row that do not answer it, plain mode
says so and goes on as at the end of input. A person at a terminal is asked again, however
often."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.domain.model import RatingScale
from regulate.plain.prompts import NOT_UNDERSTOOD, Prompting
from regulate.plain.questions import ask_rating, choose, pick
from regulate.system.paths import starter_pack
from tests.helpers import fuzz_examples
from tests.helpers import regulate as run

GAVE_UP = (
    "The last 3 lines did not answer this question, so regulate stops asking here, as it does "
    "when the input ends."
)
YES = "y\n" * 5000  # what `yes` sends, as much of it as a test needs


class Piped:
    """Lines from a pipe: no one is typing them."""

    interactive = False

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.out: list[str] = []
        self.ended = False

    def write(self, text: str) -> None:
        self.out.append(text)

    def ask(self) -> str | None:
        if self.ended or not self.lines:
            self.ended = True
            return None
        return self.lines.pop(0)

    def wait(self, seconds: float, takes: object = None) -> str | None:
        return None

    def end(self) -> None:
        self.ended = True


class Typed(Piped):
    interactive = True


def test_yes_into_the_starter_list_ends_kindly_after_three() -> None:
    result = run("--plain", stdin=YES)
    assert result.returncode == 0
    out = result.stdout.splitlines()
    assert out.count("Please type a number from 1 to 8, or q to leave.") == NOT_UNDERSTOOD
    assert out[-2:] == [GAVE_UP, "No exercise chosen. That is fine."]  # as at the end of input


def test_yes_into_an_exercise_goes_on_as_at_the_end_of_input() -> None:
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    ended = run("play", "--plain", "--speed", "100", exercise, stdin="")
    answered_nothing = run("play", "--plain", "--speed", "100", exercise, stdin=YES)
    assert answered_nothing.returncode == ended.returncode == 0
    said = answered_nothing.stdout.splitlines()
    assert said.count("'y' is not a number from 0 to 10.") == NOT_UNDERSTOOD
    assert said.count(GAVE_UP) == 1
    # from there, word for word what the end of input says: nothing is played to no one
    after = said[said.index(GAVE_UP) + 1 :]
    assert after == ended.stdout.splitlines()[-len(after) :]
    assert after[-1] == "Nothing was started."
    assert run("history", "--include-previews").stdout.strip() == "No sessions yet."


def test_help_over_and_over_from_a_pipe_is_not_an_answer_either() -> None:
    console = Prompting(Piped(["?"] * 100))
    assert pick(console, 3, "Which?", "Which?") is None
    assert console.console.out.count(GAVE_UP) == 1  # type: ignore[attr-defined]
    assert len(console.console.lines) == 100 - NOT_UNDERSTOOD  # type: ignore[attr-defined]


def test_a_person_at_a_terminal_is_asked_again_however_often() -> None:
    console = Typed(["y"] * 20 + ["2"])
    assert choose(console, ["One", "Two", "Three"]) == 1
    assert GAVE_UP not in console.out
    assert ask_rating(Typed(["nope"] * 20 + ["7"]), RatingScale(), "before") == 7


# one line each: a line break inside would send an Enter too, which is an answer (it skips the
# rating and starts the exercise)
not_an_answer = st.text(st.characters(exclude_characters="\n\r"), max_size=12).filter(
    lambda t: t.strip() != "" and not t.strip().isdigit()
    and t.strip().lower() not in ("q", "quit", "stop", "back", "s", "support", "m", "sound",
                                  "?", "help")
)  # fmt: skip


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(lines=st.lists(not_an_answer, min_size=NOT_UNDERSTOOD, max_size=20))
def test_from_a_pipe_three_lines_that_answer_nothing_end_each_question(lines: list[str]) -> None:
    piped = Piped([*lines, "1"])
    assert choose(piped, ["One", "Two"], default=1) == 1  # the end of input's answer
    assert piped.out.count(GAVE_UP) == 1 and piped.ended
    assert len(piped.lines) == len(lines) + 1 - NOT_UNDERSTOOD  # the rest left unread
    rating = Piped([*lines, "5"])
    assert ask_rating(rating, RatingScale(), "after") is None
    assert rating.out[-2:] == [GAVE_UP, "Rating skipped."]


def test_input_that_ends_at_a_low_moment_starts_nothing_and_keeps_the_rating() -> None:
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    result = run("play", "--plain", "--speed", "100", exercise, stdin="2\n")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Nothing was started. Your rating is kept."
    assert "That is the end of the exercise." not in result.stdout
    listed = run("history", "--include-previews").stdout
    assert "2 -> -" in listed and "rated, not started" in listed and "finished" not in listed


@settings(max_examples=fuzz_examples(25), deadline=None)
@given(
    rating=st.one_of(st.none(), st.integers(0, 2)),  # none, or a low one: support is asked
    lines=st.lists(not_an_answer, max_size=6),
)
def test_input_that_ends_before_the_exercise_never_plays_it(
    rating: int | None, lines: list[str]
) -> None:
    """Whatever a pipe sends before it ends or stops answering - nothing, a low rating, lines
    that answer nothing - the exercise is not played to no one, nor kept as finished. (A rating
    that starts it is an answer: input that ends after it lets it play, as a listener may.)"""
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    before = run("history", "--include-previews", "--format", "json").stdout
    sent = ([] if rating is None else [str(rating)]) + lines
    result = run(
        "play", "--plain", "--speed", "100", exercise, stdin="".join(f"{x}\n" for x in sent)
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "That is the end of the exercise." not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Nothing was started.")
    after = run("history", "--include-previews", "--format", "json").stdout
    assert '"completed"' not in after.replace(before, "")
