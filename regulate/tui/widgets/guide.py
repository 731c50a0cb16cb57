"""The breathing guide: a round shape that grows with the in-breath and shrinks with the
out-breath (or, as a person may choose, a one-line bar), drawn from the snapshot it is given,
keeping no time of its own. With reduced motion it is a line of text and nothing moves.

The shape is a filled disc drawn in braille: each cell holds 2 x 4 dots, which on a terminal's
tall cells are near enough square, so the disc is round and its edge moves a dot at a time.
Its pictures are cached by radius, and the screen is asked to redraw only when a dot changes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Self

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from regulate.domain.model import Breathe
from regulate.i18n import _
from regulate.timeline import PHASE_WORDS, Snapshot, guide_text
from regulate.tui.textual_internals import FinishedLines

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


# braille: the bit of each of a cell's eight dots, by (column, row) within the cell
_DOTS = ((0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20),
         (0, 3, 0x40), (1, 3, 0x80))  # fmt: skip
SMALLEST = 0.3  # the disc with empty lungs, as a share of the full one: it never vanishes
STEPS = 6  # the radius moves a sixth of a dot at a time
# The disc's centre sits a little off the dots' grid (a tenth of a dot across, less down; no one
# can see it): centred on the grid, dots join the disc in fours and eights at the same radius,
# and it grew in 7.8 visible steps a second; off it, one or two at a time, in 11.6 (at 100x30,
# frames at most 15 a second).
CENTRE_OFF = (0.1, 0.06)
# the one-line bar's frames, at most 11 a second as before the round guide's went up to 15
# (the driver lands each frame 3 ms after its change)
BAR_SECONDS = 1 / 11 - 0.003


def eased(fraction: float) -> float:
    """A breath's fullness eased at both ends, as a breath slows before it turns."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, fraction)))


def disc_size(rows: int) -> tuple[float, int]:
    """The largest disc `rows` cells high can hold: (its radius in dots, its width in cells)."""
    radius = rows * 2 - 0.5
    return radius, int(radius) + 2


@functools.lru_cache(maxsize=512)
def disc(rows: int, cols: int, steps: int) -> tuple[str, ...]:
    """A filled disc of radius `steps` / STEPS dots, centred in `rows` x `cols` cells."""
    radius_squared = (steps / STEPS) ** 2
    # the centre, in dots (4 a cell down, 2 across), just off the grid (CENTRE_OFF)
    cy, cx = rows * 2 + CENTRE_OFF[1], cols + CENTRE_OFF[0]
    lines = []
    for row in range(rows):
        cells = []
        for col in range(cols):
            bits = 0
            for dx, dy, bit in _DOTS:
                x, y = col * 2 + dx + 0.5 - cx, row * 4 + dy + 0.5 - cy
                if x * x + y * y <= radius_squared:
                    bits |= bit
            cells.append(chr(0x2800 + bits) if bits else " ")
        lines.append("".join(cells))
    return tuple(lines)


def _steps(fraction: float, largest: float) -> int:
    """The disc's radius, in steps of 1 / STEPS dot, for lungs `fraction` full."""
    return round(largest * (SMALLEST + (1 - SMALLEST) * eased(fraction)) * STEPS)


def shape_lines(fraction: float, rows: int) -> tuple[str, ...]:
    """The guide's shape for lungs `fraction` full, `rows` cells high."""
    largest, cols = disc_size(rows)
    return disc(rows, cols, _steps(fraction, largest))


def bar_cells(width: int) -> int:
    """How many cells the one-line bar spans in a guide `width` cells wide."""
    return max(10, width)


def _uneased(e: float) -> float:
    """The fraction whose eased value is `e` (eased's inverse)."""
    return math.acos(1 - 2 * min(1.0, max(0.0, e))) / math.pi


def next_change(fraction: float, rising: bool, rows: int, width: int, shape: bool) -> float | None:
    """The lungs' fullness at which the picture next changes, moving up (`rising`) or down
    from `fraction`; None if it does not change again this way. The round shape: the next
    radius, a step at a time, whose disc differs from the one shown; the bar: the next
    eighth of a cell."""
    step = 1 if rising else -1
    if not shape:
        eighths = bar_cells(width) * 8
        edge = (round(fraction * eighths) + 0.5 * step) / eighths
    else:
        largest, cols = disc_size(rows)
        steps = _steps(fraction, largest)
        shown = disc(rows, cols, steps)
        smallest, biggest = round(largest * SMALLEST * STEPS), round(largest * STEPS)
        q = steps + step
        while smallest <= q <= biggest and disc(rows, cols, q) == shown:
            q += step
        if not smallest <= q <= biggest:
            return None
        radius = (q - 0.5 * step) / STEPS  # round() reaches q here
        edge = _uneased((radius / largest - SMALLEST) / (1 - SMALLEST))
    if not 0.0 <= edge <= 1.0 or (edge - fraction) * step <= 0:
        return None
    return edge


def phase_text(snapshot: Snapshot, width: int) -> str:
    """'Breathe in  3 s' on the left, 'breath 2 of 15' on the right: changes once a second."""
    seg = snapshot.segment
    if seg is None or seg.kind not in PHASE_WORDS:
        return ""
    head = f"{_(PHASE_WORDS[seg.kind])}  {max(1, int(snapshot.phase_left + 0.999))} s"
    count = _("breath {cycle} of {cycles}").format(cycle=seg.cycle, cycles=seg.cycles)
    return head + count.rjust(max(1, width - len(head)))


