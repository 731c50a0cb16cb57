"""Standard input in plain mode is read with a bounded buffer: input that never ends waits in
the pipe, and a line of any length costs at most MAX_LINE characters."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.plain.console import MAX_LINE, MAX_WAITING, LineConsole
from tests.helpers import fuzz_examples


class Endless:
    """`yes ''`: as many lines as are asked for, each read counted."""

    def __init__(self) -> None:
        self.read = 0
        self.changed = threading.Condition()

    def readline(self, limit: int = -1) -> str:
        with self.changed:
            self.read += 1
            self.changed.notify_all()
        return "\n"

    def settles_at(self, n: int) -> bool:
        """Whether exactly n lines get read: n are, and no more within a moment."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.read >= n, timeout=5):
                return False
            return not self.changed.wait_for(lambda: self.read > n, timeout=0.3)


def test_input_that_never_ends_is_read_no_further_than_the_questions_take_it() -> None:
    stream = Endless()
    console = LineConsole(stream, lambda _: None, interactive=False)  # type: ignore[arg-type]
    # MAX_WAITING held, and one more read that waits for room
    assert stream.settles_at(MAX_WAITING + 1)
    assert len(console.lines) == MAX_WAITING
    assert console.ask() == ""  # an answer taken makes room for one more line, and only one
    assert stream.settles_at(MAX_WAITING + 2)


class Chunks:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.largest = 0

    def readline(self, limit: int = -1) -> str:
        end = self.text.find("\n", self.at)
        end = len(self.text) if end < 0 else end + 1
        if limit >= 0:
            end = min(end, self.at + limit)
        piece, self.at = self.text[self.at : end], end
        self.largest = max(self.largest, len(piece))
        return piece


@given(length=st.integers(min_value=0, max_value=3 * MAX_LINE), answer=st.sampled_from(["5", "q"]))
@settings(max_examples=fuzz_examples(30), deadline=None)
def test_a_line_of_any_length_is_cut_and_the_next_line_is_still_its_own(
    length: int, answer: str
) -> None:
    stream = Chunks("a" * length + "\n" + answer + "\n")
    console = LineConsole(stream, lambda _: None, interactive=False)  # type: ignore[arg-type]
    first = console.ask()
    assert first == "a" * min(length, MAX_LINE)
    assert console.ask() == answer
    assert console.ask() is None
    assert stream.largest <= MAX_LINE
