"""The history store against a real SQLite file in a temporary REGULATE_HOME."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate import door
from regulate.history import MIGRATIONS, VERSION, History, HistoryError
from regulate.system import paths
from tests.helpers import fuzz_examples, regulate

FIELDS = {
    "pack_id": "starter", "pack_name": "Starter pack", "exercise_id": "notice-the-room",
    "exercise_title": "Notice the room", "exercise_sha256": "ab" * 32, "planned_seconds": 120.0,
}  # fmt: skip


def _clock(start: dt.datetime) -> tuple[list[dt.datetime], callable]:
    now = [start]
    return now, lambda: now[0]


def test_folder_and_file_are_private() -> None:
    with History.open() as store:
        store.start(**FIELDS, before=4)
    folder = paths.data_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "history.sqlite3").stat().st_mode) == 0o600


def test_start_commits_at_once_with_the_before_rating() -> None:
    store = History.open()
    session_id = store.start(**FIELDS, before=3)
    # a second, independent connection sees it before finish is ever called
    other = sqlite3.connect(paths.data_dir() / "history.sqlite3")
    row = other.execute(
        "SELECT before_rating, outcome FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    assert row == (3, None)
    assert store.get(session_id).outcome == "in progress"  # this process is alive
    store.finish(session_id, outcome="completed", played_seconds=119.6, after=6, note="ok")
    done = store.get(session_id)
    assert (done.outcome, done.after_rating, done.played_seconds, done.note) == (
        "completed",
        6,
        119.6,
        "ok",
    )
    assert done.change == 3


def test_every_recorded_field() -> None:
    now, clock = _clock(dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC))
    store = History.open(now=clock)
    session_id = store.start(**FIELDS, before=None, preview=True, speed=20)
    now[0] += dt.timedelta(seconds=40)
    store.finish(
        session_id, outcome="stopped", played_seconds=38.5, after=2, stopped_at_step=3,
        steps_skipped=1, holds_skipped=True, note=None,
    )  # fmt: skip
    s = store.get(session_id)
    assert s.as_dict() | {"id": 0, "utc_offset_minutes": 0} == {
        "id": 0, **FIELDS, "started_utc": "2026-11-20T08:30:00Z", "utc_offset_minutes": 0,
        "ended_utc": "2026-11-20T08:30:40Z", "played_seconds": 38.5, "before_rating": None,
        "after_rating": 2, "outcome": "stopped", "stopped_at_step": 3, "steps_skipped": 1,
        "holds_skipped": True, "note": None, "preview": True, "speed": 20.0, "choices": (),
        "follows": None, "stopped_where": None,
    }  # fmt: skip


def test_local_offset_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    time.tzset()
    try:
        store = History.open(now=lambda: dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC))
        s = store.get(store.start(**FIELDS, before=5))
        assert s.utc_offset_minutes == -180
        assert s.started_local.strftime("%Y-%m-%d %H:%M") == "2026-11-19 23:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_ratings_outside_0_to_10_are_refused() -> None:
    store = History.open()
    for bad in (-1, 11, True):
        with pytest.raises(ValueError):
            store.start(**FIELDS, before=bad)
    assert store.count() == 0


def test_filters_previews_pack_and_since() -> None:
    now, clock = _clock(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC))
    store = History.open(now=clock)
    for day in range(0, 60, 10):
        now[0] = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=day)
        store.finish(store.start(**FIELDS, before=day % 10), outcome="completed", played_seconds=1)
    other = store.start(**{**FIELDS, "pack_id": "week3"}, before=1)
    store.finish(other, outcome="completed", played_seconds=1)
    store.finish(
        store.start(**FIELDS, before=1, preview=True, speed=10),
        outcome="completed",
        played_seconds=1,
    )
    assert store.count() == 7
    assert store.count(include_previews=True) == 8
    assert store.count(pack="week3") == 1
    since = store.sessions(since=dt.date(2026, 11, 1))
    assert [s.started_utc[:10] for s in since] == ["2026-11-20", "2026-11-20", "2026-11-10"]
    newest = store.sessions()
    assert newest[0].id > newest[-1].id  # newest first


def test_killed_process_leaves_an_interrupted_session_with_its_rating(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from regulate.history import History
        store = History.open()
        session_id = store.start(**{FIELDS!r}, before=2)
        store.checkpoint(session_id, 42.0, 3)
        print(session_id, flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    session_id = int(child.stdout.readline())
    with History.open() as store:
        assert store.get(session_id).outcome == "in progress"  # still alive: not judged yet
    child.send_signal(signal.SIGKILL)
    child.wait()
    with History.open() as store:
        s = store.get(session_id)
        assert (s.outcome, s.before_rating, s.played_seconds, s.stopped_at_step) == (
            "interrupted",
            2,
            42.0,
            3,
        )
        assert s.ended_utc is None
    # and it stays interrupted: finishing cannot rewrite it as completed later by mistake
    with History.open() as store:
        assert store.get(session_id).outcome == "interrupted"


def test_two_processes_writing_at_once_lose_nothing() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from regulate.history import History
        tag = int(sys.argv[1])
        for i in range(150):
            store = History.open()
            sid = store.start(**{FIELDS!r}, before=tag)
            store.finish(sid, outcome="completed", played_seconds=i, after=(i % 11))
            store.close()
        """
    )
    children = [subprocess.Popen([sys.executable, "-c", script, str(tag)]) for tag in (1, 2)]
    assert [c.wait(timeout=120) for c in children] == [0, 0]
    with History.open() as store:
        sessions = store.sessions()
    assert len(sessions) == 300
    for tag in (1, 2):
        mine = sorted(s.played_seconds for s in sessions if s.before_rating == tag)
        assert mine == list(range(150))
    assert all(
        s.outcome == "completed" and s.after_rating == int(s.played_seconds) % 11 for s in sessions
    )


