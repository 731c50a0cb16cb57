"""The report as Markdown: the same content as the HTML page, with the chart's data as tables."""

from __future__ import annotations

from regulate.durations import minutes_seconds
from regulate.i18n import _
from regulate.phrases import change_words
from regulate.report.build import AVERAGES_NOTE, PREVIEWS_NOTE, STOPPED_NOTE, ReportData
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


def md(text: str) -> str:
    """Text in a Markdown table cell: shown as written, never as markup."""
    out = " ".join(printable(text).split())
    for ch in "\\`*_[]<>|~":
        out = out.replace(ch, "\\" + ch)
    return out


def _over_time(data: ReportData) -> list[str]:
    lines = ["## " + _("Over time"), ""]
    if not data.chart:
        return [*lines, _("No sessions yet."), ""]
    what = _("Daily averages") if data.chart_is_daily else _("Each session, oldest first")
    lines += [f"{what}:", "", _row(_("when"), _("before"), _("after")), _rule(3)]
    for p in data.chart:
        when = day_words(p.when.date(), year=False)
        if not data.chart_is_daily:  # several in a day: each at its own time
            when += f" {p.when:%H:%M}"
        if data.chart_is_daily:
            b, a = num(p.before), num(p.after)
        else:
            b = rating_words(None if p.before is None else round(p.before))
            a = rating_words(None if p.after is None else round(p.after))
        lines.append(f"| {when} | {b} | {a} |")
    lines += ["", _("Week by week:"), ""]
    lines += [_row(*week_headings()), _rule(6)]
    for w in data.weeks:
        lines.append(
            f"| {day_words(w.monday)} | {w.sessions} | {w.days} | {num(w.avg_before)} | "
            f"{num(w.avg_after)} | {num(w.avg_change, True)} |"
        )
    for mark in data.marks:
        lines += ["", _("From {day}: {what}.").format(day=day_words(mark.day), what=md(mark.label))]
    return [*lines, ""]


def _by_exercise(data: ReportData) -> list[str]:
    lines = ["## " + _("By exercise"), ""]
    if not data.exercises:
        return [*lines, _("No sessions yet."), ""]
    lines += [_row(*exercise_headings()), _rule(6)]
    for e in data.exercises:
        version = version_words(e)
        title = md(e.exercise_title) + (f" ({version})" if version else "")
        lines.append(
            f"| {title} | {md(e.pack_name)} | {e.times} | "
            f"{num(e.avg_before)} | {num(e.avg_after)} | {num(e.avg_change, True)} |"
        )
    return [*lines, "", _(AVERAGES_NOTE), ""]


def _homework(data: ReportData) -> list[str]:
    lines = ["## " + _("Homework"), ""]
    if not data.plans:
        lines += [_("No homework plan is set in these packs."), ""]
    for plan in data.plans:
        asked = _("Asked: {plan}.").format(plan=plan.asked)
        lines += [f"### {md(plan.pack_name)}", "", f"{asked} {plan.now}", ""]
        if plan.periods:
            lines += [_row(*plan_headings()), _rule(2)]
            lines += [f"| {p.label} | {p.practised_text} |" for p in plan.periods]
            lines.append("")
        if plan.hidden_periods:
            lines += [hidden_words(plan.hidden_periods), ""]
    return lines


def _sessions(data: ReportData) -> list[str]:
    lines = ["## " + _("Sessions"), ""]
    if not data.sessions:
        return [*lines, _("No sessions yet.")]
    heads = session_headings(data.with_notes)
    lines += [_row(*heads), _rule(len(heads))]
    for s in data.sessions:
        row = (
            f"| {s.started_local.strftime('%Y-%m-%d %H:%M')} | {md(session_exercise(data, s))} | "
            f"{rating_words(s.before_rating)} | {rating_words(s.after_rating)} | "
            f"{change_words(s.before_rating, s.after_rating) or '-'} | "
            f"{minutes_seconds(s.played_seconds, 'nearest')} | {how_it_ended(s)} |"
        )
        if data.with_notes:
            row += f" {md(s.note or '')} |"
        lines.append(row)
    if data.total > len(data.sessions):
        lines += ["", listed_words(len(data.sessions), data.total)]
    if has_previews(data):
        lines += ["", _(PREVIEWS_NOTE)]
    return [*lines, "", _(STOPPED_NOTE)]


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(n: int) -> str:
    return "|" + " --- |" * n


def page(data: ReportData) -> str:
    title = "# " + report_title(md(data.name) if data.name else None)
    lines = [title, "", md(scope(data)), "", md(scale(data)), ""]
    lines += _over_time(data) + _by_exercise(data) + _homework(data) + _sessions(data)
    return "\n".join(lines) + "\n"
