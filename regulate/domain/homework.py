"""The homework plan against what was done, in plain words: never a streak, a 'missed' or a red.

Completed and stopped sessions count (a stopped session is practice too); interrupted
ones and previews do not. Days are the person's local days; weeks start on Monday.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from regulate.domain.model import Homework
from regulate.i18n import _, date_words, ngettext


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    asked: int
    done: int  # never above what was asked: sessions on a day, days practised in a week
    sessions: int = 0  # every session, however many
    days: int = 0  # the days practised in it

    @property
    def practised_text(self) -> str:
        """What was done, as it was done: '2 sessions' on a day; '3 days (4 sessions)' in a
        week. Never set against what was asked: practice is shown, not a shortfall."""
        if self.start == self.end:
            return sessions_text(self.sessions)
        days = _days_text(self.days)
        if self.sessions > self.days:
            return f"{days}{_sessions_aside(self.sessions)}"
        return days

    @property
    def label(self) -> str:
        if self.start == self.end:
            return date_words(self.start, "EEE d MMM")
        return _("week of {day}").format(day=date_words(self.start, "d MMM"))


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_end(monday: dt.date) -> dt.date:
    """The Sunday of a week; the last day there is, in the calendar's last week."""
    return (
        monday + dt.timedelta(days=6)
        if monday <= dt.date.max - dt.timedelta(days=6)
        else dt.date.max
    )


def _how_often(plan: Homework) -> str:
    n = plan.times
    if plan.per == "day":
        if n == 1:
            return _("once a day")
        if n == 2:
            return _("twice a day")
        return ngettext("{n} time a day", "{n} times a day", n).format(n=n)
    if n == 1:
        return _("once a week")
    if n == 2:
        return _("twice a week")
    return ngettext("{n} time a week", "{n} times a week", n).format(n=n)


def describe(plan: Homework) -> str:
    """'once a day, 20 Nov 2026 to 4 Dec 2026' - what was asked."""
    text = _how_often(plan)
    if plan.start and plan.until:
        dates = _("{start} to {until}").format(start=_day(plan.start), until=_day(plan.until))
    elif plan.start:
        dates = _("from {start}").format(start=_day(plan.start))
    elif plan.until:
        dates = _("until {until}").format(until=_day(plan.until))
    else:
        return text
    return f"{text}, {dates}"


def _day(day: dt.date) -> str:
    return date_words(day, "d MMM y")


def periods(plan: Homework, practice_days: Iterable[dt.date], today: dt.date) -> list[Period]:
    """Each day or week of the plan, from its start up to today, in which there was practice -
    practice as it was done, never a row of noughts. It costs what the sessions cost, not what
    the plan's days cost: a plan from the year 1 is no slower than one from last week."""
    counts = Counter(practice_days)
    first = plan.start or dt.date.min
    last = min(today, plan.until) if plan.until else today
    days = sorted(day for day in counts if first <= day <= last)
    if plan.per == "day":
        return [
            Period(day, day, plan.times, min(plan.times, counts[day]), counts[day], 1)
            for day in days
        ]
    weeks: dict[dt.date, list[dt.date]] = {}
    for day in days:
        weeks.setdefault(_week_start(day), []).append(day)
    return [
        Period(
            week,
            _week_end(week),
            plan.times,
            min(plan.times, len(in_week)),
            sum(counts[d] for d in in_week),
            len(in_week),
        )
        for week, in_week in weeks.items()
    ]


def sessions_text(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n).format(n=n)


def this_week(
    plan: Homework,
    practice_days: Iterable[dt.date],
    today: dt.date,
    *,
    against_plan: bool = False,
) -> str:
    """Where this week stands, in days practised: for the person, what was done and nothing
    it is measured against ('Practised on 2 days this week (3 sessions).' - a denominator
    reads as a grade); `against_plan`, for the therapist's report, beside what was asked
    ('practised on 2 of 7 days this week'), never above the plan. '' when nothing is done yet,
    so the plan stands alone. Outside the plan's dates, where the plan stands in time."""
    days = list(practice_days)
    if plan.start and today < plan.start:
        return _("This plan starts on {day}.").format(day=_day(plan.start))
    if plan.until and today > plan.until:
        during = [d for d in days if (not plan.start or d >= plan.start) and d <= plan.until]
        extra = _sessions_aside(len(during)) if len(during) > len(set(during)) else ""
        return _("This plan finished on {day}. Practised on {days} during it{sessions}.").format(
            day=_day(plan.until), days=_days_text(len(set(during))), sessions=extra
        )
    monday = _week_start(today)
    sunday = _week_end(monday)
    window_start = max(monday, plan.start) if plan.start else monday
    window_end = min(sunday, plan.until) if plan.until else sunday
    done = [d for d in days if window_start <= d <= window_end]
    if not done:
        return ""
    practised = len(set(done))
    if not against_plan:
        if practised == 1 and done[0] == today:
            extra = _sessions_aside(len(done)) if len(done) > 1 else ""
            return _("Practised today{sessions}.").format(sessions=extra)
        extra = _sessions_aside(len(done)) if len(done) > practised else ""
        return ngettext(
            "Practised on {n} day this week{sessions}.",
            "Practised on {n} days this week{sessions}.",
            practised,
        ).format(n=practised, sessions=extra)
    if plan.per == "day":
        # only the days that have come: on a Friday, Saturday and Sunday are still ahead
        come = min(window_end, today)
        n = (come - window_start).days + 1
        count = practised
        if n == 1:  # the week's (or the plan's) first day, today
            extra = _sessions_aside(len(done)) if len(done) > 1 else ""
            return _("Practised today{sessions}.").format(sessions=extra)
        counted = (
            ngettext(
                "Practised on {done} of {n} day this week{sessions}.",
                "Practised on {done} of {n} days this week{sessions}.",
                n,
            )
            if come == window_end
            else ngettext(
                "Practised on {done} of the {n} day so far this week{sessions}.",
                "Practised on {done} of the {n} days so far this week{sessions}.",
                n,
            )
        )
    else:
        count, n = min(practised, plan.times), plan.times
        counted = ngettext(
            "Practised on {done} of the {n} day asked this week{sessions}.",
            "Practised on {done} of the {n} days asked this week{sessions}.",
            n,
        )
    extra = _sessions_aside(len(done)) if len(done) > count else ""
    return counted.format(done=count, n=n, sessions=extra)


def _sessions_aside(n: int) -> str:
    """' (3 sessions)', put inside a sentence that has room for it."""
    return " " + _("({sessions})").format(sessions=sessions_text(n))


def _days_text(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)
