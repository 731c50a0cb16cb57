"""What the history holds, as the rest of the program sees it: sessions, per-exercise sums,
and the words and table rows they are shown with.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Literal

from regulate.domain.durations import minutes_seconds
from regulate.i18n import N_, _
from regulate.system.textsafe import printable

Outcome = Literal["completed", "stopped", "interrupted", "not_started", "in progress"]


@dataclass(frozen=True)
class Session:
    id: int
    pack_id: str
    pack_name: str
    exercise_id: str
    exercise_title: str
    exercise_sha256: str
    started_utc: str  # ISO 8601, UTC, to the second: 2026-11-22T09:30:00Z
    utc_offset_minutes: int  # the person's offset from UTC when they started
    ended_utc: str | None
    planned_seconds: float
    played_seconds: float
    before_rating: int | None
    after_rating: int | None
    outcome: Outcome
    stopped_at_step: int | None
    steps_skipped: int
    holds_skipped: bool
    note: str | None
    preview: bool
    speed: float
    choices: tuple[str, ...] = ()  # what the person chose along the way: see CHOICES
    follows: int | None = None  # the session a settle exercise was chosen after
    stopped_where: str | None = None  # the step or scan area a stopped session stopped in

    @property
    def started_local(self) -> dt.datetime:
        """When it started, on the clock the person had then (a row edited by hand into
        something that is not a moment reads as the first moment there is, never an error)."""
        try:
            utc = dt.datetime.strptime(self.started_utc, "%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError):
            return dt.datetime.min.replace(tzinfo=dt.UTC)
        utc = utc.replace(tzinfo=dt.UTC)
        if utc.year in (1, 9999):  # at the calendar's ends an offset can't be added
            return utc
        return utc.astimezone(dt.timezone(dt.timedelta(minutes=held(self.utc_offset_minutes))))

    @property
    def change(self) -> int | None:
        if self.before_rating is None or self.after_rating is None:
            return None
        return self.after_rating - self.before_rating

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


COLUMNS = tuple(f.name for f in fields(Session))


FIRST_DAY = dt.date.min + dt.timedelta(days=7)
LAST_DAY = dt.date.max - dt.timedelta(days=7)


def day_of(text: object) -> dt.date | None:
    """A local day as the history keeps it (2026-11-22); None for a row written by hand or by
    another program with something else there, which no day can place."""
    try:
        day = dt.date.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    # a week inside the calendar's ends (only a row dated by hand is there), so that every
    # week and chart reckoned from a day stays within the calendar
    return min(max(day, FIRST_DAY), LAST_DAY)


def utc_stamp(moment: dt.datetime) -> str:
    # isoformat, not strftime: glibc's %Y writes the year 1 as '1', which reads back as no date
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


# A time zone holds an offset of less than a day in Python; the system accepts more (a TZ string
# such as 'XXX-24:59:59'). Such an offset is held at the nearest one Python can keep.
MAX_OFFSET_MINUTES = 24 * 60 - 1


def held(minutes: int) -> int:
    return max(-MAX_OFFSET_MINUTES, min(MAX_OFFSET_MINUTES, minutes))


def local_time(moment: dt.datetime) -> dt.datetime:
    """`moment` on the person's clock, whatever zone the system is set to: never an error."""
    try:
        return moment.astimezone()
    except (ValueError, OverflowError, OSError):
        import time

        try:
            seconds = time.localtime(moment.timestamp()).tm_gmtoff or 0
        except (ValueError, OverflowError, OSError):
            seconds = 0
        minutes = held(int(seconds / 60))
        return moment.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))


def local_offset_minutes(moment: dt.datetime) -> int:
    """The person's offset from UTC, in whole minutes toward zero (an offset with odd seconds
    keeps its minutes), always one that every row can be read back with."""
    offset = local_time(moment).utcoffset() or dt.timedelta()
    return held(int(offset.total_seconds() / 60))


@dataclass(frozen=True)
class Tally:
    """Sessions rated both before and after, summed: the averages and the counts of calmer,
    about the same and less calm are all taken over the same sessions, and say how many (n).
    A change of 2 or more either way is calmer or less calm; 1 or 0 is about the same."""

    n: int = 0
    before_sum: int = 0
    after_sum: int = 0
    calmer: int = 0
    less: int = 0

    @property
    def same(self) -> int:
        return self.n - self.calmer - self.less

    @property
    def avg_before(self) -> float | None:
        return self.before_sum / self.n if self.n else None

    @property
    def avg_after(self) -> float | None:
        return self.after_sum / self.n if self.n else None

    @property
    def avg_change(self) -> float | None:
        return (self.after_sum - self.before_sum) / self.n if self.n else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.n + other.n, self.before_sum + other.before_sum,
                     self.after_sum + other.after_sum, self.calmer + other.calmer,
                     self.less + other.less)  # fmt: skip


# The SQL that sums a Tally (five columns, in its fields' order): only sessions with both ratings
TALLY_SQL = (
    "count(after_rating - before_rating), "
    "total(CASE WHEN after_rating IS NOT NULL THEN before_rating END), "
    "total(CASE WHEN before_rating IS NOT NULL THEN after_rating END), "
    "total(after_rating - before_rating >= 2), total(after_rating - before_rating <= -2)"
)


def tally_from(v: Sequence[float | None]) -> Tally:
    """A Tally from TALLY_SQL's five columns (SQLite's total() is a float, 0.0 for none)."""
    return Tally(int(v[0] or 0), int(v[1] or 0), int(v[2] or 0), int(v[3] or 0), int(v[4] or 0))


