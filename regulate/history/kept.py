"""Sessions the disk refused, kept aside and written into the history at the next start.

When a write to the history fails (a full disk, a read-only file, a fault of regulate's own),
the whole session as far as it got - the ratings and the note above all - is written as a small
file beside the history, in `kept-sessions/`, and rewritten as the session goes on. The next
`History` opened with room to write takes each such file in (adding the session, or completing
the row already started) and removes it, for at most a second; the session's own writer, in the
background, takes in what is left. A file that can't be read (damaged, edited by hand, a value
no session has) is set aside in `kept-sessions/set-aside/`, never written in, never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from regulate import door
from regulate.history.rows import choices_from, local_offset_minutes, local_time, utc_stamp
from regulate.system.processes import pid_alive

FOLDER = "kept-sessions"
MAX_FILE_BYTES = 64 * 1024  # a session with a 1,000-character note is about 1 KB

# every column a kept session may give, with the types it may hold: anything else in a file
# (edited by hand, or damaged) is not taken in
COLUMNS: dict[str, tuple[type, ...]] = {
    "pack_id": (str,),
    "pack_name": (str,),
    "exercise_id": (str,),
    "exercise_title": (str,),
    "exercise_sha256": (str,),
    "started_utc": (str,),
    "utc_offset_minutes": (int,),
    "local_day": (str,),
    "ended_utc": (str, type(None)),
    "planned_seconds": (int, float),
    "played_seconds": (int, float),
    "before_rating": (int, type(None)),
    "after_rating": (int, type(None)),
    "outcome": (str, type(None)),
    "stopped_at_step": (int, type(None)),
    "steps_skipped": (int,),
    "holds_skipped": (int,),
    "note": (str, type(None)),
    "preview": (int,),
    "pid": (int, type(None)),
    "speed": (int, float),
    "choices": (str,),
    "follows": (int, type(None)),
    "stopped_where": (str, type(None)),
}
REQUIRED = ("pack_id", "pack_name", "exercise_id", "exercise_title", "exercise_sha256",
            "started_utc", "utc_offset_minutes", "planned_seconds")  # fmt: skip


def start_columns(moment: dt.datetime, fields: dict[str, object]) -> dict[str, object]:
    """A session's row as it starts: what the player gave, and when, in UTC and local time."""
    stamp = utc_stamp(moment)
    outcome = fields.get("outcome")
    return {
        "pack_id": fields["pack_id"],
        "pack_name": fields["pack_name"],
        "exercise_id": fields["exercise_id"],
        "exercise_title": fields["exercise_title"],
        "exercise_sha256": fields["exercise_sha256"],
        "started_utc": stamp,
        "utc_offset_minutes": local_offset_minutes(moment),
        "local_day": local_time(moment).date().isoformat(),
        "planned_seconds": fields["planned_seconds"],
        "before_rating": fields.get("before"),
        "preview": int(bool(fields.get("preview", False))),
        "speed": fields.get("speed", 1.0),
        "pid": os.getpid(),
        "follows": fields.get("follows"),
        "outcome": outcome,
        "ended_utc": stamp if outcome else None,
    }


def keep(folder: Path, name: str, session_id: int | None, row: dict[str, object]) -> bool:
    """Write (or rewrite) one kept session, whole or not at all; False if the disk refused."""
    try:
        text = json.dumps({"session_id": session_id, "row": row})
        door.make_folder(folder, private=True)
        door.write_text(folder / f"{name}.json", text, private=True)
    except (OSError, TypeError, ValueError):
        return False
    return True


SET_ASIDE = "set-aside"  # beside the kept files: those that could not be read, never deleted
CLAIM = ".taking-"  # a kept file being taken in by one process: `.taking-PID-name.json`
MAX_TEXT = 20_000  # characters in any text of a kept row (a note is at most 1,000)
MAX_INT = 2**63 - 1  # what SQLite's INTEGER holds
MAX_SECONDS = 10 * 24 * 3600.0  # no session is planned or played for ten days
OUTCOMES = (None, "completed", "stopped", "interrupted", "not_started")