def test_a_file_that_is_not_a_database_is_moved_aside_not_deleted() -> None:
    folder = door.make_folder(paths.data_dir(), private=True)
    garbage = b"this is not sqlite " * 200
    (folder / "history.sqlite3").write_bytes(garbage)
    store = History.open(now=lambda: dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC))
    assert len(store.notices) == 1
    assert store.notices[0].startswith(
        "Your history file could not be read, so it was kept as history.unreadable-"
    )
    kept = list(folder.glob("history.unreadable-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    store.start(**FIELDS, before=5)  # a fresh store works
    store.close()
    # told once: the next open has nothing to say
    assert History.open().notices == []


def test_a_truncated_database_is_moved_aside() -> None:
    with History.open() as store:
        store.start(**FIELDS, before=5)
    path = paths.data_dir() / "history.sqlite3"
    with contextlib.suppress(FileNotFoundError):
        for side in ("-wal", "-shm"):
            Path(str(path) + side).unlink()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 50)
    store = History.open()
    assert store.notices and store.count() == 0


def test_newer_file_is_left_untouched() -> None:
    path = door.make_folder(paths.data_dir(), private=True) / "history.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="written by a newer version of regulate"):
        History.open()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == VERSION + 1


@pytest.mark.parametrize("start_version", range(VERSION))
def test_migrations_from_every_earlier_version_keep_sessions(start_version: int) -> None:
    path = door.make_folder(paths.data_dir(), private=True) / "history.sqlite3"
    db = sqlite3.connect(path)
    for step in range(start_version):
        db.executescript(MIGRATIONS[step])
    db.execute(f"PRAGMA user_version = {start_version}")
    if start_version >= 1:
        db.execute(
            "INSERT INTO sessions (pack_id, pack_name, exercise_id, exercise_title, exercise_sha256, "
            "started_utc, utc_offset_minutes, planned_seconds, before_rating, after_rating, outcome) "
            "VALUES ('p', 'P', 'e', 'E', 'x', '2026-01-01T10:00:00Z', 60, 90, 4, 7, 'completed')"
        )
    db.commit()
    db.close()
    with History.open() as store:
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == VERSION
        sessions = store.sessions()
        if start_version >= 1:
            (s,) = sessions
            assert (s.before_rating, s.after_rating, s.outcome, s.speed) == (4, 7, "completed", 1.0)
        store.start(**FIELDS, before=1)
        assert store.count() == len(sessions) + 1


def test_forget_deletes_what_is_asked_and_nothing_else() -> None:
    now, clock = _clock(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC))
    store = History.open(now=clock)
    for day, pack in [(0, "a"), (5, "a"), (10, "b"), (40, "a")]:
        now[0] = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=day)
        store.start(**{**FIELDS, "pack_id": pack}, before=1)
    assert store.forget(pack="b", dry_run=True) == 1 and store.count() == 4
    assert store.forget(before=dt.date(2026, 10, 6)) == 1  # only 1 Oct; 6 Oct 12:00 stays
    assert store.forget(pack="b") == 1
    assert [s.started_utc[:10] for s in store.sessions()] == ["2026-11-10", "2026-10-06"]
    with pytest.raises(ValueError):
        store.forget()
    assert store.forget(everything=True) == 2 and store.count() == 0


