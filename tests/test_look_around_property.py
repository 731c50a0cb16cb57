"""Property: whatever a person types while looking around the room in plain mode - commands,
stray words, nothing at all, at any moment - the look-around stays until they go back (Enter, n,
next, or the word in their language) or stop; no clock ends it, the exercise's time waits, and
nothing raises."""

from __future__ import annotations

import collections

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate.core.practice import Practice
from regulate.domain.model import Exercise, Prompt
from regulate.plain import Plain
from tests.clocks import FakeClock
from tests.helpers import fuzz_examples

EXERCISE = Exercise(
    id="look", title="Look", kind="grounding",
    steps=(Prompt("Look around the room.", 30.0), Prompt("And once more.", 30.0)),
)  # fmt: skip
BACK = {"", "n", "next", " N "}
STOP = {"q", "stop"}
OTHER = ["x", "o", "p", "h", "s", "look", "pause", "hello", "7", "ñ", "\t", "nn", "qq"]
TYPED = st.one_of(st.sampled_from(sorted(BACK | STOP) + OTHER), st.text(max_size=12), st.none())


class Typist:
    """A person at a terminal on a fake clock: each wait 20 seconds pass, and a line (or
    nothing) comes; questions (support's 'carry on?') are answered with Enter."""

    interactive = True

    def __init__(self, clock: FakeClock, lines: list[str | None]) -> None:
        self.clock = clock
        self.lines = collections.deque(lines)
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.append(text)

    def ask(self) -> str | None:
        return ""

    def wait(self, seconds: float, takes: object = None) -> str | None:
        self.clock.advance(20)  # a person takes their time: longer than any old countdown
        return self.lines.popleft() if self.lines else None


@settings(
    max_examples=fuzz_examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(TYPED, max_size=12))
def test_the_look_around_waits_for_the_person(lines: list[str | None]) -> None:
    clock = FakeClock()
    console = Typist(clock, lines)
    front = Plain(console, None, clock=clock)
    practice = Practice(EXERCISE, None, store=None, clock=clock)
    front.practice = practice
    practice.begin(None)
    clock.advance(5)
    practice.command("look_around")
    left = practice.snapshot().total_left
    for line in lines:
        front._looking(practice)
        practice.update()  # the frame that follows, as plain mode's loop runs it
        typed = None if line is None else line.strip().lower()
        if typed in {"", "n", "next"}:
            assert practice.status == "running"
            return
        if typed in STOP:
            assert practice.outcome == "stopped"
            return
        # anything else: still looking, the exercise's time waiting
        assert practice.status == "interlude", (line, console.out[-3:])
        assert practice.snapshot().total_left == left
    for _ in range(5):  # no more lines: minutes pass, and it is still there
        front._looking(practice)
        practice.update()
        assert practice.status == "interlude"
