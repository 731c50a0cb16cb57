"""The report a client may bring to their therapist: Markdown, or self-contained HTML with an
inline SVG chart. Built from the history store's queries; nothing here reaches the network, and
every piece of text from a pack or a note is escaped, never interpreted."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from regulate import homework
from regulate.history import ExerciseSummary, History, Session
from regulate.model import DEFAULT_RATING, Homework, Pack, RatingScale
from regulate.phrases import change_words
from regulate.textsafe import printable

MAX_SESSION_ROWS = 300
MAX_CHART_POINTS = 120
MAX_PLAN_ROWS = 56
AVERAGES_NOTE = (
    "Skipped ratings are left out of the averages. "
    "The average change counts only sessions rated both before and after."
)
OUTCOME_WORDS = {
    "completed": "finished",
    "stopped": "stopped early",
    "interrupted": "interrupted (regulate closed)",
    "in progress": "in progress",
}


@dataclass(frozen=True)
class ChartPoint:
    label: str  # a date, or a day when points are daily averages
    before: float | None
    after: float | None
    session_id: int | None = None  # None for a daily average


@dataclass(frozen=True)
class Plan:
    pack_name: str
    asked: str
    periods: tuple[homework.Period, ...]
    hidden_periods: int
    now: str


@dataclass(frozen=True)
class ReportData:
    made_on: dt.date
    since: dt.date | None
    pack: str | None
    total: int
    chart: tuple[ChartPoint, ...]
    chart_is_daily: bool
    exercises: tuple[ExerciseSummary, ...]
    plans: tuple[Plan, ...]
    sessions: tuple[Session, ...]  # newest first, at most MAX_SESSION_ROWS
    with_notes: bool
    rating: RatingScale


def build(
    store: History,
    packs: Mapping[str, Pack],
    *,
    pack: str | None = None,
    since: dt.date | None = None,
    with_notes: bool = False,
    include_previews: bool = False,
    today: dt.date | None = None,
) -> ReportData:
    today = today or dt.date.today()
    total = store.count(pack, since, include_previews)
    recent = store.sessions(pack, since, include_previews, limit=MAX_SESSION_ROWS)
    if total <= MAX_CHART_POINTS:
        chart = tuple(
            ChartPoint(s.started_local.strftime("%d %b"), s.before_rating, s.after_rating, s.id)
            for s in reversed(recent)
        )
        daily = False
    else:
        days = store.daily_averages(pack, since, include_previews)[-MAX_CHART_POINTS:]
        chart = tuple(ChartPoint(d.strftime("%d %b"), b, a) for d, b, a, _ in days)
        daily = True
    plans = []
    for pack_id, the_pack in sorted(packs.items()):
        if the_pack.homework is None or (pack and pack_id != pack):
            continue
        done_days = store.practice_days(pack_id)
        periods = homework.periods(the_pack.homework, done_days, today)
        plans.append(
            Plan(
                pack_name=the_pack.name,
                asked=homework.describe(the_pack.homework),
                periods=tuple(periods[-MAX_PLAN_ROWS:]),
                hidden_periods=max(0, len(periods) - MAX_PLAN_ROWS),
                now=_plan_now(the_pack.homework, done_days, today),
            )
        )
    rating = packs[pack].rating if pack and pack in packs else DEFAULT_RATING
    return ReportData(
        made_on=today,
        since=since,
        pack=pack,
        total=total,
        chart=chart,
        chart_is_daily=daily,
        exercises=tuple(store.exercise_summaries(pack, since, include_previews)),
        plans=tuple(plans),
        sessions=tuple(recent),
        with_notes=with_notes,
        rating=rating,
    )


def _plan_now(plan: Homework, days: Sequence[dt.date], today: dt.date) -> str:
    return homework.this_week(plan, days, today) or "No sessions yet this week."


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def _rating(value: int | None) -> str:
    return "skipped" if value is None else str(value)


def _scope(data: ReportData) -> str:
    parts = [f"Made with regulate on {data.made_on.strftime('%d %b %Y')}."]
    if data.pack:
        parts.append(f"Pack: {data.pack}.")
    parts.append(
        f"Sessions since {data.since.strftime('%d %b %Y')}: {data.total}."
        if data.since
        else f"All sessions: {data.total}."
    )
    if not data.with_notes:
        parts.append("Personal notes are not included.")
    return " ".join(parts)


def _scale(data: ReportData) -> str:
    r = data.rating
    mid = f", 5 = {r.mid}" if r.mid else ""
    return f"{r.question} 0 = {r.low}{mid}, 10 = {r.high}."


# ---------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Text in a Markdown table cell: shown as written, never as markup."""
    out = " ".join(printable(text).split())
    for ch in "\\`*_[]<>|~":
        out = out.replace(ch, "\\" + ch)
    return out