@dataclass(frozen=True)
class ExerciseSummary:
    """One version of one exercise: its SHA-256, and when it was first played."""

    pack_id: str
    pack_name: str
    exercise_id: str
    exercise_title: str
    exercise_sha256: str
    first_day: dt.date
    version: int  # 1 for the first version played, 2 for the next...
    versions: int  # how many versions of this exercise the history holds
    times: int
    rated: Tally  # the sessions rated both before and after
    completed: int
    stopped: int


@dataclass(frozen=True)
class DayTotals:
    """One local day's sessions, summed in SQL: what the report's chart and weeks are made of
    (previews left out). Sums and counts rather than averages, so weeks add up exactly."""

    day: dt.date
    sessions: int
    practised: bool  # a session finished or stopped early that day (see homework.py)
    rated: Tally
    worth: int = 0  # sessions worth talking about (a drop, a low rating before, a stop)


LOCAL_DAY = "local_day"

# outcome NULL means still running in a live process
SELECT = [c if c != "outcome" else "coalesce(outcome, 'in progress') AS outcome" for c in COLUMNS]


# What a person may choose along the way, as the history keeps it (a JSON list of these words;
# a skipped scan area as "skipped_area:" and its name). Anything else in a row - written by hand
# or by another version - is left out when read.
CHOICES = (
    "support",  # the therapist's support text opened
    "look_around",  # the look around the room (o) used
    "settle",  # the settle exercise chosen after this session (its own row `follows` this one)
    "continued_low",  # carried on with this exercise after a low before-rating
)
AREA_SKIPPED = "skipped_area:"
MAX_CHOICES = 64


def choice_known(choice: object) -> bool:
    return isinstance(choice, str) and (
        choice in CHOICES or (choice.startswith(AREA_SKIPPED) and len(choice) <= 200)
    )


def choices_from(text: object) -> tuple[str, ...]:
    """The choices column read back: a kept row is evidence, not truth - only known words, in
    order, each once, at most MAX_CHOICES of them."""
    if not isinstance(text, str) or len(text) > 20_000:
        return ()
    try:
        words = json.loads(text)
    except (ValueError, RecursionError):
        return ()
    if not isinstance(words, list):
        return ()
    return tuple(dict.fromkeys(w for w in words if choice_known(w)))[:MAX_CHOICES]


_TEXT = ("pack_id", "pack_name", "exercise_id", "exercise_title", "exercise_sha256", "started_utc")
_SECONDS = ("planned_seconds", "played_seconds")
_OPTIONAL_COUNTS = ("stopped_at_step", "follows")
_RATINGS = ("before_rating", "after_rating")


def number_or(value: object, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    number = float(value)
    return number if abs(number) < 1e12 else default  # NaN and infinities too


def _count(value: object) -> int | None:
    return value if type(value) is int and 0 <= value < 2**62 else None


def text_of(value: object) -> str:
    """A text column's value as text, whatever another program put there (a blob, a number)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def session_from(row: sqlite3.Row) -> Session:
    """A row as every view may rely on it. A row is evidence, not truth: one written by another
    version or by hand may hold any kind of value in any column (SQLite keeps what it is given),
    so each is taken for what its column means, and anything else reads as nothing known."""
    values = dict(row)
    for key in _TEXT:
        values[key] = text_of(values[key])
    for key in ("ended_utc", "note", "stopped_where"):
        value = values.get(key)
        values[key] = None if value is None else text_of(value)
    for key in _SECONDS:
        values[key] = max(0.0, number_or(values[key], 0.0))
    speed = number_or(values["speed"], 1.0)
    values["speed"] = speed if speed > 0 else 1.0
    offset = values["utc_offset_minutes"]
    values["utc_offset_minutes"] = held(offset) if type(offset) is int else 0
    for key in _RATINGS:
        rating = values[key]
        values[key] = rating if type(rating) is int and 0 <= rating <= 10 else None
    for key in _OPTIONAL_COUNTS:
        values[key] = _count(values.get(key))
    values["steps_skipped"] = _count(values["steps_skipped"]) or 0
    values["holds_skipped"] = bool(values["holds_skipped"])
    values["preview"] = bool(values["preview"])
    if values["outcome"] not in OUTCOME_WORDS:
        values["outcome"] = "interrupted"
    values["choices"] = choices_from(values.get("choices", "[]"))
    return Session(**values)


def check_rating(value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not 0 <= value <= 10):
        raise ValueError(f"a rating is a whole number from 0 to 10, not {value!r}")


OUTCOME_WORDS = {"completed": N_("finished"), "stopped": N_("stopped early"),
                 "interrupted": N_("interrupted"), "not_started": N_("rated, not started"),
                 "in progress": N_("in progress")}  # fmt: skip


def outcome_words(s: Session) -> str:
    """How a session ended, in the words every view of it uses."""
    words = _(OUTCOME_WORDS[s.outcome])
    return _("{outcome} (preview)").format(outcome=words) if s.preview else words


def table_headings() -> tuple[str, str, str, str, str]:
    """The columns of the people's view of the history, in the current language."""
    return (_("date"), _("exercise"), _("before -> after"), _("time"), _("how it ended"))


def table_rows(sessions: Iterable[Session]) -> Iterator[tuple[str, str, str, str, str]]:
    """The people's view: date, exercise, before -> after, time played, how it ended."""
    for s in sessions:
        before = "-" if s.before_rating is None else str(s.before_rating)
        after = "-" if s.after_rating is None else str(s.after_rating)
        yield (
            f"{s.started_local.date().isoformat()} {s.started_local:%H:%M}",  # 0001-01-01 too
            printable(s.exercise_title),
            f"{before} -> {after}",
            minutes_seconds(s.played_seconds, "nearest"),
            outcome_words(s),
        )
