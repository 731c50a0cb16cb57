"""The words a report is said in, shared by both layouts: dates, numbers, how a session ended,
the headings of each table."""

from __future__ import annotations

import datetime as dt

from regulate.durations import minutes_seconds
from regulate.history import OUTCOME_WORDS, ExerciseSummary, Session
from regulate.i18n import _, date_words, decimal, ngettext
from regulate.phrases import scale_words, speed_words
from regulate.report.build import ReportData


def day_words(day: dt.date, year: bool = True) -> str:
    return date_words(day, "d MMM y" if year else "d MMM")


def num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    shown = decimal(abs(value) if signed else value)
    if not signed:
        return shown
    return ("-" if round(value, 1) < 0 else "+") + shown


def rating_words(value: int | None) -> str:
    return _("skipped") if value is None else str(value)


def version_words(e: ExerciseSummary) -> str:
    """'' for an exercise never changed; else 'version 2, since 24 Nov 2026'."""
    if e.versions == 1:
        return ""
    return _("version {version}, since {day}").format(version=e.version, day=day_words(e.first_day))


def session_exercise(data: ReportData, s: Session) -> str:
    found = data.versions.get((s.pack_id, s.exercise_id, s.exercise_sha256))
    if found is None or found.versions == 1:
        return s.exercise_title
    return _("{title} (version {version})").format(title=s.exercise_title, version=found.version)


def how_it_ended(s: Session) -> str:
    """In plain words, with where a stopped session stopped: all of it is in the history."""
    played, planned = (
        minutes_seconds(s.played_seconds, "nearest"),
        minutes_seconds(s.planned_seconds, "nearest"),
    )
    words = _(OUTCOME_WORDS[s.outcome])  # the words the app and the history table use
    if s.outcome == "stopped" and s.stopped_at_step:
        words = _("{outcome}, in step {step}, at {played} of {planned}").format(
            outcome=words, step=s.stopped_at_step, played=played, planned=planned
        )
    elif s.outcome == "stopped":
        words = _("{outcome}, at {played} of {planned}").format(
            outcome=words, played=played, planned=planned
        )
    elif s.outcome == "interrupted":
        words = _("{outcome} (regulate closed) at {played} of {planned}").format(
            outcome=words, played=played, planned=planned
        )
    if s.holds_skipped:
        words += "; " + _("holds skipped")
    if s.steps_skipped:
        words += "; " + ngettext("{n} step skipped", "{n} steps skipped", s.steps_skipped).format(
            n=s.steps_skipped
        )
    if s.preview:
        words = _("preview at {speed}x speed: {outcome}").format(
            speed=speed_words(s.speed), outcome=words
        )
    return words


def scope(data: ReportData) -> str:
    parts = [_("Made with regulate on {day}.").format(day=day_words(data.made_on))]
    if data.name:
        name = _("For {name}").format(name=data.name)
        parts.insert(0, name + ("" if data.name.endswith((".", "!", "?")) else "."))
    if data.days:
        first, last = data.days
        span = (last - first).days + 1
        parts.append(
            ngettext(
                "Covers {first} to {last} ({n} day).", "Covers {first} to {last} ({n} days).", span
            ).format(first=day_words(first), last=day_words(last), n=span)
        )
    if data.pack:
        parts.append(_("Pack: {pack}.").format(pack=data.pack))
    parts.append(
        _("Sessions since {day}: {n}.").format(day=day_words(data.since), n=data.total)
        if data.since
        else _("All sessions: {n}.").format(n=data.total)
    )
    if not data.with_notes:
        parts.append(_("Personal notes are not included."))
    return " ".join(parts)


def scale(data: ReportData) -> str:
    r = scale_words(data.rating)
    mid = f", 5 = {r.mid}" if r.mid else ""
    return f"{r.question} 0 = {r.low}{mid}, 10 = {r.high}."


def report_title(name: str | None) -> str:
    title = _("Calm ratings, before and after")
    return _("{title}: {name}").format(title=title, name=name) if name else title


def week_headings() -> tuple[str, ...]:
    return (_("week of"), _("sessions"), _("days practised"), _("average before"),
            _("average after"), _("average change"))  # fmt: skip


def exercise_headings() -> tuple[str, ...]:
    return (_("exercise"), _("pack"), _("times"), _("average before"), _("average after"),
            _("average change"))  # fmt: skip


def plan_headings() -> tuple[str, ...]:
    return (_("day or week"), _("practised"))


def session_headings(with_notes: bool) -> tuple[str, ...]:
    heads = (_("date"), _("exercise"), _("before"), _("after"), _("change"), _("time"),
             _("how it ended"))  # fmt: skip
    return (*heads, _("note")) if with_notes else heads


def hidden_words(n: int) -> str:
    return ngettext(
        "({n} earlier day or week is not shown.)", "({n} earlier days or weeks are not shown.)", n
    ).format(n=n)


def listed_words(listed: int, total: int) -> str:
    return _(
        "The {listed} most recent of {total} sessions are listed; all of them are counted above."
    ).format(listed=listed, total=total)


def has_previews(data: ReportData) -> bool:
    return data.include_previews and any(s.preview for s in data.sessions)
