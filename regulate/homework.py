"""The homework plan against what was done, in plain words: never a streak, a 'missed' or a red.

Completed and stopped sessions count (a stopped session is practice too); interrupted
ones and previews do not. Days are the person's local days; weeks start on Monday.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from regulate.model import Homework


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    asked: int
    done: int  # never above what was asked: sessions on a day, days practised in a week
    sessions: int = 0  # every session, however many

    @property
    def done_text(self) -> str:
        """'1 (3 sessions)': what counts toward the plan, and all that was done."""
        extra = f" ({sessions_text(self.sessions)})" if self.sessions > self.done else ""
        return f"{self.done}{extra}"

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.strftime("%a %d %b")
        return f"week of {self.start.strftime('%d %b')}"


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def describe(plan: Homework) -> str:
    """'once a day, 20 Nov to 4 Dec 2026' - what was asked."""
    text = f"{_times(plan.times)} a {plan.per}"
    if plan.start and plan.until:
        text += f", {_day(plan.start)} to {_day(plan.until)}"
    elif plan.start:
        text += f", from {_day(plan.start)}"
    elif plan.until:
        text += f", until {_day(plan.until)}"
    return text


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def periods(plan: Homework, practice_days: Iterable[dt.date], today: dt.date) -> list[Period]:
    """Each day or week of the plan from its start (or the first practice) up to today."""
    counts = Counter(practice_days)
    first = plan.start or min(counts, default=today)
    last = min(today, plan.until) if plan.until else today
    if last < first:
        return []
    out: list[Period] = []
    if plan.per == "day":
        day = first
        while day <= last:
            sessions = counts.get(day, 0)
            out.append(Period(day, day, plan.times, min(plan.times, sessions), sessions))
            day += dt.timedelta(days=1)
        return out
    week = _week_start(first)
    while week <= last:
        end = week + dt.timedelta(days=6)
        days = [d for d in counts if week <= d <= end]
        sessions = sum(counts[d] for d in days)
        out.append(Period(week, end, plan.times, min(plan.times, len(days)), sessions))
        week += dt.timedelta(days=7)
    return out


def sessions_text(n: int) -> str:
    return "1 session" if n == 1 else f"{n} sessions"


def this_week(plan: Homework, practice_days: Iterable[dt.date], today: dt.date) -> str:
    """Where this week stands, in days practised ('practised on 2 of 7 days this week
    (3 sessions)'), never above the plan; '' when nothing is done yet, so the plan stands alone.
    Outside the plan's dates, where the plan stands in time."""
    days = list(practice_days)
    if plan.start and today < plan.start:
        return f"This plan starts on {_day(plan.start)}."
    if plan.until and today > plan.until:
        during = [d for d in days if (not plan.start or d >= plan.start) and d <= plan.until]
        extra = f" ({sessions_text(len(during))})" if len(during) > len(set(during)) else ""
        return (
            f"This plan finished on {_day(plan.until)}. Practised on "
            f"{_days_text(len(set(during)))} during it{extra}."
        )
    monday = _week_start(today)
    sunday = monday + dt.timedelta(days=6)
    window_start = max(monday, plan.start) if plan.start else monday
    window_end = min(sunday, plan.until) if plan.until else sunday
    done = [d for d in days if window_start <= d <= window_end]
    if not done:
        return ""
    practised = len(set(done))
    if plan.per == "day":
        of = (window_end - window_start).days + 1
        count, counted = practised, f"Practised on {practised} of {_days_text(of)} this week"
    else:
        count = min(practised, plan.times)
        counted = f"Practised on {count} of the {plan.times} days asked this week"
    sessions = f" ({sessions_text(len(done))})" if len(done) > count else ""
    return f"{counted}{sessions}."


def _days_text(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"
