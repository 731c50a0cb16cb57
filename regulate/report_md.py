"""The report as Markdown: the same content as the HTML page, with the chart's data as tables."""

from __future__ import annotations

from regulate.phrases import change_words
from regulate.recordings import clock
from regulate.report import (
    AVERAGES_NOTE,
    PREVIEWS_NOTE,
    STOPPED_NOTE,
    ReportData,
    day_words,
    has_previews,
    how_it_ended,
    num,
    rating_words,
    scale,
    scope,
    session_exercise,
    version_words,
)
from regulate.textsafe import printable


def md(text: str) -> str:
    """Text in a Markdown table cell: shown as written, never as markup."""
    out = " ".join(printable(text).split())
    for ch in "\\`*_[]<>|~":
        out = out.replace(ch, "\\" + ch)
    return out


def _over_time(data: ReportData) -> list[str]:
    lines = ["## Over time", ""]
    if not data.chart:
        return [*lines, "No sessions yet.", ""]
    what = "Daily averages" if data.chart_is_daily else "Each session, oldest first"
    lines += [f"{what}:", "", "| when | before | after |", "| --- | --- | --- |"]
    for p in data.chart:
        when = day_words(p.when.date(), year=False)
        if data.chart_is_daily:
            b, a = num(p.before), num(p.after)
        else:
            b = rating_words(None if p.before is None else round(p.before))
            a = rating_words(None if p.after is None else round(p.after))
        lines.append(f"| {when} | {b} | {a} |")
    lines += ["", "Week by week:", ""]
    lines += ["| week of | sessions | days practised | average before | average after | "
              "average change |", "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for w in data.weeks:
        lines.append(
            f"| {day_words(w.monday)} | {w.sessions} | {w.days} | {num(w.avg_before)} | "
            f"{num(w.avg_after)} | {num(w.avg_change, True)} |"
        )
    for mark in data.marks:
        lines += ["", f"From {day_words(mark.day)}: {md(mark.label)}."]
    return [*lines, ""]


def _by_exercise(data: ReportData) -> list[str]:
    lines = ["## By exercise", ""]
    if not data.exercises:
        return [*lines, "No sessions yet.", ""]
    lines += [
        "| exercise | pack | times | average before | average after | average change |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for e in data.exercises:
        version = version_words(e)
        title = md(e.exercise_title) + (f" ({version})" if version else "")
        lines.append(
            f"| {title} | {md(e.pack_name)} | {e.times} | "
            f"{num(e.avg_before)} | {num(e.avg_after)} | {num(e.avg_change, True)} |"
        )
    return [*lines, "", AVERAGES_NOTE, ""]


def _homework(data: ReportData) -> list[str]:
    lines = ["## Homework", ""]
    if not data.plans:
        lines += ["No homework plan is set in these packs.", ""]
    for plan in data.plans:
        lines += [f"### {md(plan.pack_name)}", "", f"Asked: {plan.asked}. {plan.now}", ""]
        if plan.periods:
            lines += ["| day or week | done | asked |", "| --- | --- | --- |"]
            lines += [f"| {p.label} | {p.done_text} | {p.asked} |" for p in plan.periods]
            lines.append("")
        if plan.hidden_periods:
            lines += [f"({plan.hidden_periods} earlier days or weeks are not shown.)", ""]
    return lines


def _sessions(data: ReportData) -> list[str]:
    lines = ["## Sessions", ""]
    if not data.sessions:
        return [*lines, "No sessions yet."]
    head = "| date | exercise | before | after | change | time | how it ended |"
    rule = "| --- | --- | --- | --- | --- | --- | --- |"
    if data.with_notes:
        head, rule = head + " note |", rule + " --- |"
    lines += [head, rule]
    for s in data.sessions:
        row = (
            f"| {s.started_local.strftime('%Y-%m-%d %H:%M')} | {md(session_exercise(data, s))} | "
            f"{rating_words(s.before_rating)} | {rating_words(s.after_rating)} | "
            f"{change_words(s.before_rating, s.after_rating) or '-'} | "
            f"{clock(s.played_seconds)} | {how_it_ended(s)} |"
        )
        if data.with_notes:
            row += f" {md(s.note or '')} |"
        lines.append(row)
    if data.total > len(data.sessions):
        lines += ["", f"The {len(data.sessions)} most recent of {data.total} sessions are "
                  "listed; all of them are counted above."]  # fmt: skip
    if has_previews(data):
        lines += ["", PREVIEWS_NOTE]
    return [*lines, "", STOPPED_NOTE]


def page(data: ReportData) -> str:
    title = "# Calm ratings, before and after" + (f": {md(data.name)}" if data.name else "")
    lines = [title, "", md(scope(data)), "", md(scale(data)), ""]
    lines += _over_time(data) + _by_exercise(data) + _homework(data) + _sessions(data)
    return "\n".join(lines) + "\n"
