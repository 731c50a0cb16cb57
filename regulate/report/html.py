"""The report as one self-contained HTML page (inline CSS and SVG, nothing fetched), laid out
to print cleanly: tables may run over pages, their rows and the chart never split."""

from __future__ import annotations

import html

from regulate import i18n
from regulate.durations import minutes_seconds
from regulate.i18n import _
from regulate.phrases import change_words
from regulate.report.build import AVERAGES_NOTE, PREVIEWS_NOTE, STOPPED_NOTE, ReportData
from regulate.report.chart import chart_svg
from regulate.report.words import (
    day_words,
    exercise_headings,
    has_previews,
    hidden_words,
    how_it_ended,
    listed_words,
    num,
    plan_headings,
    rating_words,
    report_title,
    scale,
    scope,
    session_exercise,
    session_headings,
    version_words,
    week_headings,
)
from regulate.textsafe import printable

CSS = """
:root { color-scheme: light; --ink: #1d2327; --muted: #5b6670; --line: #d5dadf;
        --before: #5b6670; --after: #1f6f78; --paper: #ffffff; --band: #f4f6f7; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       background: var(--paper); margin: 0; }
main { max-width: 760px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
.meta, .scale, .note, .version { color: var(--muted); font-size: .92rem; }
.version { display: block; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.when { white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--band); }
tr.preview td { color: var(--muted); font-style: italic; }
svg { display: block; margin: .5rem 0; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .tick { stroke: var(--muted); stroke-width: 1; }
svg .axis { fill: var(--muted); font-size: 12px; }
svg .change { stroke: var(--muted); stroke-width: 1.5; }
svg .version { stroke: var(--ink); stroke-width: 1; stroke-dasharray: 2 3; }
svg .week-before, svg .week-after { fill: none; stroke-width: 2; }
svg .week-before { stroke: var(--before); stroke-dasharray: 6 4; }
svg .week-after { stroke: var(--after); }
svg circle.before { fill: var(--paper); stroke: var(--before); stroke-width: 2; }
svg circle.after { fill: var(--after); stroke: var(--after); stroke-width: 2; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  svg, tr, .meta, .scale { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) { background: none; }
}
@page { margin: 14mm; }
"""


def e(text: object) -> str:
    return html.escape(printable(str(text), keep_lines=True), quote=True)


def _table(names: tuple[str, ...], right: str, rows: list[str]) -> str:
    """A table; `right` marks each column: 'r' for numbers (right-aligned), '-' for text."""
    cells = "".join(
        f"<th{' class=num' if r == 'r' else ''}>{e(name)}</th>"
        for name, r in zip(names, right, strict=False)
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _section(heading: str) -> str:
    return f"<section><h2>{e(heading)}</h2>"


def _note(text: str) -> str:
    return f'<p class="note">{e(text)}</p>'


def _none_yet() -> str:
    return "<p>" + e(_("No sessions yet.")) + "</p></section>"


def _over_time(data: ReportData) -> list[str]:
    parts = [_section(_("Over time"))]
    if not data.chart or data.days is None:
        return [*parts, _none_yet()]
    first, last = data.days
    parts.append(chart_svg(data.chart, data.week_points, data.marks, first, last,
                           data.chart_is_daily))  # fmt: skip
    if data.chart_is_daily:
        parts.append(_note(_("Each point is the average of one day.")))
    parts.append("<h3>" + e(_("Week by week")) + "</h3>")
    rows = [
        f"<tr><td class=when>{e(day_words(w.monday))}</td><td class=num>{w.sessions}</td>"
        f"<td class=num>{w.days}</td><td class=num>{num(w.avg_before)}</td>"
        f"<td class=num>{num(w.avg_after)}</td><td class=num>{num(w.avg_change, True)}</td></tr>"
        for w in data.weeks
    ]
    parts.append(_table(week_headings(), "-rrrrr", rows))
    return [*parts, "</section>"]


def _by_exercise(data: ReportData) -> list[str]:
    parts = [_section(_("By exercise"))]
    if not data.exercises:
        return [*parts, _none_yet()]
    rows = []
    for x in data.exercises:
        version = version_words(x)
        shown = e(x.exercise_title) + (
            f'<span class="version">{e(version)}</span>' if version else ""
        )
        rows.append(
            f'<tr data-exercise="{e(x.exercise_id)}" data-version="{x.version}"><td>{shown}</td>'
            f"<td>{e(x.pack_name)}</td><td class=num>{x.times}</td>"
            f"<td class=num>{num(x.avg_before)}</td><td class=num>{num(x.avg_after)}</td>"
            f"<td class=num>{num(x.avg_change, True)}</td></tr>"
        )
    table = _table(exercise_headings(), "--rrrr", rows)
    return [*parts, table, _note(_(AVERAGES_NOTE)), "</section>"]


def _homework(data: ReportData) -> list[str]:
    parts = [_section(_("Homework"))]
    if not data.plans:
        parts.append("<p>" + e(_("No homework plan is set in these packs.")) + "</p>")
    for plan in data.plans:
        asked = _("Asked: {plan}.").format(plan=plan.asked)
        parts.append(f"<h3>{e(plan.pack_name)}</h3><p>{e(asked)} {e(plan.now)}</p>")
        if plan.periods:
            rows = [
                f"<tr><td>{e(p.label)}</td><td>{e(p.practised_text)}</td></tr>"
                for p in plan.periods
            ]
            parts.append(_table(plan_headings(), "--", rows))
        if plan.hidden_periods:
            parts.append(_note(hidden_words(plan.hidden_periods)))
    return [*parts, "</section>"]


def _sessions(data: ReportData) -> list[str]:
    parts = [_section(_("Sessions"))]
    if not data.sessions:
        return [*parts, _none_yet()]
    rows = []
    for s in data.sessions:
        note = f"<td>{e(s.note or '')}</td>" if data.with_notes else ""
        rows.append(
            f'<tr{" class=preview" if s.preview else ""} data-session="{s.id}">'
            f"<td class=when>{s.started_local.strftime('%Y-%m-%d %H:%M')}</td>"
            f"<td>{e(session_exercise(data, s))}</td>"
            f"<td class=num>{rating_words(s.before_rating)}</td>"
            f"<td class=num>{rating_words(s.after_rating)}</td>"
            f"<td>{e(change_words(s.before_rating, s.after_rating) or '-')}</td>"
            f"<td class=num>{minutes_seconds(s.played_seconds, 'nearest')}</td>"
            f"<td>{e(how_it_ended(s))}</td>{note}</tr>"
        )
    parts.append(_table(session_headings(data.with_notes), "--rr-r--", rows))
    if data.total > len(data.sessions):
        parts.append(_note(listed_words(len(data.sessions), data.total)))
    if has_previews(data):
        parts.append(_note(_(PREVIEWS_NOTE)))
    return [*parts, "</section>"]


def page(data: ReportData) -> str:
    title = report_title(data.name)
    parts = [
        "<!doctype html>",
        f'<html lang="{e(i18n.current())}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>" + e(_("{title} - regulate report").format(title=title)) + "</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(scope(data))}</p>',
        f'<p class="scale">{e(scale(data))}</p>',
    ]
    parts += _over_time(data) + _by_exercise(data) + _homework(data) + _sessions(data)
    parts.append(_note(_(STOPPED_NOTE)) + "</main></body></html>")
    return "\n".join(parts) + "\n"
