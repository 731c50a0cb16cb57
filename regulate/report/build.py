"""What a report holds, built from the history store's queries; `words` says it, `html` and
`markdown` lay it out. Nothing here reaches the network, and every piece of text from a pack or
a note is escaped where it is laid out, never interpreted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from regulate import homework
from regulate.history import DayTotals, ExerciseSummary, History, Session
from regulate.i18n import N_, _
from regulate.model import DEFAULT_RATING, Homework, Pack, RatingScale
from regulate.report.chart import ChartPoint, VersionMark, WeekPoint

MAX_SESSION_ROWS = 300
MAX_CHART_POINTS = 120
MAX_PLAN_ROWS = 56
MAX_VERSION_MARKS = 6
AVERAGES_NOTE = N_(
    "Skipped ratings are left out of the averages. "
    "The average change counts only sessions rated both before and after. "
    "When an exercise was changed, each version has its own row and is never averaged with "
    "another."
)
PREVIEWS_NOTE = N_(
    "Previews (exercises played faster, to try them) are listed among the sessions, marked as "
    "previews, and left out of the chart and every average."
)
STOPPED_NOTE = N_("A session stopped early is shown here as it happened, with no judgement.")


@dataclass(frozen=True)
class Plan:
    pack_name: str
    asked: str
    periods: tuple[homework.Period, ...]
    hidden_periods: int
    now: str


@dataclass(frozen=True)
class Week:
    monday: dt.date
    sessions: int
    days: int
    avg_before: float | None
    avg_after: float | None
    avg_change: float | None


@dataclass(frozen=True)
class ReportData:
    made_on: dt.date
    since: dt.date | None
    pack: str | None
    name: str | None  # the client's own label, if they chose to add one
    total: int
    days: tuple[dt.date, dt.date] | None  # the first and last day with a session
    chart: tuple[ChartPoint, ...]
    chart_is_daily: bool
    weeks: tuple[Week, ...]
    marks: tuple[VersionMark, ...]
    exercises: tuple[ExerciseSummary, ...]  # one row per version
    plans: tuple[Plan, ...]
    sessions: tuple[Session, ...]  # newest first, at most MAX_SESSION_ROWS
    versions: Mapping[tuple[str, str, str], ExerciseSummary]  # by (pack, exercise, sha256)
    with_notes: bool
    include_previews: bool
    rating: RatingScale

    @property
    def week_points(self) -> tuple[WeekPoint, ...]:
        return tuple(WeekPoint(w.monday, w.avg_before, w.avg_after) for w in self.weeks)


def build(
    store: History,
    packs: Mapping[str, Pack],
    *,
    pack: str | None = None,
    since: dt.date | None = None,
    with_notes: bool = False,
    include_previews: bool = False,
    name: str | None = None,
    today: dt.date | None = None,
) -> ReportData:
    today = today or dt.date.today()
    exercises = _grouped(store.exercise_summaries(pack, since))
    versions = {(e.pack_id, e.exercise_id, e.exercise_sha256): e for e in exercises}
    # one pass in SQL gives each day's sums; the chart, the weeks, the count and the first and
    # last day are made from those few hundred rows
    days = store.by_day(pack, since)
    counted = sum(d.sessions for d in days)
    if counted <= MAX_CHART_POINTS:
        chart = tuple(
            ChartPoint(
                s.started_local, s.before_rating, s.after_rating, s.id, _version(versions, s)
            )
            for s in store.sessions(pack, since, False, newest_first=False)
        )
        daily = False
    else:
        chart = tuple(
            ChartPoint(dt.datetime.combine(d.day, dt.time(12)), d.avg_before, d.avg_after)
            for d in days
        )
        daily = True
    marks = sorted(
        (VersionMark(e.first_day, _("{title}: version {version}").format(
            title=e.exercise_title, version=e.version))
         for e in exercises if e.version > 1),
        key=lambda m: m.day,
    )  # fmt: skip
    return ReportData(
        made_on=today,
        since=since,
        pack=pack,
        name=" ".join(name.split()) if name and name.strip() else None,
        total=store.count(pack, since, True) if include_previews else counted,
        days=(
            store.day_range(pack, since, True)
            if include_previews
            else ((days[0].day, days[-1].day) if days else None)
        ),
        chart=chart,
        chart_is_daily=daily,
        weeks=_every_week(days),
        marks=tuple(marks[-MAX_VERSION_MARKS:]),
        exercises=tuple(exercises),
        plans=_plans(store, packs, pack, today),
        sessions=tuple(store.sessions(pack, since, include_previews, limit=MAX_SESSION_ROWS)),
        versions=versions,
        with_notes=with_notes,
        include_previews=include_previews,
        rating=packs[pack].rating if pack and pack in packs else DEFAULT_RATING,
    )


def _plans(
    store: History, packs: Mapping[str, Pack], pack: str | None, today: dt.date
) -> tuple[Plan, ...]:
    plans = []
    for pack_id, the_pack in sorted(packs.items()):
        if the_pack.homework is None or (pack and pack_id != pack):
            continue
        done_days = store.practice_days(pack_id)
        # practice as it was done: the days and weeks with practice, never a row of noughts
        periods = homework.periods(the_pack.homework, done_days, today)
        plans.append(
            Plan(
                pack_name=the_pack.name,
                asked=homework.describe(the_pack.homework),
                periods=tuple(periods[-MAX_PLAN_ROWS:]),
                hidden_periods=max(0, len(periods) - MAX_PLAN_ROWS),
                now=_plan_now(the_pack.homework, done_days, today),
            )
        )
    return tuple(plans)


def _every_week(days: Sequence[DayTotals]) -> tuple[Week, ...]:
    """Each week from the first to the last, those without practice too: time away shows as
    time, never closed up. Sums are added by week, and divided once: a week's average is the
    average of its sessions, not of its days."""
    if not days:
        return ()
    sums: dict[dt.date, list[int]] = {}
    for d in days:
        week = sums.setdefault(d.day - dt.timedelta(days=d.day.weekday()), [0] * 8)
        for i, value in enumerate((d.sessions, 1, d.before_sum, d.before_count, d.after_sum,
                                   d.after_count, d.change_sum, d.change_count)):  # fmt: skip
            week[i] += value

    def mean(total: int, count: int) -> float | None:
        return total / count if count else None

    weeks, monday, last = [], min(sums), max(sums)
    while monday <= last:
        n, practised, sb, nb, sa, na, sc, nc = sums.get(monday, [0] * 8)
        weeks.append(Week(monday, n, practised, mean(sb, nb), mean(sa, na), mean(sc, nc)))
        monday += dt.timedelta(weeks=1)
    return tuple(weeks)


def _grouped(summaries: Sequence[ExerciseSummary]) -> list[ExerciseSummary]:
    """The most practised exercise first, each one's versions together, oldest first."""
    times: dict[tuple[str, str], int] = {}
    for e in summaries:
        times[(e.pack_id, e.exercise_id)] = times.get((e.pack_id, e.exercise_id), 0) + e.times
    return sorted(
        summaries,
        key=lambda e: (-times[(e.pack_id, e.exercise_id)], e.exercise_title, e.exercise_id,
                       e.version),
    )  # fmt: skip


def _version(versions: Mapping[tuple[str, str, str], ExerciseSummary], s: Session) -> int:
    found = versions.get((s.pack_id, s.exercise_id, s.exercise_sha256))
    return found.version if found else 1


def _plan_now(plan: Homework, days: Sequence[dt.date], today: dt.date) -> str:
    return homework.this_week(plan, days, today) or _("No sessions yet this week.")
