"""The report as Markdown: the same content as the HTML page, with the chart's data as tables."""

from __future__ import annotations

from regulate.domain.durations import minutes_seconds
from regulate.i18n import _
from regulate.report.build import (
    AVERAGES_NOTE,
    PRACTISED_NOTE,
    PREVIEWS_NOTE,
    STOPPED_NOTE,
    ReportData,
)
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
    num,
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
    heads = week_headings()
    lines += [_row(*heads), _rule(len(heads))]
    for w in data.weeks:
        lines.append(_row(day_words(w.monday), str(w.sessions), str(w.days), *tally_cells(w.rated)))
    for mark in data.marks:
        lines += ["", _("From {day}: {what}.").format(day=day_words(mark.day), what=md(mark.label))]
    return [*lines, "", _(PRACTISED_NOTE), ""]


def _worth(data: ReportData) -> list[str]:
    if not data.moments:
        return []
    lines = ["## " + _("Worth talking about"), ""]
    lines += ["- " + md(moment_words(data, m)) for m in data.moments]
    more = moments_more(data)
    return [*lines, *(["", more] if more else []), ""]


def _by_exercise(data: ReportData) -> list[str]:
    lines = ["## " + _("By exercise"), ""]
    if not data.exercises:
        return [*lines, _("No sessions yet."), ""]
    heads = exercise_headings(data.one_pack)
    lines += [_row(*heads), _rule(len(heads))]
    for e in data.exercises:
        detail = "; ".join(
            w for w in (exercise_kind(data, e.pack_id, e.exercise_id), version_words(e)) if w
        )
        title = f"{md(e.exercise_title)} ({md(detail)})"
        pack = () if data.one_pack else (md(e.pack_name),)
        lines.append(_row(title, *pack, str(e.times), *tally_cells(e.rated)))
    return [*lines, "", _(AVERAGES_NOTE), ""]


def _chosen(data: ReportData) -> list[str]:
    if not data.chosen:
        return []
    lines = ["## " + _("Choices made"), ""]
    lines += [_row(_("exercise"), _("what was chosen, and how often")), _rule(2)]
    lines += [_row(md(c.title), md(chosen_summary(c))) for c in data.chosen]
    return [*lines, ""]


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
        cells = [when_words(s.started_local), md(session_exercise(data, s)),
                 rating_words(s.before_rating), rating_words(s.after_rating), signed(s.change),
                 change_in_words(s), minutes_seconds(s.played_seconds, "nearest"),
                 md(how_it_ended(s, data))]  # fmt: skip
        if data.with_notes:
            cells.append(md(s.note or ""))
        lines.append(_row(*cells))
    if data.total > len(data.sessions):
        lines += ["", listed_words(len(data.sessions), data.total)]
    if has_previews(data):
        lines += ["", _(PREVIEWS_NOTE)]
    return [*lines, *(["", _(STOPPED_NOTE)] if data.stopped_any else [])]


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(n: int) -> str:
    return "|" + " --- |" * n


def page(data: ReportData) -> str:
    title = "# " + report_title(md(data.name) if data.name else None)
    lines = [title, "", md(scope(data)), "", md(scale(data)), ""]
    lines += _worth(data) + _over_time(data) + _by_exercise(data) + _chosen(data)
    lines += _homework(data) + _sessions(data)
    return "\n".join(lines) + "\n"
