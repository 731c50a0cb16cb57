"""What a report holds, built from the history store's queries; `words` says it, `html` and
`markdown` lay it out. Nothing here reaches the network, and every piece of text from a pack or
a note is escaped where it is laid out, never interpreted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from regulate.domain import homework
from regulate.domain.model import DEFAULT_RATING, Homework, Pack, RatingScale
from regulate.history import DayTotals, ExerciseSummary, History, Session, Tally
from regulate.history.queries import STOPPED_IN
from regulate.history.rows import AREA_SKIPPED
from regulate.i18n import N_, _
from regulate.report.chart import ChartPoint, VersionMark, WeekPoint

MAX_SESSION_ROWS = 300
MAX_CHART_POINTS = 120
MAX_PLAN_ROWS = 56
MAX_VERSION_MARKS = 6
MAX_MOMENTS = 10
AVERAGES_NOTE = N_(
    "The averages and the counts are taken over the sessions rated both before and after "
    "(rated both); a change of 2 or more either way is calmer or less calm, 1 or 0 about the "
    "same. When an exercise was changed, each version has its own row and is never averaged "
    "with another."
)
PRACTISED_NOTE = N_(
    "A day practised is a day with an exercise finished or stopped early, here and in the "
    "homework; a rating given without starting is kept among the sessions, not counted as "
    "practice."
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
    days: int  # days practised (PRACTISED_NOTE)
    rated: Tally


@dataclass(frozen=True)
class Moment:
    """A session worth talking about, and why; with the settle exercise chosen after it."""

    session: Session
    drop: bool  # 2 or more less calm after
    low: bool  # a before-rating at or below its pack's threshold
    then: Session | None  # the settle exercise chosen after it, if one was


@dataclass(frozen=True)
class Chosen:
    """What was chosen along the way in one exercise's sessions, and how often."""

    title: str
    counts: Mapping[str, int]  # by rows.CHOICES word: support, look_around, settle, continued_low
    skipped: tuple[tuple[str, int], ...]  # scan areas skipped, and how often
    stopped_in: tuple[tuple[str, int], ...]  # where stops came, and how often


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
    kinds: Mapping[tuple[str, str], str | None]  # (pack, exercise): its kind, None if unknown
    moments: tuple[Moment, ...]  # newest first, at most MAX_MOMENTS
    moments_hidden: int  # sessions worth talking about that are not listed (earlier ones)
    chosen: tuple[Chosen, ...]
    then: Mapping[int, Session]  # a session -> the settle exercise chosen after it
    after: Mapping[int, Session]  # a settle exercise's session -> the session it followed
    plans: tuple[Plan, ...]
    sessions: tuple[Session, ...]  # newest first, at most MAX_SESSION_ROWS
    versions: Mapping[tuple[str, str, str], ExerciseSummary]  # by (pack, exercise, sha256)
    with_notes: bool
    include_previews: bool
    rating: RatingScale

    @property
    def week_points(self) -> tuple[WeekPoint, ...]:
        return tuple(WeekPoint(w.monday, w.rated.avg_before, w.rated.avg_after) for w in self.weeks)

    @property
    def one_pack(self) -> bool:
        """Every exercise from one pack: the pack is said once, not in every row."""
        return len({e.pack_id for e in self.exercises}) <= 1

    @property
    def stopped_any(self) -> bool:
        return any(s.outcome == "stopped" for s in self.sessions)


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
    low = {pack_id: p.rating.threshold for pack_id, p in packs.items()}
    days = store.by_day(pack, since, low)
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
            ChartPoint(
                dt.datetime.combine(d.day, dt.time(12)), d.rated.avg_before, d.rated.avg_after
            )
            for d in days
        )
        daily = True
    marks = sorted(
        (VersionMark(e.first_day, _("{title}: version {version}").format(
            title=e.exercise_title, version=e.version))
         for e in exercises if e.version > 1),
        key=lambda m: m.day,
    )  # fmt: skip
    sessions = tuple(store.sessions(pack, since, include_previews, limit=MAX_SESSION_ROWS))
    # twice as many as are shown: a settle exercise chosen after a moment listed is told with
    # that moment, not again, and leaves room for one more
    found, notes_only = store.moments(pack, since, low, with_notes, 2 * MAX_MOMENTS)
    then, after = _links(store, [*sessions, *found])
    items: set[int] = set()
    for s in reversed(found):  # oldest first: a follower comes after what it follows
        if s.follows not in items:
            items.add(s.id)
    kept = [s for s in found if s.id in items][:MAX_MOMENTS]
    kept_ids = {s.id for s in kept}
    folded = sum(1 for s in found if s.id not in items and s.follows in kept_ids)
    hidden = sum(d.worth for d in days) + notes_only - len(kept) - folded
    moments = tuple(
        Moment(
            s,
            drop=s.change is not None and s.change <= -2,
            low=s.before_rating is not None and s.before_rating <= low.get(s.pack_id, 2),
            then=then.get(s.id),
        )
        for s in kept
    )
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
        kinds={
            (e.pack_id, e.exercise_id): _kind(packs, e.pack_id, e.exercise_id) for e in exercises
        },
        moments=moments,
        moments_hidden=max(0, hidden),
        chosen=_chosen(store.choice_counts(pack, since), exercises),
        then=then,
        after=after,
        plans=_plans(store, packs, pack, today),
        sessions=sessions,
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


