"""Opening the history: a file made private before SQLite touches it, one that is not a
database moved aside (never deleted) and the person told, a newer version's file left alone,
migrations, sessions left open by a process that is gone marked `interrupted`, and the
sessions a full disk kept aside taken in. A part of `History` (store.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from regulate import door
from regulate.history.errors import (
    HistoryBusy,
    HistoryError,
    HistoryNewer,
    keep_private,
    pid_alive,
    plain_error,
)
from regulate.history.kept import FOLDER as KEPT_FOLDER
from regulate.history.kept import SET_ASIDE, take_in
from regulate.history.migrations import MIGRATIONS, VERSION
from regulate.history.rows import local_time
from regulate.i18n import _, ngettext

KEPT_SECONDS = 1.0  # the most a start spends taking in kept sessions
KEPT_BUSY_SECONDS = 0.2  # ...and waiting for a busy history meanwhile


class Opening:
    """The history's file opened, checked and tidied; `History.__init__` sets these."""

    path: Path
    reading: bool
    now: Callable[[], dt.datetime]
    busy_timeout: float
    notices: list[str]
    read_only: bool
    _db: sqlite3.Connection

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
            door.make_folder(self.path.parent, private=True)
            # created 0600 before SQLite touches it: history is personal
            door.create(self.path, private=True)
            keep_private(self.path.parent, 0o700)
            for suffix in ("", "-wal", "-shm"):
                keep_private(Path(str(self.path) + suffix), 0o600)
            db = self._usable_connection()
        except sqlite3.Error as exc:  # a folder where the file should be, and the like
            raise plain_error(exc, self.path) from exc
        except OSError as exc:
            raise HistoryError(
                _(
                    "Your history at {path} can't be opened ({problem}). "
                    "Nothing already saved has been lost."
                ).format(path=self.path, problem=exc.strerror or exc)
            ) from exc
        return db

    @property
    def kept_folder(self) -> Path:
        """Where a session the disk refused waits for the next start."""
        return self.path.parent / KEPT_FOLDER

    def _take_in_kept(self) -> None:
        if self.read_only:
            return
        if self.kept_folder.is_symlink():  # regulate makes a folder there, never a link
            self.notices.append(
                _(
                    "{folder} is a link, not the folder regulate keeps sessions in, so it was "
                    "not read."
                ).format(folder=self.kept_folder)
            )
            return
        if not self.kept_folder.is_dir():
            return
        # for a moment only, and never waiting on a busy history: what is left is taken in by
        # the next writer (each session's, in the background)
        self._db.execute(f"PRAGMA busy_timeout = {int(KEPT_BUSY_SECONDS * 1000)}")
        try:
            result = take_in(self._db, self.kept_folder, seconds=KEPT_SECONDS)
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        if result.taken:
            self.notices.append(
                ngettext(
                    "A session that could not be saved last time is now in your history.",
                    "{n} sessions that could not be saved last time are now in your history.",
                    result.taken,
                ).format(n=result.taken)
            )
        if result.set_aside:
            self.notices.append(
                ngettext(
                    "A kept session could not be read, so it was set aside in {folder} and "
                    "left out of your history.",
                    "{n} kept sessions could not be read, so they were set aside in {folder} "
                    "and left out of your history.",
                    result.set_aside,
                ).format(n=result.set_aside, folder=self.kept_folder / SET_ASIDE)
            )

    def _usable_connection(self) -> sqlite3.Connection:
        if not (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)):
            # read-only media or permissions: what is saved can still be read and shown;
            # any write then says plainly why it can't be saved
            self.read_only = True
            # in a URI ?, # and % mean something: the path is quoted, so a folder called
            # "a?b" is that folder (unquoted, SQLite opened "a" and took the rest as options)
            uri = f"{self.path.absolute().as_uri()}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout, isolation_level=None,
                                 check_same_thread=False)  # fmt: skip
            db.row_factory = sqlite3.Row
            return db
        db = self._raw_connection()
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # a file whose first page reads but a later one is damaged (a bad sector, a sync
            # tool's half copy) is found out here, before a session is written into it
            # (a check of every page: 0.09 s at 100,000 sessions, which a report need not wait)
            damaged = not self.reading and db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok"
        except sqlite3.DatabaseError as exc:
            db.close()
            if isinstance(exc, sqlite3.OperationalError):
                # locked (busy) or can't be read right now: the file stays where it is; only a
                # file SQLite itself calls corrupt or not a database is ever moved aside
                raise plain_error(exc, self.path) from exc
            damaged = True
        if damaged:
            db.close()  # closing twice is harmless
            self._move_aside()
            db = self._raw_connection()
            version = 0
        if version > VERSION:
            db.close()
            raise HistoryNewer(
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
        # opened on one thread (the app's, off its event loop) and used on another after
        db = sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
        )
        db.row_factory = sqlite3.Row
        # a file edited by another program may hold bytes that are not UTF-8: shown, not fatal
        db.text_factory = lambda raw: raw.decode("utf-8", "replace")
        # never waited for: a file another program holds is WAL next time (one wait, not two)
        db.execute("PRAGMA busy_timeout = 0")
        with contextlib.suppress(sqlite3.DatabaseError):
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        return db

    def _move_aside(self) -> None:
        stamp = local_time(self.now()).strftime("%Y-%m-%d-%H%M%S")
        # onto a name reserved for it, never onto a copy kept earlier (in the same second, or
        # an hour that a clock change repeats)
        target = door.move_aside(self.path, lambda n: self._aside_name(stamp, n))
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                door.replace(side, Path(str(target) + suffix))
        door.create(self.path, private=True)
        self.notices.append(
            _(
                "Your history file could not be read, so it was kept as {name} and a new "
                "one was started. Nothing was deleted; your therapist or a technical friend may "
                "be able to recover it."
            ).format(name=target.name)
        )

    def _aside_name(self, stamp: str, n: int) -> Path:
        extra = f"-{n}" if n > 1 else ""
        return self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{extra}{self.path.suffix}")

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
            raise plain_error(exc, self.path) from exc

    def _recover(self, db: sqlite3.Connection) -> None:
        """Sessions left open by a process that is gone become `interrupted`."""
        try:
            rows = db.execute("SELECT id, pid FROM sessions WHERE outcome IS NULL").fetchall()
            dead = [row["id"] for row in rows if not pid_alive(row["pid"])]
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
                raise plain_error(exc, self.path) from exc

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
            raise plain_error(exc, self.path) from exc
