"""Small widgets drawn from the domain's data: the breathing guide, the 0-10 rating row and the
history chart. Each renders from state it is given; none keeps time of its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from regulate.history import Session
from regulate.model import Breathe
from regulate.timeline import PHASE_WORDS, Snapshot, guide_text

_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """A horizontal bar filled to a fraction, smooth to an eighth of a cell."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part and full < width else "")
    return text.ljust(width)


def fullness(snapshot: Snapshot) -> float:
    """How full the lungs are in the guide: rising on the in-breath, falling on the out-breath."""
    seg = snapshot.segment
    if seg is None:
        return 0.0
    if seg.kind == "inhale":
        return snapshot.phase_progress
    if seg.kind == "hold":
        return 1.0
    if seg.kind == "exhale":
        return 1.0 - snapshot.phase_progress
    return 0.0


class Line(Widget):
    """One line of literal text whose size never changes: a new text repaints it without a
    layout pass (Static.update always asks for one), which matters for lines that change
    every second while the guide moves."""

    DEFAULT_CSS = "Line { height: 1; }"

    def __init__(self, text: str = "", **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.text = text

    def set(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh()

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")


def phase_text(snapshot: Snapshot, width: int) -> str:
    """'Breathe in  3 s' on the left, 'breath 2 of 15' on the right: changes once a second."""
    seg = snapshot.segment
    if seg is None or seg.kind not in PHASE_WORDS:
        return ""
    head = f"{PHASE_WORDS[seg.kind]}  {max(1, int(snapshot.phase_left + 0.999))} s"
    count = f"breath {seg.cycle} of {seg.cycles}"
    return head + count.rjust(max(1, width - len(head)))


class BreathGuide(Widget):
    """The moving part of the breathing guide: one line, the only thing redrawn every frame.
    It asks for a fresh snapshot at each render, so its motion comes from the clock, not from
    counting frames. With reduced motion it is a fixed line of text and nothing moves."""

    DEFAULT_CSS = "BreathGuide { height: 1; }"

    def __init__(
        self, snapshot: Callable[[], Snapshot], step: Breathe, reduced: bool, **kw: object
    ) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self._snapshot = snapshot
        self.step = step
        self.reduced = reduced
        self.holds_skipped = False

    def render_line(self, y: int) -> Strip:
        # One strip straight from the clock, not through Textual's text pipeline: this line is
        # redrawn 11 times a second, and the pipeline cost more than everything else per frame.
        width = self.size.width
        style = self.rich_style
        if y > 0:
            return Strip.blank(width, style)
        if self.reduced:
            text = guide_text(self.step, self.holds_skipped)
        else:
            text = bar(fullness(self._snapshot()), max(10, width))
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)


class RatingRow(Widget, can_focus=True):
    """0 to 10 in a row: digits or arrows choose, Enter confirms, a click chooses and confirms."""

    DEFAULT_CSS = "RatingRow { height: 3; }"
    BINDINGS = [
        Binding("left", "move(-1)", "Less", show=False),
        Binding("right", "move(1)", "More", show=False),
        Binding("home", "set(0)", show=False),
        Binding("end", "set(10)", show=False),
        Binding("enter", "confirm", "Confirm", show=True),
        *[Binding(str(d), f"set({d})", show=False) for d in range(10)],
    ]
    value: reactive[int | None] = reactive(None)

    class Chosen(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def action_move(self, delta: int) -> None:
        start = 5 if self.value is None else self.value
        self.value = min(10, max(0, start + (delta if self.value is not None else 0)))

    def action_set(self, value: int) -> None:
        self.value = value

    def action_confirm(self) -> None:
        if self.value is not None:
            self.post_message(self.Chosen(self.value))

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


def chart_lines(sessions: Sequence[Session], width: int, height: int = 6) -> list[str]:
    """Before (o) and after (*) for the most recent sessions that fit, oldest on the left;
    '|' joins the two when both were given. Text only: shape carries the meaning."""
    columns = max(1, (width - 4) // 2)
    recent = list(reversed(list(sessions)[:columns]))
    rows = [[" "] * (len(recent) * 2) for _ in range(height)]

    def row_of(rating: int) -> int:
        return height - 1 - round(rating * (height - 1) / 10)

    for i, s in enumerate(recent):
        x = i * 2
        if s.before_rating is not None and s.after_rating is not None:
            a, b = sorted((row_of(s.before_rating), row_of(s.after_rating)))
            for r in range(a, b + 1):
                rows[r][x] = "|"
        if s.before_rating is not None:
            rows[row_of(s.before_rating)][x] = "o"
        if s.after_rating is not None:
            rows[row_of(s.after_rating)][x] = "*"
    labels = {0: "10", height - 1: " 0", (height - 1) // 2: " 5"}
    return [f"{labels.get(r, '  ')} " + "".join(rows[r]) for r in range(height)]
