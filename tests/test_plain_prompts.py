"""Every plain question, whatever is typed at it: s, m and ? (or help) are acted on and never
taken as the answer; q goes back; anything else is an answer or asked again - never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.core.session import BACK
from regulate.domain.model import RatingScale
from regulate.plain.prompts import Prompting
from regulate.plain.questions import ask_rating, choose, choose_pack
from regulate.system.paths import starter_pack
from tests.helpers import fuzz_examples
from tests.tui_helpers import pack_from

ASIDES = ["s", "S", "support", "m", "sound", "?", "help", " Help "]


class Typed:
    interactive = True

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.append(text)

    def ask(self) -> str | None:
        return self.lines.pop(0) if self.lines else None

    def wait(self, seconds: float, takes: object = None) -> str | None:
        return None


def _prompting(lines: list[str]) -> tuple[Prompting, list[str]]:
    done: list[str] = []
    console = Prompting(Typed(lines))
    console.support = lambda: done.append("support")
    console.sound = lambda: done.append("sound")
    return console, done


typed = st.one_of(st.sampled_from(ASIDES), st.text(max_size=12))


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(typed, max_size=8), st.integers(0, 10))
def test_a_rating_is_a_rating_whatever_came_before_it(lines: list[str], rating: int) -> None:
    console, done = _prompting([*lines, str(rating)])
    answer = ask_rating(console, RatingScale(), "before")
    asides = [line for line in lines if line.strip().lower() in ("s", "support", "m", "sound")]
    first_answer = next(
        (line for line in lines
         if line.strip().lower() not in ("s", "support", "m", "sound", "?", "help")
         and (not line.strip() or line.strip() in {str(n) for n in range(11)}
              or line.strip().lower() in ("q", "quit", "stop", "back"))),
        None,
    )  # fmt: skip
    if first_answer is None:
        assert answer == rating
        assert len(done) == len(asides)  # each s and m acted on, none taken as the answer
    elif not first_answer.strip():
        assert answer is None  # Enter alone skips
    elif first_answer.strip().lower() in ("q", "quit", "stop", "back"):
        assert answer is BACK
    else:
        assert answer == int(first_answer.strip())


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.lists(st.sampled_from(ASIDES), max_size=6), st.integers(1, 3))
def test_a_choice_is_never_made_by_s_m_or_help(lines: list[str], chosen: int) -> None:
    console, done = _prompting([*lines, str(chosen)])
    assert choose(console, ["one", "two", "three"], leave=2) == chosen - 1
    helps = [line for line in lines if line.strip().lower() in ("?", "help")]
    said = [text for text in console.console.out if "At any question:" in text]  # type: ignore[attr-defined]
    assert len(said) == len(helps)
    assert len(done) == len(lines) - len(helps)


@settings(max_examples=fuzz_examples(100), deadline=None)
@given(st.lists(typed, max_size=6))
def test_the_pack_list_takes_anything_and_leaves_on_q_or_the_end(lines: list[str]) -> None:
    packs = [pack_from(starter_pack()), pack_from(starter_pack())]
    console, _ = _prompting(lines)
    chosen = choose_pack(console, packs)
    assert chosen is None or chosen in packs


def test_the_no_sound_notice_is_said_once_a_run() -> None:
    from regulate.audio import NO_DEVICE, Silent
    from regulate.plain import Plain
    from tests.clocks import FakeClock

    clock = FakeClock()

    class Timed(Typed):
        def wait(self, seconds: float, takes: object = None) -> str | None:
            clock.advance(max(seconds, 0.01))
            return None

    starter = pack_from(starter_pack())
    feet = starter.exercise("feet-on-the-floor")
    assert feet is not None
    console = Timed(["5", "6", "", "4", "5", ""])
    front = Plain(console, None, starter=starter, player=Silent(NO_DEVICE), clock=clock)
    assert front.play(feet, starter) == 0 and front.play(feet, starter) == 0
    assert console.out.count("Feet on the floor") == 2  # two previews
    assert console.out.count(NO_DEVICE) == 1
