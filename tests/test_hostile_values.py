"""Values no therapist means, in the places nobody listed: bounded before any arithmetic or
recursion, refused with the field's own sentence, never a crash."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.cli import main
from regulate.domain import homework
from regulate.domain.model import Homework
from regulate.loader import load_pack
from regulate.loader.grammar import MAX_ID_CHARS, slugify
from regulate.packs.check import check
from tests.helpers import fuzz_examples

PACK = """\
name: Hostile numbers
homework:
  times: {times}
  per: day
exercises: [one.yaml]
"""
EXERCISE = "title: One\nkind: grounding\nabout: Looking around.\nsteps:\n  - prompt: Look around.\n    for: {seconds}\n"


def _pack(folder: Path, times: str = "1", seconds: str = "20s") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK.format(times=times), encoding="utf-8")
    (folder / "one.yaml").write_text(EXERCISE.format(seconds=seconds), encoding="utf-8")
    return folder


def _errors(folder: Path) -> list[str]:
    return [p.message for p in load_pack(folder).problems if p.severity == "error"]


def test_a_400_digit_number_is_refused_with_the_fields_sentence(tmp_path: Path) -> None:
    errors = _errors(_pack(tmp_path / "p", times="9" * 400))
    assert len(errors) == 1 and errors[0].startswith("'times' must be a whole number from 1 to 20")


def test_base_60_numbers_are_text_a_duration_reads_as_m_ss(tmp_path: Path) -> None:
    # YAML 1.1 reads 1:30:00:00:00 as a number in base 60; a field of a pack refuses it, and a
    # step's length reads 1:30 as a clock time, as a person writes it
    errors = _errors(_pack(tmp_path / "p", times="1:30:00:00:00"))
    assert len(errors) == 1 and "got '1:30:00:00:00'" in errors[0]
    loaded = load_pack(_pack(tmp_path / "q", seconds="1:30"))
    assert loaded.value is not None and loaded.value.exercises[0].seconds == 90


def test_a_number_with_a_leading_zero_is_read_as_a_person_reads_it(tmp_path: Path) -> None:
    loaded = load_pack(_pack(tmp_path / "p", times="010"))
    assert loaded.value is not None and loaded.value.homework is not None
    assert loaded.value.homework.times == 10  # never octal 8


@given(
    digits=st.integers(min_value=20, max_value=100_000),
    parts=st.integers(min_value=2, max_value=5_000),
)
@settings(max_examples=fuzz_examples(15), deadline=2000)
def test_huge_and_base_60_numbers_cost_their_length_only(
    tmp_path_factory: object, digits: int, parts: int
) -> None:
    base = tmp_path_factory.mktemp("n")  # type: ignore[attr-defined]
    for times in ("7" * digits, ":".join(["59"] * parts), "-" + "1" * digits + ".5e3"):
        errors = _errors(_pack(base / "p", times=times))
        assert errors and errors[0].startswith("'times' must be")


def test_folders_a_thousand_deep_are_walked_without_recursion(tmp_path: Path) -> None:
    here = tmp_path / "library"
    here.mkdir()
    top = os.getcwd()
    os.chdir(here)
    try:
        _pack(Path("near"))
        for _ in range(1000):
            os.mkdir("d")
            os.chdir("d")
        Path("x.yaml").write_text("title: deep\n", encoding="utf-8")
    finally:
        os.chdir(top)
    try:
        result = check([str(here)])
    finally:
        _remove_deep(here)
    assert result.errors == 0 and result.files == 2  # the pack near the top, whole


def _remove_deep(folder: Path) -> None:
    """Without recursion: pytest's own clean-up (shutil.rmtree on 3.11) recurses."""
    top = os.getcwd()
    os.chdir(folder)
    depth = 0
    try:
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for _ in range(depth):
            for name in os.listdir("."):
                os.unlink(name)
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(top)


def test_an_id_from_a_long_folder_name_is_one_an_id_may_be(tmp_path: Path) -> None:
    folder = _pack(tmp_path / ("b" * 90))
    loaded = load_pack(folder)
    assert loaded.value is not None and loaded.value.id == "b" * MAX_ID_CHARS


