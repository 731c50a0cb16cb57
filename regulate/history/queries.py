"""Reading the history: sessions, counts, and the sums the reports and the home screen draw."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from pathlib import Path

from regulate.history.errors import plain_error
from regulate.history.rows import LOCAL_DAY, SELECT, ExerciseSummary, Session, session_from


class Queries:
    """Reading the history: sessions as rows, and the sums the reports draw."""

    path: Path
    _db: sqlite3.Connection

    # ------------------------------------------------------------ reading

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

    def sessions(
        self,
        pack: str | None = None,
        since: dt.date | None = None,
        include_previews: bool = False,
        newest_first: bool = True,
        limit: int | None = None,
    ) -> list[Session]:
        where, args = self._where(pack, since, include_previews)
        order = "DESC" if newest_first else "ASC"
        sql = (
            f"SELECT {', '.join(SELECT)} FROM sessions{where} "
            f"ORDER BY started_utc {order}, id {order}"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        try:
            rows = self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc
        return [session_from(row) for row in rows]

    def count(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> int:
        where, args = self._where(pack, since, include_previews)
        try:
            return int(
                self._db.execute(f"SELECT count(*) FROM sessions{where}", args).fetchone()[0]
            )
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc

    def get(self, session_id: int) -> Session | None:
        row = self._db.execute(
            f"SELECT {', '.join(SELECT)} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return session_from(row) if row else None

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
        try:
            rows = [dict(row) for row in self._db.execute(sql, args).fetchall()]
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc
        for row in rows:
            row["first_day"] = dt.date.fromisoformat(row["first_day"])
        # versions are numbered in the order they were first played
        rows.sort(key=lambda r: (r["pack_id"], r["exercise_id"], r["first_day"]))
        summaries = []
        for _key, group in itertools.groupby(rows, key=lambda r: (r["pack_id"], r["exercise_id"])):
            versions = list(group)
            for number, row in enumerate(versions, 1):
                summaries.append(ExerciseSummary(**row, version=number, versions=len(versions)))
        summaries.sort(key=lambda e: (-e.times, e.exercise_title, e.version))
        return summaries

    def weekly(
        self, pack: str | None = None, since: dt.date | None = None
    ) -> list[tuple[dt.date, int, int, float | None, float | None, float | None]]:
        """(Monday, sessions, days practised, average before, after, change) of each week with
        a session in it, previews left out. Summed by day in SQL (the index covers it), by
        week here: a few hundred rows, where date arithmetic on every session would not be."""
        where, args = self._where(pack, since, include_previews=False)
        sql = (
            f"SELECT {LOCAL_DAY} AS day, count(*) AS n, "
            "sum(before_rating) AS sb, count(before_rating) AS nb, "
            "sum(after_rating) AS sa, count(after_rating) AS na, "
            "sum(after_rating - before_rating) AS sc, count(after_rating - before_rating) AS nc "
            f"FROM sessions{where} GROUP BY day ORDER BY day"
        )
        try:
            rows = self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc
        weeks: dict[dt.date, list[int]] = {}
        for r in rows:
            day = dt.date.fromisoformat(r["day"])
            week = weeks.setdefault(day - dt.timedelta(days=day.weekday()), [0] * 8)
            for i, value in enumerate((r["n"], 1, r["sb"], r["nb"], r["sa"], r["na"], r["sc"],
                                       r["nc"])):  # fmt: skip
                week[i] += value or 0

        def mean(total: int, count: int) -> float | None:
            return total / count if count else None

        return [
            (monday, n, days, mean(sb, nb), mean(sa, na), mean(sc, nc))
            for monday, (n, days, sb, nb, sa, na, sc, nc) in sorted(weeks.items())
        ]

    def day_range(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> tuple[dt.date, dt.date] | None:
        """The first and last day with a session, as the person lived them."""
        where, args = self._where(pack, since, include_previews)
        sql = f"SELECT min({LOCAL_DAY}) AS a, max({LOCAL_DAY}) AS b FROM sessions{where}"
        row = self._db.execute(sql, args).fetchone()
        if row is None or row["a"] is None:
            return None
        return dt.date.fromisoformat(row["a"]), dt.date.fromisoformat(row["b"])

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
        rows = self._db.execute(sql, args).fetchall()
        return [dt.date.fromisoformat(row["day"]) for row in rows]

    def daily_averages(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> list[tuple[dt.date, float | None, float | None, int]]:
        """(local day, average before, average after, sessions) for charts of long histories."""
        where, args = self._where(pack, since, include_previews)
        sql = (
            f"SELECT {LOCAL_DAY} AS day, avg(before_rating) AS b, avg(after_rating) AS a, "
            f"count(*) AS n FROM sessions{where} GROUP BY day ORDER BY day"
        )
        rows = self._db.execute(sql, args).fetchall()
        return [(dt.date.fromisoformat(r["day"]), r["b"], r["a"], r["n"]) for r in rows]
