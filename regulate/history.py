"""The history store: every session and rating, kept in SQLite in the person's data folder.

Rules it keeps: a session is written the moment it starts (with the before-rating) and
finished later, so a killed process leaves an `interrupted` session, never a lost or a
falsely `completed` one; transactions are short and wait for each other (two windows lose
nothing); a file that is not a database is moved aside, never deleted, and the person told.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal

from regulate import paths
from regulate.i18n import N_, _
from regulate.recordings import clock
from regulate.textsafe import printable

Outcome = Literal["completed", "stopped", "interrupted", "in progress"]
FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_SECONDS = 10.0

# Each migration takes the schema from its index to the next version; never edit one that
# has shipped - add a new one. PRAGMA user_version holds the version a file is at.
MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the sessions table
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        pack_id TEXT NOT NULL,
        pack_name TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        exercise_title TEXT NOT NULL,
        exercise_sha256 TEXT NOT NULL,
        started_utc TEXT NOT NULL,
        utc_offset_minutes INTEGER NOT NULL,
        ended_utc TEXT,
        planned_seconds REAL NOT NULL,
        played_seconds REAL NOT NULL DEFAULT 0,
        before_rating INTEGER CHECK (before_rating BETWEEN 0 AND 10),
        after_rating INTEGER CHECK (after_rating BETWEEN 0 AND 10),
        outcome TEXT CHECK (outcome IN ('completed', 'stopped', 'interrupted')),
        stopped_at_step INTEGER,
        steps_skipped INTEGER NOT NULL DEFAULT 0,
        holds_skipped INTEGER NOT NULL DEFAULT 0,
        note TEXT,
        preview INTEGER NOT NULL DEFAULT 0,
        pid INTEGER
    );
    """,
    # 1 -> 2: the speed a preview was played at; the person's local day (a fact of the
    # moment, kept so that homework and charts need no per-row date arithmetic); and indexes
    # for reports over years of daily use (the last two cover their queries entirely)
    """
    ALTER TABLE sessions ADD COLUMN speed REAL NOT NULL DEFAULT 1;
    ALTER TABLE sessions ADD COLUMN local_day TEXT;
    UPDATE sessions SET local_day = date(started_utc, printf('%+d minutes', utc_offset_minutes));
    CREATE INDEX sessions_started ON sessions (preview, started_utc);
    CREATE INDEX sessions_pack_started ON sessions (pack_id, preview, started_utc);
    CREATE INDEX sessions_open ON sessions (outcome) WHERE outcome IS NULL;
    CREATE INDEX sessions_by_exercise ON sessions (preview, pack_id, exercise_id, before_rating,
        after_rating, outcome, exercise_title, pack_name);
    CREATE INDEX sessions_by_day ON sessions (preview, local_day, before_rating, after_rating,
        outcome, pack_id);
    """,
    # 2 -> 3: reports keep each version of an exercise apart (by its SHA-256, from the day it
    # was first played): the covering index grows those two columns
    """
    DROP INDEX sessions_by_exercise;
    CREATE INDEX sessions_by_version ON sessions (preview, pack_id, exercise_id,
        exercise_sha256, local_day, before_rating, after_rating, outcome, exercise_title,
        pack_name);
    """,
)
VERSION = len(MIGRATIONS)


class HistoryError(Exception):
    """A problem with the history file, said in words a person understands."""


class HistoryBusy(HistoryError):
    """Another program holds the history locked: nothing is wrong with it, try again later."""


