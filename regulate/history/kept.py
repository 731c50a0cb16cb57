"""Sessions the disk refused, kept aside and written into the history at the next start.

When a write to the history fails (a full disk, a read-only file, a fault of regulate's own),
the whole session as far as it got - the ratings and the note above all - is written as a small
file beside the history, in `kept-sessions/`, and rewritten as the session goes on. The next
`History` opened with room to write takes each such file in (adding the session, or completing
the row already started) and removes it. A file that can't be read is left where it is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

from regulate import door
from regulate.history.rows import local_offset_minutes, local_time, utc_stamp

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


def _read(path: Path) -> tuple[int | None, dict[str, object]] | None:
    """One kept file, if it is whole and holds only what a session can; else None."""
    try:
        if path.is_symlink():  # not even one to a file beside it: a kept file is regulate's
            return None
        data = json.loads(door.read_bytes(path, kind="kept", limit=MAX_FILE_BYTES))
        row, session_id = data["row"], data.get("session_id")
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(row, dict) or not (session_id is None or type(session_id) is int):
        return None
    if any(key not in COLUMNS for key in row) or any(key not in row for key in REQUIRED):
        return None
    for key, value in row.items():
        if type(value) not in COLUMNS[key]:  # never a bool for an int, never a list
            return None
    return session_id, row


def take_in(db: sqlite3.Connection, folder: Path) -> int:
    """Write every kept session into the history and remove its file; how many were taken."""
    try:
        names = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    except OSError:
        return 0
    taken = 0
    for path in names:
        kept = _read(path)
        if kept is None:
            continue
        session_id, row = kept
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                _write(db, session_id, row)
            path.unlink()
        except (sqlite3.Error, OSError):
            continue  # tried again at the next start
        taken += 1
    return taken


def _write(db: sqlite3.Connection, session_id: int | None, row: dict[str, object]) -> None:
    """Complete the row already started, if it is there; else add the session whole."""
    columns = list(row)
    if session_id is not None:
        found = db.execute(
            "SELECT 1 FROM sessions WHERE id = ? AND started_utc = ? AND pid IS ?",
            (session_id, row["started_utc"], row.get("pid")),
        ).fetchone()
        if found is not None:
            settings = ", ".join(f"{column} = ?" for column in columns)
            db.execute(
                f"UPDATE sessions SET {settings} WHERE id = ?",
                [*row.values(), session_id],
            )
            return
    marks = ", ".join("?" for _ in columns)
    db.execute(f"INSERT INTO sessions ({', '.join(columns)}) VALUES ({marks})", list(row.values()))
