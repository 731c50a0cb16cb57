"""The report's chart: calm before and after on a real time axis (a week without practice is a
week of empty space, not a gap closed up), each week's average as a level across that week, and
a marked line where a changed version of an exercise was first played. Inline SVG; shape, not
colour, carries the meaning, so it reads in black-and-white print too.

Every mark stays inside the plot: a week's level starts no earlier than the first day shown.
Each session sits at its own time of day, its before and after joined by a line; sessions too
close to tell apart (two on one morning) are moved apart just enough to be seen as two. The
date labels stand under the days they name: a day's label under its middle when days are wide
enough to label one by one, else a week's under its Monday."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from regulate.i18n import _, date_words

W, H = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 64
MIN_LABEL_GAP = 64  # px between date labels, so they never overlap
MIN_POINT_GAP = 10.0  # px between two sessions' marks, so each pair of ratings reads as its own


@dataclass(frozen=True)
class ChartPoint:
    when: dt.datetime  # local time as the person lived it (a day's noon for a daily average)
    before: float | None
    after: float | None
    session_id: int | None = None  # None for a daily average
    version: int = 1  # of its exercise, for the sessions' own points


@dataclass(frozen=True)
class WeekPoint:
    monday: dt.date
    before: float | None
    after: float | None


@dataclass(frozen=True)
class VersionMark:
    day: dt.date
    label: str  # e.g. "Breathing 4-6: version 2"


def y_of(rating: float) -> float:
    """Where a rating sits on the chart (also used by tests to read the chart back)."""
    return TOP + (10 - rating) * (H - TOP - BOTTOM) / 10


class TimeAxis:
    """Days from the first shown to the day after the last, spread over the chart's width."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.start = dt.datetime.combine(first, dt.time())
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        self.seconds = max((end - self.start).total_seconds(), 1.0)

    def x(self, when: dt.datetime | dt.date) -> float:
        if not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, dt.time(12))
        share = (when.replace(tzinfo=None) - self.start).total_seconds() / self.seconds
        return LEFT + share * (W - LEFT - RIGHT)

    def day_from_x(self, x: float) -> dt.date:
        share = (x - LEFT) / (W - LEFT - RIGHT)
        return (self.start + dt.timedelta(seconds=share * self.seconds)).date()


