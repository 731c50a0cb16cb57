"""The history store: every session and rating, kept in SQLite in the person's data folder.

Rules it keeps: a session is written the moment it starts (with the before-rating) and
finished later, so a killed process leaves an `interrupted` session, never a lost or a
falsely `completed` one; transactions are short and wait for each other (two windows lose
nothing); a file that is not a database is moved aside, never deleted, and the person told.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from regulate import door
from regulate.history.kept import start_columns
from regulate.history.opening import Opening
from regulate.history.place import FILE_NAME
from regulate.history.queries import Queries
from regulate.history.rows import (
    MAX_CHOICES,
    check_rating,
    choice_known,
    choices_from,
    utc_stamp,
)
from regulate.system import paths

BUSY_TIMEOUT_SECONDS = 10.0
READING_BUSY_SECONDS = 1.0  # history, report, play --plain: the most they wait for a busy history


class History(Opening, Queries):
    """One person's history. Open with `History.open()`; each call is its own transaction."""

    def __init__(
        self,
        path: Path,
        now: Callable[[], dt.datetime] | None = None,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        *,
        reading: bool = False,
    ) -> None:
        self.path = path
        self.reading = reading
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.busy_timeout = busy_timeout
        self.notices: list[str] = []  # sentences to show the person once
        self.read_only = False  # set when the file or its folder can't be written
        self._db = self._connect()
        self._take_in_kept()

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        now: Callable[[], dt.datetime] | None = None,
        *,
        reading: bool = False,
    ) -> History:
        """Open (creating if need be) the history in the data folder. `reading`: for a command
        that only reads it (history, report), which skips the check of every page: the pages
        such a command reads are checked by SQLite as it reads them (a damaged one is a
        sentence), and the next opening that writes checks the whole file first."""
        if path is None:
            folder = door.make_folder(paths.data_dir(), private=True)  # history is personal
            path = folder / FILE_NAME
        # a command that only reads says 'busy' within two seconds rather than wait ten
        wait = READING_BUSY_SECONDS if reading else BUSY_TIMEOUT_SECONDS
        return cls(path, now, wait, reading=reading)

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
        outcome: Literal["not_started"] | None = None,
        moment: dt.datetime | None = None,
        follows: int | None = None,
    ) -> int:
        """Record a session the moment it starts (now, or the `moment` it was asked), with its
        before-rating; returns its id. `follows`: the session a settle exercise was chosen
        after."""
        check_rating(before)
        row = start_columns(moment or self.now(), {
            "pack_id": pack_id, "pack_name": pack_name, "exercise_id": exercise_id,
            "exercise_title": exercise_title, "exercise_sha256": exercise_sha256,
            "planned_seconds": planned_seconds, "before": before, "preview": preview,
            "speed": speed, "outcome": outcome, "follows": follows,
        })  # fmt: skip
        with self._write() as db:
            cursor = db.execute(
                f"INSERT INTO sessions ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            return int(cursor.lastrowid or 0)

    def not_started(
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
        moment: dt.datetime | None = None,
        follows: int | None = None,
    ) -> int:
        """A before-rating given and the exercise then not started: kept, already ended
        (one write, so no moment leaves it looking interrupted)."""
        return self.start(
            pack_id=pack_id, pack_name=pack_name, exercise_id=exercise_id,
            exercise_title=exercise_title, exercise_sha256=exercise_sha256,
            planned_seconds=planned_seconds, before=before, preview=preview, speed=speed,
            outcome="not_started", moment=moment, follows=follows,
        )  # fmt: skip

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
        stopped_where: str | None = None,
    ) -> None:
        if outcome not in ("completed", "stopped"):
            raise ValueError(f"unknown outcome {outcome!r}")
        check_rating(after)
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET outcome = ?, ended_utc = ?, played_seconds = ?, "
                "after_rating = ?, stopped_at_step = ?, steps_skipped = ?, holds_skipped = ?, "
                "note = ?, stopped_where = ? WHERE id = ?",
                (
                    outcome, utc_stamp(self.now()), played_seconds, after, stopped_at_step,
                    steps_skipped, int(holds_skipped), note or None,
                    stopped_where if outcome == "stopped" else None, session_id,
                ),
            )  # fmt: skip

    def add_choice(self, session_id: int, choice: str) -> None:
        """Keep one thing the person chose along the way (a word of rows.CHOICES, or a skipped
        scan area), once, in the order chosen."""
        if not choice_known(choice):
            raise ValueError(f"not a choice the history keeps: {choice!r}")
        with self._write() as db:
            row = db.execute("SELECT choices FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                return
            known = choices_from(row[0])
            if choice in known or len(known) >= MAX_CHOICES:
                return
            db.execute(
                "UPDATE sessions SET choices = ? WHERE id = ?",
                (json.dumps([*known, choice]), session_id),
            )

    def rate_after(self, session_id: int, after: int | None, note: str | None = None) -> None:
        """Add the after-rating (and note) to a session already finished, e.g. after a stop."""
        check_rating(after)
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET after_rating = ?, note = coalesce(?, note) WHERE id = ?",
                (after, note or None, session_id),
            )

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
