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
    done: int

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
            out.append(Period(day, day, plan.times, counts.get(day, 0)))
            day += dt.timedelta(days=1)
        return out
    week = _week_start(first)
    while week <= last:
        end = week + dt.timedelta(days=6)
        done = sum(n for d, n in counts.items() if week <= d <= end)
        out.append(Period(week, end, plan.times, done))
        week += dt.timedelta(days=7)
    return out


def this_week(plan: Homework, practice_days: Iterable[dt.date], today: dt.date) -> str:
    """The home screen's line: '2 of 7 this week', or where the plan stands in time."""
    if plan.start and today < plan.start:
        return f"This plan starts on {_day(plan.start)}."
    if plan.until and today > plan.until:
        done = sum(
            1 for d in practice_days if (not plan.start or d >= plan.start) and d <= plan.until
        )
        return f"This plan finished on {_day(plan.until)}. Sessions done during it: {done}."
    monday = _week_start(today)
    sunday = monday + dt.timedelta(days=6)
    window_start = max(monday, plan.start) if plan.start else monday
    window_end = min(sunday, plan.until) if plan.until else sunday
    days_in_window = (window_end - window_start).days + 1
    asked = plan.times * days_in_window if plan.per == "day" else plan.times
    done = sum(1 for d in practice_days if window_start <= d <= window_end)
    return f"{done} of {asked} this week"