@contextlib.contextmanager
def _tiny_mount(folder: Path, size: str = "96k") -> Iterator[bool]:
    """A real small filesystem when allowed (root, as in CI here); False when not."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0  # fmt: skip
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_gives_a_sentence_and_keeps_what_was_saved(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    with _tiny_mount(folder) as mounted:
        store = History.open(folder / "history.sqlite3")
        if not mounted:  # the same SQLite error by another road: a page limit
            store._db.execute("PRAGMA max_page_count = 12")
        first = store.start(**FIELDS, before=3)
        with pytest.raises(HistoryError) as caught:
            for _ in range(5000):
                store.start(**{**FIELDS, "exercise_title": "x" * 2000}, before=4)
        assert "because the disk is full. Nothing already saved has been lost." in str(caught.value)
        assert store.get(first).before_rating == 3


def test_read_only_history_gives_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    with _tiny_mount(folder, "1m") as mounted:
        with History.open(folder / "history.sqlite3") as store:
            saved = store.start(**FIELDS, before=6)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            os.chmod(folder / "history.sqlite3", 0o400)
            os.chmod(folder, 0o500)
        store = History.open(folder / "history.sqlite3")
        assert store.get(saved).before_rating == 6  # still readable
        with pytest.raises(HistoryError, match="can't be written to \\(it is read-only\\)"):
            store.start(**FIELDS, before=1)


def _damage_a_later_page(path: Path) -> bytes:
    """Overwrite one page deep in the file, leaving the first page (and so the schema)
    readable: a bad sector, or a sync tool's half copy."""
    with contextlib.suppress(FileNotFoundError):
        for side in ("-wal", "-shm"):
            Path(str(path) + side).unlink()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page, "the history should span several pages"
    data[4 * page + 100 : 5 * page] = b"\xa5" * (page - 100)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_history_damaged_past_its_first_page_is_set_aside_and_new_sessions_are_kept() -> None:
    with History.open() as store:
        for i in range(400):
            store.start(**FIELDS, before=i % 11)
    path = paths.data_dir() / "history.sqlite3"
    damaged = _damage_a_later_page(path)
    store = History.open()
    assert len(store.notices) == 1 and "could not be read, so it was kept as" in store.notices[0]
    kept = list(path.parent.glob("history.unreadable-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # nothing of it lost or changed
    session = store.start(**FIELDS, before=4)  # the session played afterwards is kept
    store.finish(session, outcome="completed", played_seconds=60, after=7)
    assert [(s.before_rating, s.after_rating) for s in store.sessions()] == [(4, 7)]
    store.close()


def test_a_kept_copy_is_never_overwritten_by_a_later_one_in_the_same_second() -> None:
    folder = door.make_folder(paths.data_dir(), private=True)
    same_second = dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC)
    kept_bytes = []
    for n in range(3):
        garbage = f"not a history, number {n} ".encode() * 100
        (folder / "history.sqlite3").write_bytes(garbage)
        kept_bytes.append(garbage)
        History.open(now=lambda: same_second).close()
    kept = sorted(folder.glob("history.unreadable-*.sqlite3"))
    assert len(kept) == 3
    assert sorted(p.read_bytes() for p in kept) == sorted(kept_bytes)


@contextlib.contextmanager
def _zone(tz: str) -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


from hypothesis import example  # noqa: E402


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    sign=st.sampled_from("+-"),
    hours=st.integers(0, 25),
    minutes=st.integers(0, 59),
    seconds=st.integers(0, 59),
)
@example(sign="-", hours=24, minutes=0, seconds=0)  # the cases found by hand: a whole day,
@example(sign="-", hours=24, minutes=59, seconds=59)  # more than a day,
@example(sign="+", hours=23, minutes=59, seconds=59)  # a day less one second the other way,
@example(sign="-", hours=0, minutes=0, seconds=30)  # and odd seconds
def test_whatever_the_time_zone_the_session_is_kept_and_every_row_stays_readable(
    tmp_path_factory: pytest.TempPathFactory, sign: str, hours: int, minutes: int, seconds: int
) -> None:
    """TZ strings as glibc takes them, to a whole day and odd seconds: the session is kept, and
    the history and the report read it back in this zone and in any other."""
    from regulate.report.build import build
    from regulate.report.formats import REPORT_FORMATS

    path = tmp_path_factory.mktemp("tz") / "history.sqlite3"
    with _zone(f"XXX{sign}{hours}:{minutes:02d}:{seconds:02d}"), History.open(path) as store:
        session = store.start(**FIELDS, before=3)
        store.finish(session, outcome="completed", played_seconds=120, after=6)
        (kept,) = store.sessions()
        assert (kept.before_rating, kept.after_rating) == (3, 6)
        assert kept.started_local.tzinfo is not None
    for zone in ("UTC", "XXX-24:59:59", "XXX+24:59:59", "Pacific/Kiritimati"):
        with _zone(zone), History.open(path) as store:
            (kept,) = store.sessions()
            REPORT_FORMATS["md"].render(build(store, {}))
            assert "6" in REPORT_FORMATS["html"].render(build(store, {}))


