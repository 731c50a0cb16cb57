"""Nothing outside makes a start wait, and nothing it holds loses a session: a history another
program holds at the start of `play --plain`, or one a newer regulate wrote, keeps the session
(written once the file frees, or kept aside) and says so."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from regulate.core.recorder import Recorder
from regulate.history import VERSION, History, HistoryPlace
from regulate.loader import load_pack
from regulate.system import paths
from tests.helpers import regulate

LONE = "title: Mine\nkind: grounding\nrating: false\nsteps:\n  - prompt: Look around.\n    for: 2\n"


@pytest.fixture
def lone(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(LONE, encoding="utf-8")
    return path


@pytest.fixture
def held() -> Iterator[sqlite3.Connection]:
    """The person's history held by another program (a sync tool, a script) from the start."""
    path = paths.data_dir() / "history.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield holder
    holder.close()


def _kept() -> list[dict[str, object]]:
    folder = paths.data_dir() / "kept-sessions"
    return [json.loads(p.read_text(encoding="utf-8"))["row"] for p in folder.glob("*.json")]


@pytest.mark.slow  # seconds of its own: regulate gives a busy history 5 s at the end before keeping aside
def test_a_history_held_from_the_start_keeps_the_plain_session_aside_and_says_so(
    lone: Path, held: sqlite3.Connection
) -> None:
    ran = regulate("play", "--plain", "--no-sound", str(lone), "--speed", "2", stdin="\n")
    assert ran.returncode == 0 and "Look around." in ran.stdout
    assert "kept aside" in ran.stderr and "Traceback" not in ran.stderr
    (row,) = _kept()
    assert (row["exercise_id"], row["outcome"]) == ("mine", "completed")
    assert row["pid"] is not None and row["started_utc"]  # taken in whole by the next start


def test_a_history_written_by_a_newer_regulate_keeps_the_session_for_it(lone: Path) -> None:
    path = paths.data_dir() / "history.sqlite3"
    History.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
    ran = regulate("play", "--plain", "--no-sound", str(lone), "--speed", "2", stdin="\n")
    assert ran.returncode == 0 and "Look around." in ran.stdout
    assert "the newer regulate will add it to your history" in ran.stdout + ran.stderr
    (row,) = _kept()
    assert (row["exercise_id"], row["outcome"]) == ("mine", "completed")
    with sqlite3.connect(path) as db:  # left as the newer regulate wrote it
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION + 1
        assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_a_session_begun_before_the_history_could_be_opened_lands_once_it_frees(
    held: sqlite3.Connection,
) -> None:
    pack = load_pack(paths.starter_pack()).value
    assert pack is not None
    recorder = Recorder(HistoryPlace.default(), pack, pack.exercises[0])
    recorder.start(4, 1.0, 60.0)
    held.execute("ROLLBACK")
    assert recorder.close(timeout=30)
    with History.open() as store:
        assert [(s.before_rating, s.exercise_id) for s in store.sessions()] == [
            (4, pack.exercises[0].id)
        ]