def _kind(packs: Mapping[str, Pack], pack_id: str, exercise_id: str) -> str | None:
    """The exercise's kind, read from its pack when the pack is here; None (said as unknown)
    when the pack or the exercise is no longer on this machine."""
    found = packs[pack_id].exercise(exercise_id) if pack_id in packs else None
    return found.kind if found else None


def _links(
    store: History, sessions: Sequence[Session]
) -> tuple[dict[int, Session], dict[int, Session]]:
    """Each session a settle exercise was chosen after -> that settle session; and each settle
    session -> the session it followed."""
    by_id = {s.id: s for s in sessions}
    then: dict[int, Session] = {}
    after: dict[int, Session] = {}
    for s in sessions:
        if s.follows is not None:
            before = by_id.get(s.follows) or store.get(s.follows)
            if before is not None:
                then.setdefault(before.id, s)
                after[s.id] = before
    wanted = [s for s in sessions if "settle" in s.choices and s.id not in then]
    if wanted:
        first = min(s.started_utc for s in wanted)
        for found in store.followers([s.id for s in wanted], first):
            if found.follows is not None:
                then.setdefault(found.follows, found)
    return then, after


def _chosen(
    counts: Sequence[tuple[str, str, str, int]], exercises: Sequence[ExerciseSummary]
) -> tuple[Chosen, ...]:
    """Per exercise (the most practised first, as in the table by exercise), what was chosen."""
    titles: dict[tuple[str, str], str] = {}
    order: dict[tuple[str, str], int] = {}
    for i, e in enumerate(exercises):
        titles[(e.pack_id, e.exercise_id)] = e.exercise_title  # the newest version's title
        order.setdefault((e.pack_id, e.exercise_id), i)
    grouped: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for pack_id, exercise_id, what, n in counts:
        grouped.setdefault((pack_id, exercise_id), []).append((what, n))
    out = []
    for key in sorted(grouped, key=lambda k: (order.get(k, len(order)), k)):
        items = grouped[key]
        out.append(
            Chosen(
                title=titles.get(key, key[1]),
                counts={w: n for w, n in items if ":" not in w},
                skipped=_named(items, AREA_SKIPPED),
                stopped_in=_named(items, STOPPED_IN),
            )
        )
    return tuple(out)


def _named(items: Sequence[tuple[str, int]], prefix: str) -> tuple[tuple[str, int], ...]:
    named = [(w.removeprefix(prefix), n) for w, n in items if w.startswith(prefix)]
    return tuple(sorted(named, key=lambda x: (-x[1], x[0])))


MAX_EMPTY_WEEKS = 13  # weeks without practice listed one by one between two weeks with some


def _every_week(days: Sequence[DayTotals]) -> tuple[Week, ...]:
    """Each week from the first to the last, those without practice too: time away shows as
    time, never closed up. Sums are added by week, and divided once: a week's average is the
    average of its sessions rated both times, not of its days."""
    if not days:
        return ()
    sums: dict[dt.date, tuple[int, int, Tally]] = {}
    for d in days:
        monday = d.day - dt.timedelta(days=d.day.weekday())
        n, practised, rated = sums.get(monday, (0, 0, Tally()))
        sums[monday] = (n + d.sessions, practised + d.practised, rated + d.rated)
    weeks: list[Week] = []
    previous: dt.date | None = None
    for monday in sorted(sums):
        if previous is not None:
            # a gap of a season or less is shown week by week; a longer one (years between
            # two rows, or a row dated by hand in the year 9999) is not walked a week at a time
            away = (monday - previous).days // 7 - 1
            if 0 < away <= MAX_EMPTY_WEEKS:
                weeks.extend(
                    Week(previous + dt.timedelta(weeks=k), 0, 0, Tally())
                    for k in range(1, away + 1)
                )
        weeks.append(Week(monday, *sums[monday]))
        previous = monday
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
    """The plan against the practice, for the therapist ('2 of 7 days'); the client's own
    line has no denominator."""
    return homework.this_week(plan, days, today, against_plan=True) or _(
        "No sessions yet this week."
    )
