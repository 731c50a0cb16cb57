"""Kept sessions are evidence, not truth: a kept file holding what no session can is set aside
with one sentence, never written into the history, and never stops or holds up a start."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate.history import History
from regulate.history.kept import CLAIM, take_in
from tests.helpers import fuzz_examples

ROW = {
    "pack_id": "p", "pack_name": "P", "exercise_id": "e", "exercise_title": "E",
    "exercise_sha256": "ab" * 32, "started_utc": "2026-12-01T10:00:00Z",
    "utc_offset_minutes": 60, "planned_seconds": 60.0, "before_rating": 3,
}  # fmt: skip

HOSTILE = {
    "an integer past 64 bits": json.dumps({"row": {**ROW, "planned_seconds": 10**30}}),
    "a session id past 64 bits": json.dumps({"session_id": 2**70, "row": ROW}),
    "Infinity": json.dumps({"row": {**ROW, "played_seconds": float("inf")}}),
    "NaN": '{"row": {"pack_id": "p", "pack_name": "P", "exercise_id": "e", "exercise_title": "E", "exercise_sha256": "x", "started_utc": "2026-12-01T10:00:00Z", "utc_offset_minutes": 0, "planned_seconds": NaN}}',
    "a date that is not a date": json.dumps({"row": {**ROW, "started_utc": "yesterday"}}),
    "a day that is not a day": json.dumps({"row": {**ROW, "local_day": "2026-02-30"}}),
    "a rating of 11": json.dumps({"row": {**ROW, "before_rating": 11}}),
    "an outcome no session has": json.dumps({"row": {**ROW, "outcome": "deleted"}}),
    "an offset of days": json.dumps({"row": {**ROW, "utc_offset_minutes": 10**6}}),
    "nesting 30,000 deep": "[" * 30_000 + "]" * 30_000,
    "choices no session makes": json.dumps({"row": {**ROW, "choices": '["rm -rf"]'}}),
}


def _history(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "history.sqlite3"
    History.open(path).close()
    folder = tmp_path / "kept-sessions"
    folder.mkdir()
    return path, folder


@pytest.mark.parametrize("what", HOSTILE)
def test_a_kept_file_no_session_could_write_is_set_aside_with_one_sentence(
    tmp_path: Path, what: str
) -> None:
    path, folder = _history(tmp_path)
    (folder / "1-2.json").write_text(HOSTILE[what], encoding="utf-8")
    (folder / "3-4.json").write_text(json.dumps({"row": ROW}), encoding="utf-8")
    with History.open(path) as store:
        sessions = store.sessions()
        notices = list(store.notices)
    assert [s.exercise_id for s in sessions] == ["e"]  # the good one, and only it
    assert sessions[0].started_local.date().isoformat() == "2026-12-01"
    assert (folder / "set-aside" / "1-2.json").read_text(encoding="utf-8") == HOSTILE[what]
    assert sorted(p.name for p in folder.iterdir()) == ["set-aside"]
    assert len([n for n in notices if "set aside" in n]) == 1


def test_a_fifo_or_a_folder_named_like_a_kept_file_is_never_waited_on(tmp_path: Path) -> None:
    path, folder = _history(tmp_path)
    os.mkfifo(folder / "1-2.json")
    (folder / "3-4.json").mkdir()
    (folder / "5-6.json").write_text(json.dumps({"row": ROW}), encoding="utf-8")
    with History.open(path) as store:  # a FIFO opened for reading would wait for a writer
        assert len(store.sessions()) == 1


def test_a_kept_folder_that_is_a_link_elsewhere_is_not_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "1-2.json").write_text(json.dumps({"row": ROW}), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    History.open(home / "history.sqlite3").close()
    (home / "kept-sessions").symlink_to(elsewhere)
    with History.open(home / "history.sqlite3") as store:
        assert store.sessions() == []
        assert any("link" in notice for notice in store.notices)
    assert (elsewhere / "1-2.json").exists()


def test_a_busy_history_leaves_kept_files_for_the_next_writer(tmp_path: Path) -> None:
    path, folder = _history(tmp_path)
    for n in range(3):
        (folder / f"{n}-1.json").write_text(json.dumps({"row": ROW}), encoding="utf-8")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another window, mid-write
    db = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    result = take_in(db, folder, seconds=1.0)
    assert (result.taken, result.set_aside) == (0, 0)
    assert sorted(p.name for p in folder.iterdir()) == ["0-1.json", "1-1.json", "2-1.json"]
    holder.execute("ROLLBACK")
    assert take_in(db, folder, seconds=1.0).taken == 3


def test_a_file_claimed_by_a_live_window_is_left_to_it_and_a_dead_ones_claim_is_taken_back(
    tmp_path: Path,
) -> None:
    path, folder = _history(tmp_path)
    (folder / f"{CLAIM}{os.getpid()}-1-1.json").write_text(json.dumps({"row": ROW}))
    (folder / f"{CLAIM}999999999-2-2.json").write_text(json.dumps({"row": ROW}))
    with History.open(path) as store:
        assert len(store.sessions()) == 1  # the dead window's, given back and taken in once
    assert [p.name for p in folder.iterdir()] == [f"{CLAIM}{os.getpid()}-1-1.json"]


@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    key=st.sampled_from([*sorted(ROW), "after_rating", "outcome", "local_day", "choices", "pid"]),
)
@settings(
    max_examples=fuzz_examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_value_in_any_column_is_taken_in_sound_or_set_aside(
    tmp_path_factory: pytest.TempPathFactory, value: object, key: str
) -> None:
    tmp = tmp_path_factory.mktemp("kept")
    path, folder = _history(tmp)
    try:
        text = json.dumps({"row": {**ROW, key: value}})
    except ValueError:
        return
    (folder / "1-2.json").write_text(text, encoding="utf-8")
    with History.open(path) as store:
        for s in store.sessions():  # whatever was taken in reads back whole
            assert s.started_local.year >= 1
            store.exercise_summaries()
            store.by_day()
            store.practice_days()
    left = sorted(p.name for p in folder.iterdir())
    assert left in ([], ["set-aside"])


def test_a_history_still_busy_at_the_end_keeps_the_session_aside_once(tmp_path: Path) -> None:
    import time

    from regulate.core.recorder import Recorder
    from regulate.loader import load_pack
    from regulate.system.paths import starter_pack

    pack = load_pack(starter_pack()).value
    assert pack is not None
    path = tmp_path / "history.sqlite3"
    store = History.open(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a sync tool, or another window, holding it
    recorder = Recorder(store, pack, pack.exercises[0])
    recorder.start(5, 1.0, 60.0)
    assert recorder.close(timeout=0.3) is False and recorder.kept_aside
    holder.execute("ROLLBACK")
    writer = recorder._writer
    deadline = time.monotonic() + 30
    while writer is not None and writer.jobs.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.05)  # the writer may still land its start: taking in must not add it twice
    with History.open(path) as again:
        sessions = again.sessions()
    assert [(s.before_rating, s.exercise_id) for s in sessions] == [(5, pack.exercises[0].id)]