def to_markdown(data: ReportData) -> str:
    lines = ["# Calm ratings, before and after", "", _scope(data), "", _md(_scale(data)), ""]
    lines += ["## Over time", ""]
    if not data.chart:
        lines += ["No sessions yet.", ""]
    else:
        what = "Daily averages" if data.chart_is_daily else "Each session, oldest first"
        lines += [f"{what}:", "", "| when | before | after |", "| --- | --- | --- |"]
        for p in data.chart:
            b = _num(p.before) if data.chart_is_daily else _rating(_int(p.before))
            a = _num(p.after) if data.chart_is_daily else _rating(_int(p.after))
            lines.append(f"| {p.label} | {b} | {a} |")
        lines.append("")
    lines += ["## By exercise", ""]
    if data.exercises:
        lines += [
            "| exercise | pack | times | average before | average after | average change |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for e in data.exercises:
            lines.append(
                f"| {_md(e.exercise_title)} | {_md(e.pack_name)} | {e.times} | "
                f"{_num(e.avg_before)} | {_num(e.avg_after)} | {_num(e.avg_change, True)} |"
            )
        lines += ["", AVERAGES_NOTE, ""]
    else:
        lines += ["No sessions yet.", ""]
    lines += ["## Homework", ""]
    if not data.plans:
        lines += ["No homework plan is set in these packs.", ""]
    for plan in data.plans:
        lines += [f"### {_md(plan.pack_name)}", "", f"Asked: {plan.asked}. {plan.now}", ""]
        if plan.periods:
            lines += ["| day or week | done | asked |", "| --- | --- | --- |"]
            lines += [f"| {p.label} | {p.done_text} | {p.asked} |" for p in plan.periods]
            lines.append("")
        if plan.hidden_periods:
            lines += [f"({plan.hidden_periods} earlier days or weeks are not shown.)", ""]
    lines += ["## Sessions", ""]
    if data.sessions:
        head = "| date | exercise | before | after | change | minutes | how it ended |"
        rule = "| --- | --- | --- | --- | --- | --- | --- |"
        if data.with_notes:
            head, rule = head + " note |", rule + " --- |"
        lines += [head, rule]
        for s in data.sessions:
            row = (
                f"| {s.started_local.strftime('%Y-%m-%d %H:%M')} | {_md(s.exercise_title)} | "
                f"{_rating(s.before_rating)} | {_rating(s.after_rating)} | "
                f"{change_words(s.before_rating, s.after_rating) or '-'} | "
                f"{s.played_seconds / 60:.1f} | {OUTCOME_WORDS[s.outcome]} |"
            )
            if data.with_notes:
                row += f" {_md(s.note or '')} |"
            lines.append(row)
        if data.total > len(data.sessions):
            lines += ["", f"The {len(data.sessions)} most recent of {data.total} sessions are "
                      "listed; all of them are counted above."]  # fmt: skip
    else:
        lines.append("No sessions yet.")
    return "\n".join(lines) + "\n"


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


# ---------------------------------------------------------------- HTML

W, H = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64


def y_of(rating: float) -> float:
    """Where a rating sits on the chart (also used by tests to read the chart back)."""
    return TOP + (10 - rating) * (H - TOP - BOTTOM) / 10


def x_of(index: int, count: int) -> float:
    return LEFT + (index + 0.5) * (W - LEFT - RIGHT) / max(count, 1)


def chart_svg(points: Sequence[ChartPoint], daily: bool) -> str:
    """Before (hollow ring) and after (filled dot) for each session, joined by a line:
    shape, not colour, carries the meaning, so it reads in black-and-white print too."""
    what = "daily averages" if daily else "each session, oldest first"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
        f'role="img" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Calm before and after, over time</title>',
        f'<desc id="chart-desc">Ratings from 0 to 10 for {what}: a hollow ring is before, '
        "a filled dot is after.</desc>",
    ]
    for level in (0, 5, 10):
        y = y_of(level)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(
            f'<text class="axis" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    out.append(
        f'<text class="axis" x="14" y="{(TOP + H - BOTTOM) / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2:.1f})">calm (0-10)</text>'
    )
    n = len(points)
    step = max(1, n // 8)
    for i, p in enumerate(points):
        x = x_of(i, n)
        ident = f' data-session="{p.session_id}"' if p.session_id is not None else ""
        if p.before is not None and p.after is not None:
            out.append(
                f'<line class="change" x1="{x:.1f}" x2="{x:.1f}" '
                f'y1="{y_of(p.before):.1f}" y2="{y_of(p.after):.1f}"/>'
            )
        if p.before is not None:
            out.append(
                f'<circle class="before"{ident} data-rating="{p.before:g}" cx="{x:.1f}" '
                f'cy="{y_of(p.before):.1f}" r="4.5"/>'
            )
        if p.after is not None:
            out.append(
                f'<circle class="after"{ident} data-rating="{p.after:g}" cx="{x:.1f}" '
                f'cy="{y_of(p.after):.1f}" r="4.5"/>'
            )
        if i % step == 0 or i == n - 1:
            out.append(
                f'<text class="axis" x="{x:.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">'
                f"{html.escape(p.label)}</text>"
            )
    legend_y = H - 18
    out += [
        f'<circle class="before" cx="{LEFT + 6}" cy="{legend_y - 4}" r="4.5"/>',
        f'<text class="axis" x="{LEFT + 16}" y="{legend_y}">before</text>',
        f'<circle class="after" cx="{LEFT + 86}" cy="{legend_y - 4}" r="4.5"/>',
        f'<text class="axis" x="{LEFT + 96}" y="{legend_y}">after</text>',
        "</svg>",
    ]
    return "\n".join(out)


_CSS = """
:root { color-scheme: light; --ink: #1d2327; --muted: #5b6670; --line: #d5dadf;
        --before: #5b6670; --after: #1f6f78; --paper: #ffffff; --band: #f4f6f7; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       background: var(--paper); margin: 0; }
main { max-width: 760px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
.meta, .scale, .note { color: var(--muted); font-size: .92rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.when { white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--band); }
svg { display: block; margin: .5rem 0; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { fill: var(--muted); font-size: 12px; }
svg .change { stroke: var(--muted); stroke-width: 1.5; }
svg circle.before { fill: var(--paper); stroke: var(--before); stroke-width: 2; }
svg circle.after { fill: var(--after); stroke: var(--after); stroke-width: 2; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section { break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(printable(str(text), keep_lines=True), quote=True)


def to_html(data: ReportData) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Calm ratings, before and after - regulate report</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Calm ratings, before and after</h1>",
        f'<p class="meta">{_e(_scope(data))}</p>',
        f'<p class="scale">{_e(_scale(data))}</p>',
        "<section><h2>Over time</h2>",
    ]
    if data.chart:
        parts.append(chart_svg(data.chart, data.chart_is_daily))
        if data.chart_is_daily:
            parts.append('<p class="note">Each point is the average of one day.</p>')
    else:
        parts.append("<p>No sessions yet.</p>")
    parts.append("</section><section><h2>By exercise</h2>")
    if data.exercises:
        parts.append(
            "<table><thead><tr><th>exercise</th><th>pack</th><th class=num>times</th>"
            "<th class=num>average before</th><th class=num>average after</th>"
            "<th class=num>average change</th></tr></thead><tbody>"
        )
        for e in data.exercises:
            parts.append(
                f"<tr><td>{_e(e.exercise_title)}</td><td>{_e(e.pack_name)}</td>"
                f"<td class=num>{e.times}</td><td class=num>{_num(e.avg_before)}</td>"
                f"<td class=num>{_num(e.avg_after)}</td>"
                f"<td class=num>{_num(e.avg_change, True)}</td></tr>"
            )
        parts.append(f'</tbody></table><p class="note">{AVERAGES_NOTE}</p>')
    else:
        parts.append("<p>No sessions yet.</p>")
    parts.append("</section><section><h2>Homework</h2>")
    if not data.plans:
        parts.append("<p>No homework plan is set in these packs.</p>")
    for plan in data.plans:
        parts.append(f"<h3>{_e(plan.pack_name)}</h3><p>Asked: {_e(plan.asked)}. {_e(plan.now)}</p>")
        if plan.periods:
            parts.append(
                "<table><thead><tr><th>day or week</th><th class=num>done</th>"
                "<th class=num>asked</th></tr></thead><tbody>"
            )
            for p in plan.periods:
                parts.append(
                    f"<tr><td>{_e(p.label)}</td><td class=num>{_e(p.done_text)}</td>"
                    f"<td class=num>{p.asked}</td></tr>"
                )
            parts.append("</tbody></table>")
        if plan.hidden_periods:
            parts.append(
                f'<p class="note">{plan.hidden_periods} earlier days or weeks are not shown.</p>'
            )
    parts.append("</section><section><h2>Sessions</h2>")
    if data.sessions:
        note_head = "<th>note</th>" if data.with_notes else ""
        parts.append(
            "<table><thead><tr><th>date</th><th>exercise</th><th class=num>before</th>"
            "<th class=num>after</th><th>change</th><th class=num>minutes</th>"
            f"<th>how it ended</th>{note_head}</tr></thead><tbody>"
        )
        for s in data.sessions:
            note = f"<td>{_e(s.note or '')}</td>" if data.with_notes else ""
            parts.append(
                f"<tr><td class=when>{s.started_local.strftime('%Y-%m-%d %H:%M')}</td>"
                f"<td>{_e(s.exercise_title)}</td><td class=num>{_rating(s.before_rating)}</td>"
                f"<td class=num>{_rating(s.after_rating)}</td>"
                f"<td>{_e(change_words(s.before_rating, s.after_rating) or '-')}</td>"
                f"<td class=num>{s.played_seconds / 60:.1f}</td>"
                f"<td>{_e(OUTCOME_WORDS[s.outcome])}</td>{note}</tr>"
            )
        parts.append("</tbody></table>")
        if data.total > len(data.sessions):
            parts.append(
                f'<p class="note">The {len(data.sessions)} most recent of {data.total} sessions '
                "are listed; all of them are counted above.</p>"
            )
    else:
        parts.append("<p>No sessions yet.</p>")
    parts.append(
        '</section><p class="note">A session stopped early is shown here as it happened, '
        "with no judgement.</p></main></body></html>"
    )
    return "\n".join(parts) + "\n"
