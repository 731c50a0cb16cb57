"""The words a report is said in, shared by both layouts: dates, numbers, how a session ended,
the headings of each table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from regulate import i18n
from regulate.domain.durations import minutes_seconds
from regulate.domain.phrases import change_words, kind_words, listing, scale_words, speed_words
from regulate.history import OUTCOME_WORDS, ExerciseSummary, Session, Tally
from regulate.i18n import N_, _, date_words, decimal, ngettext
from regulate.report.build import Chosen, Moment, ReportData


def day_words(day: dt.date, year: bool = True) -> str:
    return _day_words(day, year, i18n.current())


@lru_cache(maxsize=4096)
def _day_words(day: dt.date, year: bool, language: str) -> str:
    """Babel takes about a tenth of a millisecond a date; a long report says the same few
    hundred dates thousands of times."""
    return date_words(day, "d MMM y" if year else "d MMM")


def num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    # rounded as Babel rounds (the text of the float, half to even), so that the few hundred
    # values a report can show are each said once; thousands of averages share them
    tenths = Decimal(str(value)).quantize(Decimal("0.1"))
    shown = _decimal(abs(tenths) if signed else tenths, i18n.current())
    if not signed:
        return shown
    return ("-" if tenths < 0 else "+") + shown


@lru_cache(maxsize=1024)
def _decimal(tenths: Decimal, language: str) -> str:
    return decimal(tenths)  # type: ignore[arg-type]  # Babel takes a Decimal as it is


def when_words(moment: dt.datetime) -> str:
    """'6 Dec 2026, 21:40': a session's day as every date in the report is written."""
    return _("{day}, {time}").format(day=day_words(moment.date()), time=f"{moment:%H:%M}")


def signed(change: int | None) -> str:
    """A session's change as a number with its sign: '+3', '-2', '0'; '-' when not rated."""
    if change is None:
        return "-"
    return f"+{change}" if change > 0 else str(change)


def change_in_words(s: Session) -> str:
    return change_words(s.before_rating, s.after_rating) or "-"


def exercise_kind(data: ReportData, pack_id: str, exercise_id: str) -> str:
    """The exercise's kind, from its pack; said as unknown when the pack is not here."""
    kind = data.kinds.get((pack_id, exercise_id))
    return kind_words(kind) if kind else _("kind unknown")


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


def how_it_ended(s: Session, data: ReportData | None = None) -> str:
    """In plain words, with where a stopped session stopped (the scan area's or the step's
    name when the history has it) and what was chosen along the way: all of it is in the
    history."""
    played, planned = (
        minutes_seconds(s.played_seconds, "nearest"),
        minutes_seconds(s.planned_seconds, "nearest"),
    )
    words = _(OUTCOME_WORDS[s.outcome])  # the words the app and the history table use
    if s.outcome == "stopped" and s.stopped_where:
        words = _("{outcome} in {where}, at {played} of {planned}").format(
            outcome=words, where=s.stopped_where, played=played, planned=planned
        )
    elif s.outcome == "stopped" and s.stopped_at_step:
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
    if data is not None:
        words = "; ".join([words, *chosen_words(s, data)])
    if s.preview:
        words = _("preview at {speed}x speed: {outcome}").format(
            speed=speed_words(s.speed), outcome=words
        )
    return words


def near(other: Session, s: Session) -> str:
    """When `other` started, seen from `s`: its time alone on the same day."""
    if other.started_local.date() == s.started_local.date():
        return f"{other.started_local:%H:%M}"
    return when_words(other.started_local)


def chosen_words(s: Session, data: ReportData, with_settle: bool = True) -> list[str]:
    """What the person chose in this session, in the order it is kept, and the settle
    exercise it led to (unless `with_settle` is False: said elsewhere) or came after."""
    out = []
    before = data.after.get(s.id)
    if before is not None:
        out.append(_("the settle exercise, chosen after {title} ({when})").format(
            title=before.exercise_title, when=near(before, s)))  # fmt: skip
    skipped = [c.split(":", 1)[1] for c in s.choices if c.startswith("skipped_area:")]
    for choice in s.choices:
        if choice == "settle" and with_settle:
            then = data.then.get(s.id)
            out.append(
                _("then chose the settle exercise ({title}, {when})").format(
                    title=then.exercise_title, when=near(then, s))
                if then else _("then chose the settle exercise")
            )  # fmt: skip
        elif choice in CHOICE_WORDS:
            out.append(_(CHOICE_WORDS[choice]))
    if skipped:
        out.append(_("skipped: {areas}").format(areas=listing(skipped)))
    return out


CHOICE_WORDS = {
    "support": N_("opened the support words"),
    "look_around": N_("looked around the room (o)"),
    "continued_low": N_("carried on after a low rating"),
}


