"""The report as one self-contained HTML page (inline CSS and SVG, nothing fetched), laid out
to print cleanly: tables may run over pages, their rows and the chart never split."""

from __future__ import annotations

import html

from regulate import i18n
from regulate.domain.durations import minutes_seconds
from regulate.i18n import _
from regulate.report.build import (
    AVERAGES_NOTE,
    PRACTISED_NOTE,
    PREVIEWS_NOTE,
    STOPPED_NOTE,
    ReportData,
)
from regulate.report.chart import chart_svg
from regulate.report.terms import (
    change_in_words,
    chosen_summary,
    day_words,
    exercise_headings,
    exercise_kind,
    has_previews,
    hidden_words,
    how_it_ended,
    listed_words,
    moment_words,
    moments_more,
    plan_headings,
    rating_words,
    report_title,
    scale,
    scope,
    session_exercise,
    session_headings,
    signed,
    tally_cells,
    version_words,
    week_headings,
    when_words,
)
from regulate.system.textsafe import printable

CSS = """
:root { color-scheme: light; --ink: #1d2327; --muted: #5b6670; --line: #d5dadf;
        --before: #5b6670; --after: #1f6f78; --paper: #ffffff; --band: #f4f6f7; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       background: var(--paper); margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
.meta, .scale, .note, .version { color: var(--muted); font-size: .92rem; }
.version { display: block; }
.worth { border-left: 4px solid var(--after); background: var(--band); padding: .5rem 1rem; }
.worth ul { margin: .25rem 0; padding-left: 1.25rem; }
.worth li { margin: .2rem 0; }
td.words { white-space: nowrap; }
td.ended { min-width: 14em; }
td .version { font-size: .92em; }
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
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .3rem; }
  h2, h3 { break-after: avoid; }
  svg, tr, li, .meta, .scale { break-inside: avoid; }
  .worth { border-left-width: 2pt; background: none; }
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
        parts.append(
            _note(_("Each point is the average of one day's sessions rated both before and after."))
        )
    parts.append("<h3>" + e(_("Week by week")) + "</h3>")
    rows = [
        f"<tr><td class=when>{e(day_words(w.monday))}</td><td class=num>{w.sessions}</td>"
        f"<td class=num>{w.days}</td>{_nums(tally_cells(w.rated))}</tr>"
        for w in data.weeks
    ]
    parts.append(_table(week_headings(), "-rrrrrrrrr", rows))
    return [*parts, _note(_(PRACTISED_NOTE)), "</section>"]


def _nums(cells: tuple[str, ...]) -> str:
    return "".join(f"<td class=num>{e(c)}</td>" for c in cells)


def _worth(data: ReportData) -> list[str]:
    """What a therapist may want to ask about, first: drops, low moments, stops, notes."""
    if not data.moments:
        return []
    items = "".join(f"<li>{e(moment_words(data, m))}</li>" for m in data.moments)
    more = moments_more(data)
    return [
        '<section class="worth">',
        f"<h2>{e(_('Worth talking about'))}</h2>",
        f"<ul>{items}</ul>",
        *([_note(more)] if more else []),
        "</section>",
    ]


def _by_exercise(data: ReportData) -> list[str]:
    parts = [_section(_("By exercise"))]
    if not data.exercises:
        return [*parts, _none_yet()]
    rows = []
    for x in data.exercises:
        detail = "; ".join(
            w for w in (exercise_kind(data, x.pack_id, x.exercise_id), version_words(x)) if w
        )
        shown = e(x.exercise_title) + f'<span class="version">{e(detail)}</span>'
        pack = "" if data.one_pack else f"<td>{e(x.pack_name)}</td>"
        rows.append(
            f'<tr data-exercise="{e(x.exercise_id)}" data-version="{x.version}"><td>{shown}</td>'
            f"{pack}<td class=num>{x.times}</td>{_nums(tally_cells(x.rated))}</tr>"
        )
    right = "-" + ("" if data.one_pack else "-") + "r" * 8
    table = _table(exercise_headings(data.one_pack), right, rows)
    return [*parts, table, _note(_(AVERAGES_NOTE)), "</section>"]


def _chosen(data: ReportData) -> list[str]:
    if not data.chosen:
        return []
    rows = [f"<tr><td>{e(c.title)}</td><td>{e(chosen_summary(c))}</td></tr>"
            for c in data.chosen]  # fmt: skip
    heads = (_("exercise"), _("what was chosen, and how often"))
    return [_section(_("Choices made")), _table(heads, "--", rows), "</section>"]


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
            f"<td class=when>{e(when_words(s.started_local))}</td>"
            f"<td>{e(session_exercise(data, s))}</td>"
            f"<td class=num>{rating_words(s.before_rating)}</td>"
            f"<td class=num>{rating_words(s.after_rating)}</td>"
            f"<td class=num>{signed(s.change)}</td>"
            f"<td class=words>{e(change_in_words(s))}</td>"
            f"<td class=num>{minutes_seconds(s.played_seconds, 'nearest')}</td>"
            f"<td class=ended>{e(how_it_ended(s, data))}</td>{note}</tr>"
        )
    parts.append(_table(session_headings(data.with_notes), "--rrr-r--", rows))
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
    parts += _worth(data) + _over_time(data) + _by_exercise(data) + _chosen(data)
    parts += _homework(data) + _sessions(data)
    if data.stopped_any:
        parts.append(_note(_(STOPPED_NOTE)))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