BUSY = N_(
    "Your history is busy: another program (perhaps another regulate window) is using it. "
    "Nothing has been changed or lost; please try again in a moment."
)


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

    @property
    def started_local(self) -> dt.datetime:
        """When it started, on the clock the person had then."""
        utc = dt.datetime.strptime(self.started_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        return utc.astimezone(dt.timezone(dt.timedelta(minutes=self.utc_offset_minutes)))

    @property
    def change(self) -> int | None:
        if self.before_rating is None or self.after_rating is None:
            return None
        return self.after_rating - self.before_rating

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


COLUMNS = tuple(f.name for f in fields(Session))


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge, leave it open
    except OSError:
        return False
    return True


def _local_offset_minutes(moment: dt.datetime) -> int:
    offset = moment.astimezone().utcoffset() or dt.timedelta()
    return int(offset.total_seconds() // 60)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _plain(exc: sqlite3.Error, path: Path) -> HistoryError:
    if _is_busy(exc):
        return HistoryBusy(_(BUSY))
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "permission" in text:
        why = _("the file or its folder can't be written to (it is read-only)")
    elif "disk is full" in text or "full" in text:
        why = _("the disk is full")
    elif "unable to open" in text:
        why = _("the file can't be opened")
    else:
        why = _("of a problem with the file ({problem})").format(problem=exc)
    return HistoryError(
        _(
            "Your history at {path} can't be saved or read right now, because {why}. "
            "Nothing already saved has been lost."
        ).format(path=path, why=why)
    )


def _keep_private(path: Path, mode: int) -> None:
    """Personal files stay this user's alone each time they are opened, not only when made
    (a copy or an editor may have widened them). Only what we own is touched."""
    with contextlib.suppress(OSError):
        info = path.stat()
        shared = info.st_mode & 0o1000 or path.resolve() in (Path.home(), Path("/"))
        if info.st_uid == os.getuid() and info.st_mode & 0o777 != mode and not shared:
            path.chmod(mode)  # never a sticky folder such as /tmp, the home folder or /


class History:
    """One person's history. Open with `History.open()`; each call is its own transaction."""

    def __init__(
        self,
        path: Path,
        now: Callable[[], dt.datetime] | None = None,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.path = path
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.busy_timeout = busy_timeout
        self.notices: list[str] = []  # sentences to show the person once
        self._db = self._connect()

    @classmethod
    def open(
        cls, path: Path | None = None, now: Callable[[], dt.datetime] | None = None
    ) -> History:
        """Open (creating if need be) the history in the data folder."""
        if path is None:
            folder = paths.ensure_private_dir(paths.data_dir())
            path = folder / FILE_NAME
        return cls(path, now)

    # ------------------------------------------------------------ opening

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_symlink():
            # written through, a link could put personal notes wherever it points
            raise HistoryError(
                _(
                    "Your history at {path} is a link to somewhere else, so regulate won't "
                    "write through it. Put the history file itself there (or remove the link); "
                    "nothing has been changed."
                ).format(path=self.path)
            )
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self.path.exists():
                # created 0600 before SQLite touches it: history is personal
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            _keep_private(self.path.parent, 0o700)
            for suffix in ("", "-wal", "-shm"):
                _keep_private(Path(str(self.path) + suffix), 0o600)
            db = self._usable_connection()
        except OSError as exc:
            raise HistoryError(
                _(
                    "Your history at {path} can't be opened ({problem}). "
                    "Nothing already saved has been lost."
                ).format(path=self.path, problem=exc.strerror or exc)
            ) from exc
        return db

    def _usable_connection(self) -> sqlite3.Connection:
        if not (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)):
            # read-only media or permissions: what is saved can still be read and shown;
            # any write then says plainly why it can't be saved
            uri = f"file:{self.path}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout, isolation_level=None)
            db.row_factory = sqlite3.Row
            return db
        db = self._raw_connection()
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            db.close()
            if isinstance(exc, sqlite3.OperationalError):
                # locked (busy) or can't be read right now: the file stays where it is; only a
                # file SQLite itself calls corrupt or not a database is ever moved aside
                raise _plain(exc, self.path) from exc
            self._move_aside()
            db = self._raw_connection()
            version = 0
        if version > VERSION:
            db.close()
            raise HistoryError(
                _(
                    "Your history at {path} was written by a newer version of regulate. "
                    "Update regulate to read it; nothing has been changed."
                ).format(path=self.path)
            )
        if version < VERSION:
            self._migrate(db, version)
        self._recover(db)
        return db

    def _raw_connection(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        db.row_factory = sqlite3.Row
        # a file edited by another program may hold bytes that are not UTF-8: shown, not fatal
        db.text_factory = lambda raw: raw.decode("utf-8", "replace")
        with contextlib.suppress(sqlite3.DatabaseError):
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
            db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _move_aside(self) -> None:
        stamp = self.now().astimezone().strftime("%Y-%m-%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                os.replace(side, Path(str(target) + suffix))
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self.notices.append(
            _(
                "Your history file could not be read, so it was kept as {name} and a new "
                "one was started. Nothing was deleted; your therapist or a technical friend may "
                "be able to recover it."
            ).format(name=target.name)
        )

    def _migrate(self, db: sqlite3.Connection, version: int) -> None:
        try:
            db.execute("BEGIN IMMEDIATE")
            # another process may have migrated while we waited for the lock
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise _plain(exc, self.path) from exc

    def _recover(self, db: sqlite3.Connection) -> None:
        """Sessions left open by a process that is gone become `interrupted`."""
        try:
            rows = db.execute("SELECT id, pid FROM sessions WHERE outcome IS NULL").fetchall()
            dead = [row["id"] for row in rows if not _pid_alive(row["pid"])]
            if dead:
                with self._write(db):
                    db.executemany(
                        "UPDATE sessions SET outcome = 'interrupted' "
                        "WHERE id = ? AND outcome IS NULL",
                        [(i,) for i in dead],
                    )
        except HistoryBusy:
            pass  # another program is writing: the next open tidies up instead
        except sqlite3.Error as exc:
            if "readonly" not in str(exc).lower():
                raise _plain(exc, self.path) from exc

    @contextlib.contextmanager
    def _write(self, db: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        db = db or self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise _plain(exc, self.path) from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ the player's API

    def start(
        self,
        *,
        pack_id: str,
        pack_name: str,
        exercise_id: str,
        exercise_title: str,
        exercise_sha256: str,
        planned_seconds: float,
        before: int | None,
        preview: bool = False,
        speed: float = 1.0,
    ) -> int:
        """Record a session the moment it starts, with its before-rating; returns its id."""
        _check_rating(before)
        moment = self.now()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (pack_id, pack_name, exercise_id, exercise_title, "
                "exercise_sha256, started_utc, utc_offset_minutes, local_day, planned_seconds, "
                "before_rating, preview, speed, pid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    pack_id, pack_name, exercise_id, exercise_title, exercise_sha256,
                    utc_stamp(moment), _local_offset_minutes(moment),
                    moment.astimezone().date().isoformat(), planned_seconds,
                    before, int(preview), speed, os.getpid(),
                ),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def checkpoint(self, session_id: int, played_seconds: float, step: int) -> None:
        """Note progress now and then, so an interrupted session still shows how far it got."""
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET played_seconds = ?, stopped_at_step = ? "
                "WHERE id = ? AND outcome IS NULL",
                (played_seconds, step, session_id),
            )

    def finish(
        self,
        session_id: int,
        *,
        outcome: Literal["completed", "stopped"],
        played_seconds: float,
        after: int | None = None,
        stopped_at_step: int | None = None,
        steps_skipped: int = 0,
        holds_skipped: bool = False,
        note: str | None = None,
    ) -> None:
        if outcome not in ("completed", "stopped"):
            raise ValueError(f"unknown outcome {outcome!r}")
        _check_rating(after)
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET outcome = ?, ended_utc = ?, played_seconds = ?, "
                "after_rating = ?, stopped_at_step = ?, steps_skipped = ?, holds_skipped = ?, "
                "note = ? WHERE id = ?",
                (
                    outcome, utc_stamp(self.now()), played_seconds, after, stopped_at_step,
                    steps_skipped, int(holds_skipped), note or None, session_id,
                ),
            )  # fmt: skip

    def rate_after(self, session_id: int, after: int | None, note: str | None = None) -> None:
        """Add the after-rating (and note) to a session already finished, e.g. after a stop."""
        _check_rating(after)
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET after_rating = ?, note = coalesce(?, note) WHERE id = ?",
                (after, note or None, session_id),
            )

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
            f"SELECT {', '.join(_SELECT)} FROM sessions{where} "
            f"ORDER BY started_utc {order}, id {order}"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        try:
            rows = self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise _plain(exc, self.path) from exc
        return [_session(row) for row in rows]

    def count(
        self, pack: str | None = None, since: dt.date | None = None, include_previews: bool = False
    ) -> int:
        where, args = self._where(pack, since, include_previews)
        try:
            return int(
                self._db.execute(f"SELECT count(*) FROM sessions{where}", args).fetchone()[0]
            )
        except sqlite3.Error as exc:
            raise _plain(exc, self.path) from exc

    def get(self, session_id: int) -> Session | None:
        row = self._db.execute(
            f"SELECT {', '.join(_SELECT)} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return _session(row) if row else None

    def forget(
        self,
        *,
        everything: bool = False,
        pack: str | None = None,
        before: dt.date | None = None,
        dry_run: bool = False,
    ) -> int:
        """Delete what the person asks and nothing else; returns how many sessions."""
        clauses, args = self._clauses(pack, before=before)
        if not clauses and not everything:
            raise ValueError("say what to forget: everything, a pack, or sessions before a date")
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        if dry_run:
            return int(
                self._db.execute(f"SELECT count(*) FROM sessions{where}", args).fetchone()[0]
            )
        with self._write() as db:
            return db.execute(f"DELETE FROM sessions{where}", args).rowcount

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
            f"min({_LOCAL_DAY}) AS first_day, count(*) AS times, "
            "avg(before_rating) AS avg_before, avg(after_rating) AS avg_after, "
            "avg(after_rating - before_rating) AS avg_change, "
            "sum(outcome = 'completed') AS completed, sum(outcome = 'stopped') AS stopped "
            f"FROM sessions{where} GROUP BY pack_id, exercise_id, exercise_sha256"
        )
        try:
            rows = [dict(row) for row in self._db.execute(sql, args).fetchall()]
        except sqlite3.Error as exc:
            raise _plain(exc, self.path) from exc
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
            f"SELECT {_LOCAL_DAY} AS day, count(*) AS n, "
            "sum(before_rating) AS sb, count(before_rating) AS nb, "
            "sum(after_rating) AS sa, count(after_rating) AS na, "
            "sum(after_rating - before_rating) AS sc, count(after_rating - before_rating) AS nc "
            f"FROM sessions{where} GROUP BY day ORDER BY day"
        )
        try:
            rows = self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise _plain(exc, self.path) from exc
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
        sql = f"SELECT min({_LOCAL_DAY}) AS a, max({_LOCAL_DAY}) AS b FROM sessions{where}"
        row = self._db.execute(sql, args).fetchone()
        if row is None or row["a"] is None:
            return None
        return dt.date.fromisoformat(row["a"]), dt.date.fromisoformat(row["b"])

    def practice_days(self, pack: str | None = None) -> list[dt.date]:
        """The local day of each completed or stopped session (previews left out)."""
        sql = (
            f"SELECT {_LOCAL_DAY} AS day FROM sessions WHERE preview = 0 "
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
            f"SELECT {_LOCAL_DAY} AS day, avg(before_rating) AS b, avg(after_rating) AS a, "
            f"count(*) AS n FROM sessions{where} GROUP BY day ORDER BY day"
        )
        rows = self._db.execute(sql, args).fetchall()
        return [(dt.date.fromisoformat(r["day"]), r["b"], r["a"], r["n"]) for r in rows]


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
    avg_before: float | None
    avg_after: float | None
    avg_change: float | None
    completed: int
    stopped: int


_LOCAL_DAY = "local_day"

# outcome NULL means still running in a live process
_SELECT = [c if c != "outcome" else "coalesce(outcome, 'in progress') AS outcome" for c in COLUMNS]


def _session(row: sqlite3.Row) -> Session:
    values = dict(row)
    values["holds_skipped"] = bool(values["holds_skipped"])
    values["preview"] = bool(values["preview"])
    return Session(**values)


def _check_rating(value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not 0 <= value <= 10):
        raise ValueError(f"a rating is a whole number from 0 to 10, not {value!r}")


OUTCOME_WORDS = {"completed": N_("finished"), "stopped": N_("stopped early"),
                 "interrupted": N_("interrupted"), "in progress": N_("in progress")}  # fmt: skip


def outcome_words(s: Session) -> str:
    """How a session ended, in the words every view of it uses."""
    words = _(OUTCOME_WORDS[s.outcome])
    return _("{outcome} (preview)").format(outcome=words) if s.preview else words


def table_headings() -> tuple[str, str, str, str, str]:
    """The columns of the people's view of the history, in the current language."""
    return (_("date"), _("exercise"), _("before -> after"), _("time"), _("how it ended"))


def table_rows(sessions: Sequence[Session]) -> list[tuple[str, str, str, str, str]]:
    """The people's view: date, exercise, before -> after, time played, how it ended."""
    rows = []
    for s in sessions:
        before = "-" if s.before_rating is None else str(s.before_rating)
        after = "-" if s.after_rating is None else str(s.after_rating)
        rows.append(
            (
                s.started_local.strftime("%Y-%m-%d %H:%M"),
                printable(s.exercise_title),
                f"{before} -> {after}",
                clock(s.played_seconds),
                outcome_words(s),
            )
        )
    return rows