def moment_words(data: ReportData, m: Moment) -> str:
    """One line of 'worth talking about': when, which exercise, and what happened."""
    s = m.session
    parts = []
    if m.drop:
        parts.append(_("before {before}, after {after} ({change}, {words})").format(
            before=s.before_rating, after=s.after_rating, change=signed(s.change),
            words=change_in_words(s)))  # fmt: skip
    elif m.low:
        parts.append(_("a low rating before: {before}").format(before=s.before_rating))
    if m.low and s.outcome == "not_started" and "settle" not in s.choices:
        parts.append(_("did not start the exercise"))
    if s.outcome == "stopped":
        parts.append(
            _("stopped early in {where}").format(where=s.stopped_where)
            if s.stopped_where else _("stopped early")
        )  # fmt: skip
    parts += chosen_words(s, data, with_settle=False)
    if m.then is not None:
        t = m.then
        parts.append(
            _("then the settle exercise ({title}, before {before}, after {after})").format(
                title=t.exercise_title, before=rating_words(t.before_rating),
                after=rating_words(t.after_rating))
            if t.before_rating is not None or t.after_rating is not None
            else _("then the settle exercise ({title})").format(title=t.exercise_title)
        )  # fmt: skip
    elif "settle" in s.choices:
        parts.append(_("then chose the settle exercise"))
    if data.with_notes and s.note:
        parts.append(_("note: {note}").format(note=s.note))
    what = "; ".join(parts)
    return _("{when} - {title}: {what}").format(
        when=when_words(s.started_local), title=session_exercise(data, s), what=what
    )


def chosen_summary(c: Chosen) -> str:
    """'looked around the room (o) in 3 sessions; skipped: Neck (2), Head (1); ...'"""
    counts = c.counts
    parts = [
        text.format(n=counts[word])
        for word, text in (
            ("look_around", ngettext("looked around the room (o) in {n} session",
                                     "looked around the room (o) in {n} sessions",
                                     counts.get("look_around", 0))),
            ("support", ngettext("opened the support words in {n} session",
                                 "opened the support words in {n} sessions",
                                 counts.get("support", 0))),
            ("settle", ngettext("chose the settle exercise after {n} session",
                                "chose the settle exercise after {n} sessions",
                                counts.get("settle", 0))),
            ("continued_low", ngettext("carried on after a low rating in {n} session",
                                       "carried on after a low rating in {n} sessions",
                                       counts.get("continued_low", 0))),
        )
        if counts.get(word)
    ]  # fmt: skip
    if c.skipped:
        parts.append(_("skipped: {areas}").format(areas=counted(c.skipped)))
    if c.stopped_in:
        parts.append(_("stopped early in: {where}").format(where=counted(c.stopped_in)))
    return "; ".join(parts)


def counted(named: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} ({n})" for name, n in named)


def scope(data: ReportData) -> str:
    """What the report covers, said once each: the name is in the title only."""
    parts = [_("Made with regulate on {day}.").format(day=day_words(data.made_on))]
    n = data.total
    if data.days and data.days[0] == data.days[1]:
        when = ngettext("{n} session, on {day}", "{n} sessions, all on {day}", n).format(
            n=n, day=day_words(data.days[0]))  # fmt: skip
    elif data.days:
        first, last = data.days
        span = (last - first).days + 1
        when = ngettext(
            "{n} session, from {first} to {last} ({days} days)",
            "{n} sessions, from {first} to {last} ({days} days)",
            n,
        ).format(n=n, first=day_words(first), last=day_words(last), days=span)
    else:
        when = _("No sessions")
    if data.since:
        when = _("Since {day}: {sessions}").format(day=day_words(data.since), sessions=when)
    parts.append(when + ".")
    if data.one_pack and data.exercises:  # said once here, not in every row
        parts.append(_("Pack: {pack}.").format(pack=data.exercises[0].pack_name))
    elif data.pack:
        parts.append(_("Pack: {pack}.").format(pack=data.pack))
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


def tally_headings() -> tuple[str, ...]:
    return (_("rated both"), _("average before"), _("average after"), _("average change"),
            _("calmer"), _("about the same"), _("less calm"))  # fmt: skip


def week_headings() -> tuple[str, ...]:
    return (_("week of"), _("sessions"), _("days practised"), *tally_headings())


def exercise_headings(one_pack: bool) -> tuple[str, ...]:
    pack = () if one_pack else (_("pack"),)
    return (_("exercise"), *pack, _("times"), *tally_headings())


def tally_cells(t: Tally) -> tuple[str, ...]:
    """A tally's cells, in the order of tally_headings()."""
    return (str(t.n), num(t.avg_before), num(t.avg_after), num(t.avg_change, True),
            str(t.calmer), str(t.same), str(t.less))  # fmt: skip


def plan_headings() -> tuple[str, ...]:
    return (_("day or week"), _("practised"))


def session_headings(with_notes: bool) -> tuple[str, ...]:
    heads = (_("date"), _("exercise"), _("before"), _("after"), _("change"), _("in words"),
             _("time"), _("how it ended"))  # fmt: skip
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


def moments_more(data: ReportData) -> str:
    """'' when every moment worth talking about is listed; else how many earlier ones are not."""
    n = data.moments_hidden
    if n <= 0:
        return ""
    return ngettext(
        "The {shown} most recent are listed; {n} earlier session like these is not.",
        "The {shown} most recent are listed; {n} earlier sessions like these are not.",
        n,
    ).format(shown=len(data.moments), n=n)
