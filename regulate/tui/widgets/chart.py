"""The history chart, as lines of text: calm before and after on a time axis, one column a day
(or a week), one row a rating, so every point sits exactly on its number. A day without practice
is an empty column - time, not a gap closed up. Shape, not colour, carries the meaning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from regulate.history import Session
from regulate.i18n import _, date_words

BEFORE, AFTER, SAME, JOIN = "○", "●", "◉", "│"
LABEL_WIDTH = 3  # "10 "
Span = Literal["day", "week"]


@dataclass(frozen=True)
class Column:
    start: dt.date  # the day, or the Monday of its week
    before: float | None  # the average of the ratings given then
    after: float | None
    sessions: int


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def columns(sessions: Sequence[Session], today: dt.date, count: int, span: Span) -> list[Column]:
    """The last `count` days (or weeks) up to today, oldest first, previews left out."""

    def start_of(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday()) if span == "week" else day

    step = dt.timedelta(weeks=1) if span == "week" else dt.timedelta(days=1)
    last = start_of(today)
    lived = [start_of(s.started_local.date()) for s in sessions if not s.preview]
    if lived:  # no empty stretch before the first session: the time before it is not a gap
        since_first = (last - min(lived)) // step + 1
        count = max(min(count, since_first), min(count, 7 if span == "day" else 4))
    starts = [last - step * i for i in reversed(range(count))]
    found: dict[dt.date, tuple[list[int], list[int], list[int]]] = {s: ([], [], []) for s in starts}
    for s in sessions:
        if s.preview:
            continue
        slot = found.get(start_of(s.started_local.date()))
        if slot is None:
            continue
        slot[2].append(1)
        if s.before_rating is not None:
            slot[0].append(s.before_rating)
        if s.after_rating is not None:
            slot[1].append(s.after_rating)
    return [Column(d, _mean(b), _mean(a), len(n)) for d, (b, a, n) in found.items()]


def chart_lines(cols: Sequence[Column], per_column: int, span: Span) -> list[str]:
    """Rows 10 down to 0, then the time axis and its dates (labels never overlap)."""
    width = len(cols) * per_column
    grid = [[" "] * width for _ in range(11)]
    for i, col in enumerate(cols):
        x = i * per_column + per_column // 2
        b = None if col.before is None else int(col.before + 0.5)  # half up, as people round
        a = None if col.after is None else int(col.after + 0.5)
        if b is not None and a is not None:
            for rating in range(min(a, b) + 1, max(a, b)):
                grid[10 - rating][x] = JOIN
        if b is not None:
            grid[10 - b][x] = BEFORE
        if a is not None:
            grid[10 - a][x] = SAME if a == b else AFTER
    labels = {10: "10 ", 5: " 5 ", 0: " 0 "}
    lines = [labels.get(10 - row, "   ") + "".join(grid[row]).rstrip() for row in range(11)]
    axis, dates = _date_axis(cols, per_column, span, width)
    lines.append("   " + "".join(axis).replace(" ", "─"))
    lines.append("   " + "".join(dates).rstrip())
    return lines


def _date_axis(
    cols: Sequence[Column], per_column: int, span: Span, width: int
) -> tuple[list[str], list[str]]:
    """The tick row and the date row. Labels name the columns marks stand on first (the
    latest first), then today's, then the starts of weeks (or months) and the first column,
    each placed where it overlaps no other; a label too near the right edge ends at its tick."""
    axis = [" "] * width
    dates = [" "] * (width + 8)
    taken = [False] * (width + 8)

    def starts(col: Column) -> bool:
        return col.start.weekday() == 0 if span == "day" else col.start.day <= 7

    marked = [i for i in reversed(range(len(cols))) if cols[i].sessions]
    others = [i for i, col in enumerate(cols) if starts(col)]
    for i in dict.fromkeys([*marked, len(cols) - 1, 0, *others]):
        if not 0 <= i < len(cols):
            continue
        x = i * per_column + per_column // 2
        label = date_words(cols[i].start, "d MMM")
        begin = x if x + len(label) <= width + 2 else x - len(label) + 1
        if begin < 0:
            continue
        room = range(max(0, begin - 1), min(len(taken), begin + len(label) + 1))
        if any(taken[j] for j in room) or begin + len(label) > len(dates):
            continue
        axis[x] = "┬"
        dates[begin : begin + len(label)] = label
        for j in range(begin, begin + len(label)):
            taken[j] = True
    return axis, dates


def legend(span: Span) -> str:
    keys = _("{before} before  {after} after  {same} both the same").format(
        before=BEFORE, after=AFTER, same=SAME
    )
    if span == "day":
        each = _("one column a day (averaged when there were more sessions)")
    else:
        each = _("one column a week (averaged when there were more sessions)")
    return f"{keys}   {each}"
