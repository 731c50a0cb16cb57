"""A session at the calendar's first days (a clock set to the year 1, a row edited by hand) is
dated 0001-01-01 wherever a date is written as digits, as every other year is: never `1-01-01`,
which the history also could not read back."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from regulate.history import History, Session, table_rows, utc_stamp
from tests.helpers import regulate as run

YEAR_ONE = dt.datetime(1, 1, 1, 12, 0, tzinfo=dt.UTC)


def test_a_session_in_the_year_one_is_dated_with_four_digits_everywhere() -> None:
    with History.open(now=lambda: YEAR_ONE) as store:
        kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                           exercise_sha256="ab" * 32, planned_seconds=90, before=4)  # fmt: skip
        store.finish(kept, outcome="completed", played_seconds=90, after=6)
    table = run("history").stdout.splitlines()
    assert table[1].startswith("0001-01-01 12:00  E"), table  # it was '1-01-01 00:00'
    csv = run("history", "--format", "csv").stdout
    assert ",0001-01-01T12:00:00Z,0,0001-01-01T12:00:00Z," in csv
    assert "1-01-01T" not in csv.replace("0001-01-01T", "")


@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_every_moment_is_stamped_so_that_it_reads_back(moment: dt.datetime) -> None:
    moment = moment.replace(tzinfo=dt.UTC, microsecond=0)
    stamp = utc_stamp(moment)
    assert stamp[:10] == moment.date().isoformat() and stamp.endswith("Z")
    assert dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC) == moment
    session = Session(
        id=1, pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
        exercise_sha256="ab" * 32, started_utc=stamp, utc_offset_minutes=0,
        ended_utc=stamp, planned_seconds=60.0,
        played_seconds=60.0, before_rating=4, after_rating=6, outcome="completed",
        stopped_at_step=None, steps_skipped=0, holds_skipped=False, note=None, preview=False,
        speed=1.0,
    )  # fmt: skip
    (row,) = table_rows([session])
    assert row[0] == f"{moment.date().isoformat()} {moment:%H:%M}"