@given(st.text(max_size=300))
def test_any_folder_name_gives_an_id_the_format_accepts(name: str) -> None:
    slug = slugify(name)
    assert 0 < len(slug) <= MAX_ID_CHARS and not slug.startswith("-") and not slug.endswith("-")


def test_a_pack_added_with_a_long_id_by_an_older_regulate_can_be_removed() -> None:
    # an older regulate took the folder's whole name as the id; such a pack can always go
    from regulate.system.paths import packs_dir

    home = packs_dir() / ("c" * 90)
    _pack(home)
    assert main(["pack", "remove", "--yes", "c" * 90]) == 0
    assert not home.exists()


@given(
    start=st.dates(max_value=dt.date(2026, 12, 1)),
    today=st.dates(min_value=dt.date(2026, 12, 3)),
    per=st.sampled_from(["day", "week"]),
)
def test_homework_from_any_year_costs_what_its_sessions_cost(
    start: dt.date, today: dt.date, per: str
) -> None:
    # a plan from the year 1 (or a clock at the end of the calendar) is as cheap as last week's
    done = [dt.date(2026, 12, 1), dt.date(2026, 12, 1), dt.date(2026, 12, 3)]
    plan = Homework(1, per, start, None)  # type: ignore[arg-type]
    periods = homework.periods(plan, done, today)
    assert sum(p.sessions for p in periods) == 3
    assert len(periods) <= 2
    homework.this_week(plan, done, today)  # a sentence or none, never an overflow


def test_a_recording_name_too_long_for_the_system_is_a_sentence(tmp_path: Path) -> None:
    # found by test_an_exercise: the file system's 'File name too long' stopped the loader
    from regulate.loader import load_exercise

    path = tmp_path / "one.yaml"
    path.write_text(EXERCISE.format(seconds="20s") + f"    audio: {'a' * 300}.mp3\n")
    problems = [p.message for p in load_exercise(path).problems]
    # Python 3.11 raises 'File name too long' (said); 3.14's Path.is_file says no file
    assert len(problems) == 1
    assert "can't be used as a file name here" in problems[0] or "no such file" in problems[0]


def _session_rows(days: list[str]) -> None:
    import sqlite3

    from regulate.history import History
    from regulate.system.paths import data_dir

    with History.open() as store:
        for _ in days:
            kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                               exercise_sha256="ab" * 32, planned_seconds=60.0, before=4)  # fmt: skip
            store.finish(kept, outcome="completed", played_seconds=60.0, after=6)
    db = sqlite3.connect(data_dir() / "history.sqlite3")
    with db:
        for row_id, day in enumerate(days, 1):
            db.execute("UPDATE sessions SET local_day = ? WHERE id = ?", (day, row_id))
    db.close()


def test_a_report_over_the_whole_calendar_is_made_and_stays_small(
    tmp_path: Path, capsys: object
) -> None:
    # found by an attacker: a row dated 9999-12-31 overflowed the weeks' walk, and rows in
    # the years 1 and 9999 made the report list every week between (115 MB, 11 s)
    _session_rows(["0001-01-01", "2026-12-01", "9999-12-31"])
    for fmt, name in (("html", "r.html"), ("md", "r.md")):
        assert main(["report", "--format", fmt, "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size < 5_000_000  # it was 115 MB


def test_a_title_written_as_a_blob_reads_as_text_in_every_report(tmp_path: Path) -> None:
    import sqlite3

    from regulate.system.paths import data_dir

    _session_rows(["2026-12-01"])
    db = sqlite3.connect(data_dir() / "history.sqlite3")
    with db:
        db.execute("UPDATE sessions SET exercise_title = x'00ff41'")
    db.close()
    for fmt in ("html", "md"):
        assert main(["report", "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")]) == 0
    assert main(["history", "--format", "csv"]) == 0


@given(st.text(max_size=50))
def test_a_note_is_kept_as_words_whatever_a_terminal_sends(typed: str) -> None:
    # Ctrl+@ sends a NUL: a note holding one once made the kept copy of a session look damaged
    from regulate.domain.phrases import NOTE_LIMIT, note_as_kept

    kept = note_as_kept(typed + "\x00 after")
    assert "\x00" not in kept and len(kept) <= NOTE_LIMIT
    assert not any(ord(c) < 32 and c not in "\n\t" for c in kept)
