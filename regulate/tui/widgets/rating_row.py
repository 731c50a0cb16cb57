"""The 0-10 rating row: digits, arrows and a confirm."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from regulate.i18n import N_


class RatingRow(Widget, can_focus=True):
    """0 to 10 in a row: digits or arrows choose, Enter confirms, a click chooses and confirms.
    `clock` (monotonic) tells a second digit typed soon after a 1 from a new one."""

    DEFAULT_CSS = "RatingRow { height: 3; }"
    BINDINGS = [
        Binding("left", "move(-1)", N_("Less"), show=False),
        Binding("right", "move(1)", N_("More"), show=False),
        Binding("home", "set(0)", show=False),
        Binding("end", "set(10)", show=False),
        Binding("enter", "confirm", N_("Confirm"), show=True),
        *[Binding(str(d), f"digit({d})", show=False) for d in range(10)],
    ]
    value: reactive[int | None] = reactive(None)
    # a second digit typed within this long after a 1 makes ten: '1' then '0' is 10, not 0
    TWO_DIGITS_SECONDS = 1.0
    _last_digit: tuple[int, float] | None = None

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.clock = clock

    class Chosen(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    class NothingChosen(Message):
        """Enter with no number chosen yet: the screen says what to do."""

    def action_move(self, delta: int) -> None:
        start = 5 if self.value is None else self.value
        self.value = min(10, max(0, start + (delta if self.value is not None else 0)))

    def action_set(self, value: int) -> None:
        self.value = value

    def action_digit(self, digit: int) -> None:
        now = self.clock()
        last = self._last_digit
        soon = last is not None and now - last[1] <= self.TWO_DIGITS_SECONDS
        if soon and last is not None and last[0] == 1 and digit == 0:
            self.value, self._last_digit = 10, None
            return
        self.value, self._last_digit = digit, (digit, now)

    def action_confirm(self) -> None:
        if self.value is not None:
            self.post_message(self.Chosen(self.value))
        else:
            self.post_message(self.NothingChosen())

    def _cell_width(self) -> int:
        return max(3, min(6, self.size.width // 11))

    def render(self) -> Text:
        cell = self._cell_width()
        top = Text()
        for n in range(11):
            label = str(n).center(cell)
            if n == self.value:
                # shape as well as colour: the chosen number is bracketed
                top.append(f"[{n}]".center(cell), style="reverse bold")
            else:
                top.append(label)
        marks = "".join(("^" if n == self.value else " ").center(cell) for n in range(11))
        return Text.assemble(top, "\n", marks)

    def on_click(self, event: events.Click) -> None:
        n = event.x // self._cell_width()
        if 0 <= n <= 10:
            self.value = n
            self.post_message(self.Chosen(n))