def test_a_row_kept_with_a_day_long_offset_by_an_earlier_version_stays_readable() -> None:
    with History.open() as store:
        session = store.start(**FIELDS, before=2)
        store.finish(session, outcome="completed", played_seconds=60, after=5)
    db = sqlite3.connect(paths.data_dir() / "history.sqlite3")
    db.execute("UPDATE sessions SET utc_offset_minutes = -1440")
    db.commit()
    db.close()
    result = regulate("history")
    assert result.returncode == 0 and "2 -> 5" in result.stdout, result.stderr
    report = regulate("report", "-o", "-")
    assert report.returncode == 0 and "Traceback" not in report.stderr


@pytest.mark.parametrize("folder", ["a?b", "c#d", "e%20f", "g h", "i?mode=rw&j", "k%3Fl"])
def test_a_history_that_can_only_be_read_is_read_whatever_its_folder_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """Read-only media open the history through a SQLite URI, where ?, # and % mean something:
    the folder's name must be taken as a name, never as part of the address."""
    path = tmp_path / folder / "history.sqlite3"
    with History.open(path) as store:
        store.start(**FIELDS, before=4)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    with History.open(path) as read_only:
        assert read_only.read_only
        assert [s.before_rating for s in read_only.sessions()] == [4]
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # nothing made elsewhere


def test_history_and_report_of_a_damaged_history_say_so_and_leave_it_for_the_next_start(
    tmp_path: Path,
) -> None:
    """`history` and `report` only read, so they skip the check of every page (a 100,000-
    session history's report waits 0.09 s less); a damaged page they meet is a sentence, the
    file is left where it is, and the next start that writes sets it aside and keeps going."""
    with History.open() as store:
        for i in range(400):
            store.finish(store.start(**FIELDS, before=i % 11), outcome="completed",
                         played_seconds=60, after=5)  # fmt: skip
    path = paths.data_dir() / "history.sqlite3"
    _damage_a_later_page(path)  # a page of an index the report reads
    with contextlib.closing(sqlite3.connect(path)) as db:  # and a page of sessions themselves
        page = db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sessions' AND "
            "pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 2"
        ).fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096 + 100 : page * 4096] = b"\xa5" * (4096 - 100)
    path.write_bytes(bytes(data))
    damaged = bytes(data)

    for args in (["history"], ["history", "--format", "json"],
                 ["report", "-o", str(tmp_path / "r.html")]):  # fmt: skip
        result = regulate(*args)
        assert result.returncode == 1, (args, result.stdout[-300:])
        assert "Traceback" not in result.stderr and "went wrong" not in result.stderr
        assert result.stderr.startswith(f"Your history at {path} can't be saved or read"), args
        assert path.read_bytes() == damaged  # left as it was
    assert not (tmp_path / "r.html").exists()
    store = History.open()
    assert "could not be read, so it was kept as" in store.notices[0]
    store.close()


def test_choices_and_where_a_stop_stopped_are_kept_with_the_session() -> None:
    with History.open() as store:
        first = store.start(**FIELDS, before=1)
        store.add_choice(first, "continued_low")
        store.add_choice(first, "look_around")
        store.add_choice(first, "skipped_area:Shoulders")
        store.add_choice(first, "look_around")  # once, however often it was used
        store.finish(first, outcome="stopped", played_seconds=40.0, stopped_where="Shoulders")
        store.add_choice(first, "settle")
        settle = store.start(**FIELDS, before=None, follows=first)
        kept, after = store.get(first), store.get(settle)
    assert kept.choices == ("continued_low", "look_around", "skipped_area:Shoulders", "settle")
    assert kept.stopped_where == "Shoulders"
    assert (after.follows, after.choices, after.stopped_where) == (first, (), None)


def test_a_choice_the_history_does_not_know_is_refused() -> None:
    with History.open() as store:
        session = store.start(**FIELDS, before=4)
        with pytest.raises(ValueError):
            store.add_choice(session, "deleted everything")


@given(
    text=st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            [
                '[1, "support"]',
                '{"a": 1}',
                "[" * 5000,
                '["support", "support", "skipped_area:' + "x" * 300 + '"]',
                "null",
            ]
        ),
    )
)
@settings(
    max_examples=fuzz_examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_a_choices_column_written_by_hand_reads_as_the_known_words_only(text: str) -> None:
    from regulate.history.rows import CHOICES, choices_from

    read = choices_from(text)
    assert len(read) == len(set(read))
    assert all(word in CHOICES or word.startswith("skipped_area:") for word in read)