def _ticks(axis: TimeAxis, first: dt.date, last: dt.date) -> list[tuple[dt.date, float, str]]:
    """(day, x, pattern) of each date label: days under their middles when there are few,
    Mondays at the start of their week within half a year, then months, then years - each
    label saying the year once the chart spans more than one, and every few dropped when they
    would crowd (a clock once set to 1970 makes a chart of half a century)."""
    days = (last - first).days + 1
    width = W - LEFT - RIGHT
    if days <= 10:
        candidates = [first + dt.timedelta(days=i) for i in range(days)]
        at = [axis.x(dt.datetime.combine(d, dt.time(12))) for d in candidates]
        pattern = "d MMM"
    else:
        if days <= 183:
            monday = first - dt.timedelta(days=first.weekday())
            starts = [monday + dt.timedelta(weeks=i) for i in range(days // 7 + 2)]
            pattern = "d MMM"
        elif days <= 6 * 366:
            starts = [
                dt.date(year, month, 1)
                for year in range(first.year, last.year + 1)
                for month in range(1, 13)
            ]
            pattern = "MMM yyyy"
        else:
            starts = [dt.date(year, 1, 1) for year in range(first.year, last.year + 1)]
            pattern = "yyyy"
        candidates = [d for d in starts if first <= d <= last] or [first]
        at = [axis.x(dt.datetime.combine(d, dt.time())) for d in candidates]
    step = max(1, -(-MIN_LABEL_GAP * len(candidates) // int(width)))
    return [(day, x, pattern) for day, x in list(zip(candidates, at, strict=True))[::step]]


def chart_svg(
    points: Sequence[ChartPoint],
    weeks: Sequence[WeekPoint],
    marks: Sequence[VersionMark],
    first: dt.date,
    last: dt.date,
    daily: bool,
) -> str:
    axis = TimeAxis(first, last)
    out = _svg_head(first, last, daily)
    out += _svg_axes(axis, first, last)
    out += _svg_versions(axis, marks)
    out += _svg_weeks(axis, weeks)
    out += _svg_points(axis, points)
    out += _svg_legend()
    return "\n".join(out)


def _svg_head(first: dt.date, last: dt.date, daily: bool) -> list[str]:
    """The opening tag, with a title and a description a screen reader can say."""
    title = _("Calm before and after, over time")
    if daily:
        desc = _(
            "Ratings from 0 to 10 for the average of each day, placed on the days they were "
            "given: a hollow ring is before, a filled dot is after; the dashed and solid lines "
            "are the averages of each week."
        )
    else:
        desc = _(
            "Ratings from 0 to 10 for each session, placed on the days they were given: a "
            "hollow ring is before, a filled dot is after; the dashed and solid lines are the "
            "averages of each week."
        )
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
        f'role="img" aria-labelledby="chart-title chart-desc" data-first="{first.isoformat()}" '
        f'data-last="{last.isoformat()}">',
        f'<title id="chart-title">{html.escape(title)}</title>',
        f'<desc id="chart-desc">{html.escape(desc)}</desc>',
    ]


def _svg_axes(axis: TimeAxis, first: dt.date, last: dt.date) -> list[str]:
    """The calm scale on the left and the days along the bottom."""
    out: list[str] = []
    for level in (0, 5, 10):
        y = y_of(level)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(
            f'<text class="axis" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    middle = (TOP + H - BOTTOM) / 2
    calm = html.escape(_("calm (0-10)"))
    out.append(
        f'<text class="axis" x="14" y="{middle:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {middle:.1f})">{calm}</text>'
    )
    for day, x, pattern in _ticks(axis, first, last):
        out.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{H - BOTTOM}" '
                   f'y2="{H - BOTTOM + 5}"/>')  # fmt: skip
        out.append(
            f'<text class="axis" x="{x:.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">'
            f"{html.escape(date_words(day, pattern))}</text>"
        )
    return out


def _svg_versions(axis: TimeAxis, marks: Sequence[VersionMark]) -> list[str]:
    """A line where an exercise's new version was first played, with its label."""
    out: list[str] = []
    for mark in marks:
        x = axis.x(dt.datetime.combine(mark.day, dt.time()))
        out.append(
            f'<line class="version" data-day="{mark.day.isoformat()}" x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{TOP - 6}" y2="{H - BOTTOM}"/>'
        )
        # the label reads away from the nearer edge, so it is never cut off
        left = x > (LEFT + W - RIGHT) / 2
        out.append(
            f'<text class="axis" x="{x - 3 if left else x + 3:.1f}" y="{TOP - 10}" '
            f'text-anchor="{"end" if left else "start"}">{html.escape(mark.label)}</text>'
        )
    return out


def _svg_weeks(axis: TimeAxis, weeks: Sequence[WeekPoint]) -> list[str]:
    """Each week's average as what it is: one level across that week's days (those shown)."""
    out: list[str] = []
    start = axis.start
    end = start + dt.timedelta(seconds=axis.seconds)
    for w in weeks:
        monday = dt.datetime.combine(w.monday, dt.time())
        x1 = axis.x(max(monday, start))
        x2 = axis.x(min(monday + dt.timedelta(days=7), end))
        if x2 - x1 < 1:
            continue
        for kind in ("before", "after"):
            value = getattr(w, kind)
            if value is not None:
                y = y_of(value)
                out.append(
                    f'<line class="week-{kind}" data-week="{w.monday.isoformat()}" '
                    f'x1="{x1:.1f}" x2="{x2:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
                )
    return out


def _spread(xs: list[float]) -> list[float]:
    """Positions moved apart just enough that no two marks overlap (in time order), kept
    inside the plot."""
    out: list[float] = []
    for x in xs:
        out.append(max(x, out[-1] + MIN_POINT_GAP) if out else x)
    overflow = (out[-1] - (W - RIGHT)) if out else 0.0
    if overflow > 0:  # pushed past the right edge: the crowd is moved back as one
        out = [x - overflow for x in out]
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - MIN_POINT_GAP)
    return [min(max(x, LEFT), W - RIGHT) for x in out]


def _svg_points(axis: TimeAxis, points: Sequence[ChartPoint]) -> list[str]:
    """Each session (or day): a ring before, a dot after, a line between them."""
    out: list[str] = []
    ordered = sorted(points, key=lambda p: p.when.replace(tzinfo=None))
    for p, x in zip(ordered, _spread([axis.x(p.when) for p in ordered]), strict=True):
        ident = f' data-session="{p.session_id}"' if p.session_id is not None else ""
        ident += f' data-version="{p.version}" data-day="{p.when.date().isoformat()}"'
        if p.before is not None and p.after is not None:
            out.append(
                f'<line class="change" x1="{x:.1f}" x2="{x:.1f}" '
                f'y1="{y_of(p.before):.1f}" y2="{y_of(p.after):.1f}"/>'
            )
        for kind in ("before", "after"):
            value = getattr(p, kind)
            if value is not None:
                out.append(
                    f'<circle class="{kind}"{ident} data-rating="{value:g}" cx="{x:.1f}" '
                    f'cy="{y_of(value):.1f}" r="4.5"/>'
                )
    return out


def _svg_legend() -> list[str]:
    """The legend, each mark after the words before it (longer in some languages: 'después'
    ran into the line after it when the places were fixed)."""
    legend_y = H - 18
    before, after = _("before"), _("after")
    weekly = html.escape(_("week averages, before and after"))
    at_after = LEFT + 30 + _text_width(before)
    at_lines = at_after + 30 + _text_width(after)
    return [
        f'<circle class="before" cx="{LEFT + 6}" cy="{legend_y - 4}" r="4.5"/>',
        f'<text class="axis" x="{LEFT + 16}" y="{legend_y}">{html.escape(before)}</text>',
        f'<circle class="after" cx="{at_after + 6}" cy="{legend_y - 4}" r="4.5"/>',
        f'<text class="axis" x="{at_after + 16}" y="{legend_y}">{html.escape(after)}</text>',
        f'<line class="week-before legend" x1="{at_lines}" x2="{at_lines + 24}" '
        f'y1="{legend_y - 4}" y2="{legend_y - 4}"/>',
        f'<line class="week-after legend" x1="{at_lines + 28}" x2="{at_lines + 52}" '
        f'y1="{legend_y - 4}" y2="{legend_y - 4}"/>',
        f'<text class="axis" x="{at_lines + 58}" y="{legend_y}">{weekly}</text>',
        "</svg>",
    ]


def _text_width(text: str) -> int:
    """About how wide `text` is at the axis's 12 px (7 px a character, generously)."""
    return 7 * len(text)
