"""The history's schema, as the steps that build it: each migration takes a file from its index
to the next version."""

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
    # 3 -> 4: a session rated and then not started (a low moment, and "stop here") is kept
    # as what it was: the outcome 'not_started'. SQLite can't change a CHECK in place, so the
    # table is made anew with the same rows and indexes.
    """
    CREATE TABLE sessions_4 (
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
        outcome TEXT CHECK (outcome IN ('completed', 'stopped', 'interrupted', 'not_started')),
        stopped_at_step INTEGER,
        steps_skipped INTEGER NOT NULL DEFAULT 0,
        holds_skipped INTEGER NOT NULL DEFAULT 0,
        note TEXT,
        preview INTEGER NOT NULL DEFAULT 0,
        pid INTEGER,
        speed REAL NOT NULL DEFAULT 1,
        local_day TEXT
    );
    INSERT INTO sessions_4 (id, pack_id, pack_name, exercise_id, exercise_title,
        exercise_sha256, started_utc, utc_offset_minutes, ended_utc, planned_seconds,
        played_seconds, before_rating, after_rating, outcome, stopped_at_step, steps_skipped,
        holds_skipped, note, preview, pid, speed, local_day)
        SELECT id, pack_id, pack_name, exercise_id, exercise_title, exercise_sha256,
        started_utc, utc_offset_minutes, ended_utc, planned_seconds, played_seconds,
        before_rating, after_rating, outcome, stopped_at_step, steps_skipped, holds_skipped,
        note, preview, pid, speed, local_day FROM sessions;
    DROP TABLE sessions;
    ALTER TABLE sessions_4 RENAME TO sessions;
    CREATE INDEX sessions_started ON sessions (preview, started_utc);
    CREATE INDEX sessions_pack_started ON sessions (pack_id, preview, started_utc);
    CREATE INDEX sessions_open ON sessions (outcome) WHERE outcome IS NULL;
    CREATE INDEX sessions_by_day ON sessions (preview, local_day, before_rating, after_rating,
        outcome, pack_id);
    CREATE INDEX sessions_by_version ON sessions (preview, pack_id, exercise_id,
        exercise_sha256, local_day, before_rating, after_rating, outcome, exercise_title,
        pack_name);
    """,
    # 4 -> 5: what the person chose along the way, for the therapist's report: `choices` a JSON
    # list of words from history/rows.py's CHOICES (support opened, the look-around used, the
    # settle exercise chosen, continuing after a low rating, a scan area skipped), `follows` the
    # session a settle exercise was chosen after, `stopped_where` the step or scan area's name
    # where a stopped session stopped
    """
    ALTER TABLE sessions ADD COLUMN choices TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE sessions ADD COLUMN follows INTEGER;
    ALTER TABLE sessions ADD COLUMN stopped_where TEXT;
    """,
    # 5 -> 6: the report counts what was chosen and where stops came from an index of only the
    # sessions that have either (a few among many), not a pass over every row: 0.3 s at
    # 100,000 sessions without it
    """
    CREATE INDEX sessions_chosen ON sessions (preview, pack_id, exercise_id, choices, outcome,
        stopped_where, local_day) WHERE choices <> '[]' OR stopped_where IS NOT NULL;
    """,
)

VERSION = len(MIGRATIONS)