def _parse_stamp(text: object) -> bool:
    try:
        dt.datetime.strptime(str(text), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def _parse_day(text: object) -> bool:
    try:
        dt.date.fromisoformat(str(text))
    except ValueError:
        return False
    return len(str(text)) == 10


def _value_fits(key: str, value: object) -> bool:
    """A kept file is evidence, not truth: each value within what the history can hold and
    every view of it can read (kind, range, size), checked before anything is written."""
    if type(value) not in COLUMNS[key]:  # never a bool for an int, never a list
        return False
    if isinstance(value, str) and len(value) > MAX_TEXT:  # a NUL is text to SQLite: kept
        return False
    if isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
        return False
    if isinstance(value, float) and not (value == value and abs(value) < float("inf")):
        return False
    if key in ("planned_seconds", "played_seconds"):
        return 0 <= float(value) <= MAX_SECONDS  # type: ignore[arg-type]
    if key == "speed":
        return 0 < float(value) <= 1000  # type: ignore[arg-type]
    if key in ("before_rating", "after_rating"):
        return value is None or 0 <= value <= 10  # type: ignore[operator]
    if key == "utc_offset_minutes":
        return abs(value) < 24 * 60  # type: ignore[arg-type]
    if key in ("started_utc", "ended_utc"):
        return value is None or _parse_stamp(value)
    if key == "local_day":
        return _parse_day(value)
    if key == "outcome":
        return value in OUTCOMES
    if key in ("stopped_at_step", "steps_skipped", "follows", "pid"):
        return value is None or 0 <= value <= MAX_INT  # type: ignore[operator]
    if key == "choices":
        return json.dumps(list(choices_from(value))) == value
    return True


def _read(path: Path) -> tuple[int | None, dict[str, object]] | None:
    """One kept file, if it is whole and holds only what a session can; else None."""
    try:
        if path.is_symlink():  # not even one to a file beside it: a kept file is regulate's
            return None
        data = json.loads(door.read_bytes(path, kind="kept", limit=MAX_FILE_BYTES))
        row, session_id = data["row"], data.get("session_id")
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None  # RecursionError: json nests 30,000 deep before it says no
    if not isinstance(row, dict) or not (session_id is None or type(session_id) is int):
        return None
    if session_id is not None and not 0 < session_id <= MAX_INT:
        return None
    if any(key not in COLUMNS for key in row) or any(key not in row for key in REQUIRED):
        return None
    if not all(_value_fits(key, value) for key, value in row.items()):
        return None
    if "local_day" not in row:  # the day as lived, which every report groups by
        started = dt.datetime.strptime(str(row["started_utc"]), "%Y-%m-%dT%H:%M:%SZ")
        offset = dt.timedelta(minutes=int(row["utc_offset_minutes"]))
        try:
            row["local_day"] = (started + offset).date().isoformat()
        except OverflowError:
            row["local_day"] = started.date().isoformat()
    return session_id, row


@dataclass(frozen=True)
class TakenIn:
    """What one look at the kept sessions did: how many went into the history, and how many
    files could not be read and were set aside (in `kept-sessions/set-aside/`)."""

    taken: int = 0
    set_aside: int = 0


def take_in(db: sqlite3.Connection, folder: Path, *, seconds: float = 1.0) -> TakenIn:
    """Write every kept session into the history and remove its file, for at most `seconds`
    (a busy history or a thousand files never hold up a start: the rest wait for the next
    writer). Each file is claimed first - renamed to a name of this process's - so two
    windows never take one twice; a file that can't be read is set aside, never written in."""
    deadline = time.monotonic() + seconds
    _release_stale_claims(folder)
    try:
        names = sorted(
            p for p in folder.glob("*.json") if not p.name.startswith(".") and p.is_file()
        )
    except OSError:
        return TakenIn()
    taken = set_aside = 0
    for path in names:
        if time.monotonic() >= deadline:
            break
        claimed = folder / f"{CLAIM}{os.getpid()}-{path.name}"
        try:
            door.replace(path, claimed)
        except OSError:
            continue  # another window took it a moment ago, or it went
        kept = _read(claimed)
        if kept is None:
            set_aside += _set_aside(claimed, folder, path.name)
            continue
        session_id, row = kept
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                _write(db, session_id, row)
            claimed.unlink()
        except (sqlite3.Error, OSError, OverflowError):
            with contextlib.suppress(OSError):
                door.replace(claimed, path)  # given back: tried again by the next writer
            break  # busy: the others wait too
        taken += 1
    return TakenIn(taken, set_aside)


def _set_aside(claimed: Path, folder: Path, name: str) -> int:
    aside = folder / SET_ASIDE
    try:
        door.make_folder(aside, private=True)
        stem = Path(name).stem
        door.move_aside(
            claimed, lambda n: aside / (f"{stem}.json" if n == 1 else f"{stem}-{n}.json")
        )
    except OSError:
        with contextlib.suppress(OSError):
            door.replace(claimed, folder / name)
        return 0
    return 1


def _release_stale_claims(folder: Path) -> None:
    """A claim left by a process that has ended (killed while taking a file in) is given back."""
    try:
        claims = [p for p in folder.glob(f"{CLAIM}*.json")]
    except OSError:
        return
    for claim in claims:
        pid, _, name = claim.name[len(CLAIM) :].partition("-")
        if not pid.isdigit() or not name or pid_alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            door.replace(claim, folder / name)


def _write(db: sqlite3.Connection, session_id: int | None, row: dict[str, object]) -> None:
    """Complete the row already started, if it is there; else add the session whole. A row
    is the same session when its id, or (kept before its id was known, its start written a
    moment later) its moment, process and exercise match: taking in twice adds nothing."""
    columns = list(row)
    found = None
    if session_id is not None:
        found = db.execute(
            "SELECT id FROM sessions WHERE id = ? AND started_utc = ? AND pid IS ?",
            (session_id, row["started_utc"], row.get("pid")),
        ).fetchone()
    if found is None and row.get("pid") is not None:
        found = db.execute(
            "SELECT id FROM sessions WHERE started_utc = ? AND pid IS ? AND exercise_sha256 = ?",
            (row["started_utc"], row.get("pid"), row["exercise_sha256"]),
        ).fetchone()
    if found is not None:
        settings = ", ".join(f"{column} = ?" for column in columns)
        db.execute(f"UPDATE sessions SET {settings} WHERE id = ?", [*row.values(), found[0]])
        return
    marks = ", ".join("?" for _ in columns)
    db.execute(f"INSERT INTO sessions ({', '.join(columns)}) VALUES ({marks})", list(row.values()))
