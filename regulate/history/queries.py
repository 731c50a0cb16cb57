"""Reading the history: sessions, counts, and the sums the reports and the home screen draw."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from regulate.domain.model import DEFAULT_RATING
from regulate.history.errors import plain_error
from regulate.history.rows import (
    LOCAL_DAY,
    SELECT,
    TALLY_SQL,
    DayTotals,
    ExerciseSummary,
    Session,
    choices_from,
    day_of,
    number_or,
    session_from,
    tally_from,
    text_of,
)

# a day practised: a session finished or stopped early (homework.py); one rule everywhere
PRACTISED_SQL = "outcome IN ('completed', 'stopped')"
DEFAULT_LOW = DEFAULT_RATING.threshold  # low where a pack says nothing else
STOPPED_IN = "stopped_in:"  # in choice_counts: where a stop came


class Queries:
    """Reading the history: sessions as rows, and the sums the reports draw."""

    path: Path
    _db: sqlite3.Connection

    # ------------------------------------------------------------ reading

    def _rows(self, sql: str, args: Sequence[object]) -> list[sqlite3.Row]:
        """Every row of a query; a file SQLite can't read is a sentence (HistoryError)."""
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc

    @staticmethod
    def _clauses(
        pack: str | None, since: dt.date | None = None, before: dt.date | None = None
    ) -> tuple[list[str], list[object]]:
        """SQL conditions for a pack and a span of local days."""
        clauses: list[str] = []
        args: list[object] = []
        if pack:
            clauses.append("pack_id = ?")
            args.append(pack)
        # the day as it was lived (stored with each session), not as today's time zone sees it
        if since:
            clauses.append("local_day >= ?")
            args.append(since.isoformat())
        if before:
            clauses.append("local_day < ?")
            args.append(before.isoformat())
        return clauses, args

    def _where(
        self, pack: str | None, since: dt.date | None, include_previews: bool
    ) -> tuple[str, list[object]]:
        clauses, args = self._clauses(pack, since)
        if not include_previews:
            clauses.append("preview = 0")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    def _sessions_sql(
        self,
        pack: str | None,
        since: dt.date | None,
        include_previews: bool,
        newest_first: bool,
        limit: int | None,
    ) -> tuple[str, list[object]]:
        where, args = self._where(pack, since, include_previews)
        order = "DESC" if newest_first else "ASC"
        sql = (
            f"SELECT {', '.join(SELECT)} FROM sessions{where} "
            f"ORDER BY started_utc {order}, id {order}"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return sql, args

    def sessions(
        self,
        pack: str | None = None,
        since: dt.date | None = None,
        include_previews: bool = False,
        newest_first: bool = True,
        limit: int | None = None,
    ) -> list[Session]:
        sql, args = self._sessions_sql(pack, since, include_previews, newest_first, limit)
        return [session_from(row) for row in self._rows(sql, args)]

    def each_session(
        self,
        pack: str | None = None,
        since: dt.date | None = None,
        include_previews: bool = False,
        newest_first: bool = True,
    ) -> Iterator[Session]:
        """The sessions one by one as SQLite finds them, for writing out as they come: the
        first line of a long history is shown at once, and memory stays flat."""
        sql, args = self._sessions_sql(pack, since, include_previews, newest_first, None)
        try:
            cursor = self._db.execute(sql, args)
            while batch := cursor.fetchmany(500):
                yield from (session_from(row) for row in batch)
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc

    def listing_extent(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> tuple[list[str], float]:
        """Every exercise title these sessions have, and the longest time played: all a table
        needs to line its columns up before its first row is written (two index reads, not a
        pass over the sessions)."""
        where, args = self._where(pack, since, include_previews)
        titles = self._rows(f"SELECT DISTINCT exercise_title FROM sessions{where}", args)
        longest = self._rows(f"SELECT max(played_seconds) FROM sessions{where}", args)[0][0]
        # a row written by hand may hold anything: read as session_from reads it
        return [str(row[0] or "") for row in titles], max(0.0, number_or(longest, 0.0))

    def count(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> int:
        where, args = self._where(pack, since, include_previews)
        return int(self._rows(f"SELECT count(*) FROM sessions{where}", args)[0][0])

    def get(self, session_id: int) -> Session | None:
        rows = self._rows(f"SELECT {', '.join(SELECT)} FROM sessions WHERE id = ?", [session_id])
        return session_from(rows[0]) if rows else None

    # ------------------------------------------------------------ aggregates for reports

    def exercise_summaries(
        self, pack: str | None = None, since: dt.date | None = None
    ) -> list[ExerciseSummary]:
        """One row per version of each exercise (its SHA-256): a changed exercise is another
        exercise as far as its ratings go, so versions are never averaged together. Previews
        are left out: ratings given at 20x speed say nothing about the exercise."""
        where, args = self._where(pack, since, include_previews=False)
        sql = (
            "SELECT pack_id, pack_name, exercise_id, exercise_title, exercise_sha256, "
            f"min({LOCAL_DAY}) AS first_day, count(*) AS times, "
            "sum(outcome = 'completed') AS completed, sum(outcome = 'stopped') AS stopped, "
            f"{TALLY_SQL} FROM sessions{where} GROUP BY pack_id, exercise_id, exercise_sha256"
        )
        rows = []
        for found in self._rows(sql, args):
            row = {k: found[k] for k in found.keys()[:9]}
            for key in ("pack_id", "pack_name", "exercise_id", "exercise_title", "exercise_sha256"):
                if not isinstance(row[key], str):  # a row written by hand: text, as it reads
                    row[key] = text_of(row[key])
            row["first_day"] = day_of(row["first_day"]) or dt.date.min
            row["rated"] = tally_from(tuple(found)[9:])
            rows.append(row)
        # versions are numbered in the order they were first played
        rows.sort(key=lambda r: (r["pack_id"], r["exercise_id"], r["first_day"]))
        summaries = []
        for _key, group in itertools.groupby(rows, key=lambda r: (r["pack_id"], r["exercise_id"])):
            versions = list(group)
            for number, row in enumerate(versions, 1):
                summaries.append(ExerciseSummary(**row, version=number, versions=len(versions)))
        summaries.sort(key=lambda e: (-e.times, e.exercise_title, e.version))
        return summaries

    def by_day(
        self,
        pack: str | None = None,
        since: dt.date | None = None,
        low: Mapping[str, int] | None = None,
    ) -> list[DayTotals]:
        """Each local day with a session, summed in SQL in one pass over an index that covers
        it (previews left out); the report's chart, weeks, first and last day and count are all
        made from these few hundred rows, not from the sessions. With them, how many sessions
        each day were worth talking about (see `moments`; `low` the packs' thresholds)."""
        where, args = self._where(pack, since, include_previews=False)
        worth, extra = self._worth(low or {}, with_notes=False)
        sql = (
            f"SELECT {LOCAL_DAY}, count(*), max({PRACTISED_SQL}), total({worth}), {TALLY_SQL} "
            f"FROM sessions{where} GROUP BY {LOCAL_DAY} ORDER BY {LOCAL_DAY}"
        )
        return [
            DayTotals(day, r[1], bool(r[2]), tally_from(tuple(r)[4:]), int(r[3]))
            for r in self._rows(sql, [*extra, *args])
            if (day := day_of(r[0])) is not None  # a row no day can place is left off the chart
        ]  # fmt: skip

    def day_range(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> tuple[dt.date, dt.date] | None:
        """The first and last day with a session, as the person lived them. Two queries: SQLite
        finds a min or a max alone in its index at once, both together by reading every row."""
        where, args = self._where(pack, since, include_previews)
        first = self._rows(f"SELECT min({LOCAL_DAY}) FROM sessions{where}", args)[0][0]
        last = self._rows(f"SELECT max({LOCAL_DAY}) FROM sessions{where}", args)[0][0]
        first_day, last_day = day_of(first), day_of(last)
        if first_day is None or last_day is None:
            return None
        return first_day, last_day

    def practice_days(self, pack: str | None = None) -> list[dt.date]:
        """The local day of each completed or stopped session (previews left out)."""
        sql = f"SELECT {LOCAL_DAY} AS day FROM sessions WHERE preview = 0 AND {PRACTISED_SQL}"
        args: list[object] = []
        if pack:
            sql += " AND pack_id = ?"
            args.append(pack)
        days = (day_of(row["day"]) for row in self._rows(sql, args))
        return [day for day in days if day is not None]

    # ------------------------------------------------------------ what a therapist may ask about

    @staticmethod
    def _worth(low: Mapping[str, int], with_notes: bool) -> tuple[str, list[object]]:
        """What makes a session worth talking about, as SQL: a drop of 2 or more, a low rating
        before (at or below its pack's threshold, `low`; 2 where a pack is not known), a stop,
        and a note when notes are included."""
        low = {pack: n for pack, n in low.items() if n != DEFAULT_LOW}  # most packs keep 2
        cases = " ".join("WHEN ? THEN ?" for _ in low)
        threshold = f"CASE pack_id {cases} ELSE {DEFAULT_LOW} END" if low else str(DEFAULT_LOW)
        worth = [
            "after_rating - before_rating <= -2",
            f"before_rating <= {threshold}",
            "outcome = 'stopped'",
        ]
        if with_notes:
            worth.append("note IS NOT NULL")
        return f"coalesce({' OR '.join(worth)}, 0)", [v for pair in low.items() for v in pair]

    def moments(
        self,
        pack: str | None,
        since: dt.date | None,
        low: Mapping[str, int],
        with_notes: bool,
        limit: int,
    ) -> tuple[list[Session], int]:
        """The most recent sessions worth talking about (newest first, at most `limit`; see
        `_worth`, previews left out), and how many are so only for their note: the others are
        counted day by day in `by_day`'s one pass over its index."""
        where, args = self._where(pack, since, include_previews=False)
        worth, extra = self._worth(low, with_notes)
        sql = (
            f"SELECT {', '.join(SELECT)} FROM sessions{where} AND {worth} "
            "ORDER BY started_utc DESC, id DESC LIMIT ?"
        )
        found = [session_from(row) for row in self._rows(sql, [*args, *extra, limit])]
        if not with_notes:
            return found, 0
        other, _ = self._worth(low, with_notes=False)
        notes_only = self._rows(
            f"SELECT count(*) FROM sessions{where} AND note IS NOT NULL AND NOT {other}",
            [*args, *extra],
        )[0][0]
        return found, int(notes_only)

    def followers(self, ids: Sequence[int], from_utc: str) -> list[Session]:
        """The sessions chosen after one of `ids` (a settle exercise: its `follows`), started
        at or after `from_utc` - a follower never starts before what it follows, so the index
        by start time narrows the search."""
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        sql = (
            f"SELECT {', '.join(SELECT)} FROM sessions WHERE preview = 0 AND started_utc >= ? "
            f"AND follows IN ({marks}) ORDER BY started_utc, id"
        )
        return [session_from(row) for row in self._rows(sql, [from_utc, *ids])]

    def choice_counts(
        self, pack: str | None = None, since: dt.date | None = None
    ) -> list[tuple[str, str, str, int]]:
        """(pack, exercise, what was chosen, in how many sessions), previews left out; a stop
        counted as 'stopped_in:' and where. Read from the index of the sessions that have
        either (migration 6); a choices cell that is not a JSON list of known words is read as
        no choices (a kept row is evidence, not truth)."""
        where, args = self._where(pack, since, include_previews=False)
        rows = self._rows(
            "SELECT pack_id, exercise_id, choices, outcome, stopped_where, count(*) "
            f"FROM sessions{where} AND (choices <> '[]' OR stopped_where IS NOT NULL) "
            # in the index's own order: grouped as it is read, no sorting
            "GROUP BY pack_id, exercise_id, choices, outcome, stopped_where",
            args,
        )
        counts: Counter[tuple[str, str, str]] = Counter()
        for pack_id, exercise_id, choices, outcome, stopped_where, n in rows:
            for choice in choices_from(choices):
                counts[(pack_id, exercise_id, choice)] += n
            if outcome == "stopped" and isinstance(stopped_where, str):
                counts[(pack_id, exercise_id, STOPPED_IN + stopped_where)] += n
        return [(*key, n) for key, n in counts.items()]
