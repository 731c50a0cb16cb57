"""The breathing guide and the one-line bar: drawn from the snapshot they are given, keeping
no time of their own."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from regulate.i18n import _
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


def phase_text(snapshot: Snapshot, width: int) -> str:
    """'Breathe in  3 s' on the left, 'breath 2 of 15' on the right: changes once a second."""
    seg = snapshot.segment
    if seg is None or seg.kind not in PHASE_WORDS:
        return ""
    head = f"{_(PHASE_WORDS[seg.kind])}  {max(1, int(snapshot.phase_left + 0.999))} s"
    count = _("breath {cycle} of {cycles}").format(cycle=seg.cycle, cycles=seg.cycles)
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