class BreathGuide(FinishedLines):
    """The moving part of the breathing guide, the only thing redrawn while breathing - and
    only when what it shows changes. It asks for a fresh snapshot each time, so its motion comes
    from the clock, not from counting frames. `shape`: the round shape, several lines high;
    else the one-line bar. With reduced motion it is a fixed line of text and nothing moves."""

    DEFAULT_CSS = "BreathGuide { height: 1; }"

    def __init__(
        self,
        snapshot: Callable[[], Snapshot],
        step: Breathe,
        reduced: bool,
        shape: bool = True,
        **kw: object,
    ) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self._snapshot = snapshot
        self.step = step
        self.reduced = reduced
        self.holds_skipped = False
        self._drawn: tuple[str, ...] = ()
        self._style: Style | None = None  # the colours its lines are drawn in, once read
        # its size, kept from its last resize: asking Textual for it looks the widget up in
        # the screen's map, several times a frame
        self._cells = Size(0, 0)
        self.shape = shape

    @property
    def shape(self) -> bool:
        return self._shape

    @shape.setter
    def shape(self, on: bool) -> None:
        self._shape = on
        self.set_class(on and not self.reduced, "-shape")
        self._drawn = ()
        self.refresh()

    def picture(self, snap: Snapshot | None = None) -> tuple[str, ...]:
        """What the guide shows at `snap` (or now), a line per row."""
        if self.reduced:
            return (guide_text(self.step, self.holds_skipped),)
        fraction = fullness(snap or self._snapshot())
        if self._shape:
            return shape_lines(fraction, max(1, self._cells.height))
        return (bar(fraction, bar_cells(self._cells.width)),)

    def advance(self, snap: Snapshot | None = None) -> None:
        """A frame at `snap` (or now): redraw only the lines of the picture whose cells
        changed (a growing disc changes a few of its rows at a time)."""
        new, old = self.picture(snap), self._drawn
        if new == old:
            return
        self._drawn = new
        if len(new) != len(old):
            self.refresh()
            return
        width = self._cells.width
        used = len(new[0]) if new else width  # the picture's own width, centred
        left = max(0, (width - used) // 2) if self._shape and not self.reduced else 0
        self.refresh(
            *(
                Region(left, y, used, 1)
                for y, (a, b) in enumerate(zip(new, old, strict=True))
                if a != b
            )
        )

    def seconds_to_change(self, snap: Snapshot, speed: float = 1.0) -> float | None:
        """Real seconds until a cell of the guide changes, so that a frame is drawn then and
        not before; None when it stands still (reduced motion, a hold, between breaths)."""
        if self.reduced or not self.display:
            return None
        if not self._cells.height:
            return 0.0  # just shown, not yet laid out: a frame as soon as it is
        seg = snap.segment
        if seg is None or seg.kind not in ("inhale", "exhale") or snap.phase_progress >= 1:
            return None
        now = fullness(snap)
        rising = seg.kind == "inhale"
        rows, width = max(1, self._cells.height), self._cells.width
        edge = next_change(now, rising, rows, width, self._shape)
        if edge is None:
            return None
        phase = snap.phase_left / (1 - snap.phase_progress)  # the phase's length, in its seconds
        wait = abs(edge - now) * phase / speed
        return wait if self._shape else max(wait, BAR_SECONDS)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_colours()

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        # A refresh of the whole guide, not of some rows, comes from a resize, a new picture
        # size, or Textual telling the children of a widget whose colours changed: the
        # colours may be new.
        if not regions and repaint:
            self._forget_colours()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _forget_colours(self) -> None:
        self._style = None
        self.forget_finished()

    def shown_lines(self) -> tuple[str, ...] | None:
        # the moving picture's lines, finished once and kept (FinishedLines); words (reduced
        # motion) take Textual's way
        if self.reduced:
            return None
        if not self._drawn:
            self._drawn = self.picture()
        return self._drawn

    def on_resize(self, event: events.Resize) -> None:
        self._cells = event.size
        self._drawn = ()  # drawn afresh at the new size, now: frames come only on a change
        self.refresh()

    def render_line(self, y: int) -> Strip:
        # Straight from the clock, not through Textual's text pipeline: this part is redrawn
        # up to 11 times a second, and the pipeline cost more than everything else per frame.
        width = self._cells.width or self.size.width  # kept from the last resize
        style = self._style
        if style is None:
            # read from the CSS once, not for every line of every frame (it walks every
            # ancestor's styles: three quarters of this method's time); a new theme clears it
            style = self._style = self.rich_style
        if not self._drawn:
            self._drawn = self.picture()
        lines = self._drawn
        if y >= len(lines):
            return Strip.blank(width, style)
        text = lines[y]
        if self.reduced:  # words, in any language: measured
            return Strip([Segment(text, style)]).adjust_cell_length(width, style)
        # the shape's braille and the bar's blocks are a cell each: padded to the width here,
        # one strip of a known length is made rather than two
        text = text.center(width) if self._shape else text.ljust(width)
        return Strip([Segment(text[:width], style)], width)
