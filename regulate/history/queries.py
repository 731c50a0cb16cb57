"""Reading the history: sessions, counts, and the sums the reports and the home screen draw."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from regulate.history.errors import plain_error
from regulate.history.rows import (
    LOCAL_DAY,
    SELECT,
    DayTotals,
    ExerciseSummary,
    Session,
    day_of,
    number_or,
    session_from,
)


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
            "avg(before_rating) AS avg_before, avg(after_rating) AS avg_after, "
            "avg(after_rating - before_rating) AS avg_change, "
            "sum(outcome = 'completed') AS completed, sum(outcome = 'stopped') AS stopped "
            f"FROM sessions{where} GROUP BY pack_id, exercise_id, exercise_sha256"
        )
        rows = [dict(row) for row in self._rows(sql, args)]
        for row in rows:
            row["first_day"] = day_of(row["first_day"]) or dt.date.min
        # versions are numbered in the order they were first played
        rows.sort(key=lambda r: (r["pack_id"], r["exercise_id"], r["first_day"]))
        summaries = []
        for _key, group in itertools.groupby(rows, key=lambda r: (r["pack_id"], r["exercise_id"])):
            versions = list(group)
            for number, row in enumerate(versions, 1):
                summaries.append(ExerciseSummary(**row, version=number, versions=len(versions)))
        summaries.sort(key=lambda e: (-e.times, e.exercise_title, e.version))
        return summaries

    def by_day(self, pack: str | None = None, since: dt.date | None = None) -> list[DayTotals]:
        """Each local day with a session, summed in SQL in one pass over an index that covers
        it (previews left out); the report's chart, weeks, first and last day and count are all
        made from these few hundred rows, not from the sessions."""
        where, args = self._where(pack, since, include_previews=False)
        sql = (
            f"SELECT {LOCAL_DAY}, count(*), "
            "total(before_rating), count(before_rating), total(after_rating), "
            "count(after_rating), total(after_rating - before_rating), "
            "count(after_rating - before_rating) "
            f"FROM sessions{where} GROUP BY {LOCAL_DAY} ORDER BY {LOCAL_DAY}"
        )
        return [
            DayTotals(day, r[1], int(r[2]), r[3], int(r[4]), r[5], int(r[6]), r[7])
            for r in self._rows(sql, args)
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
        sql = (
            f"SELECT {LOCAL_DAY} AS day FROM sessions WHERE preview = 0 "
            "AND outcome IN ('completed', 'stopped')"
        )
        args: list[object] = []
        if pack:
            sql += " AND pack_id = ?"
            args.append(pack)
        days = (day_of(row["day"]) for row in self._rows(sql, args))
        return [day for day in days if day is not None]
