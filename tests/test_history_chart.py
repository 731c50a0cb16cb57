"""The history screen's chart read back as a person reads it: each point on its exact rating
row, in the column of the day (or week) it was lived, empty days as empty time."""

from __future__ import annotations

import datetime as dt

from regulate.history import Session
from regulate.tui.widgets.chart import AFTER, BEFORE, SAME, chart_lines, columns

TODAY = dt.date(2026, 11, 22)  # a Sunday


def session(day: int, before: int | None, after: int | None, preview: bool = False) -> Session:
    return Session(
        id=day, pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
        exercise_sha256="ab" * 32, started_utc=f"2026-11-{day:02d}T09:00:00Z",
        utc_offset_minutes=0, ended_utc=None, planned_seconds=60, played_seconds=60,
        before_rating=before, after_rating=after, outcome="completed", stopped_at_step=None,
        steps_skipped=0, holds_skipped=False, note=None, preview=preview, speed=1.0,
    )  # fmt: skip


def read_back(lines: list[str], per: int) -> dict[int, tuple[int | None, int | None]]:
    """(before, after) of each column that has a point, from the drawn text alone."""
    found: dict[int, list[int | None]] = {}
    for row, line in enumerate(lines[:11]):
        rating = 10 - row
        for x, ch in enumerate(line[3:]):
            if ch in (BEFORE, AFTER, SAME):
                slot = found.setdefault(x // per, [None, None])
                if ch in (BEFORE, SAME):
                    slot[0] = rating
                if ch in (AFTER, SAME):
                    slot[1] = rating
    return {col: (b, a) for col, (b, a) in found.items()}


def test_each_day_is_a_column_and_each_rating_its_own_row() -> None:
    sessions = [session(9, 3, 6), session(10, 5, 5), session(16, 2, None), session(16, 4, 8),
                session(20, None, 7), session(21, 9, 1, preview=True)]  # fmt: skip
    cols = columns(sessions, TODAY, 14, "day")
    assert [c.start for c in cols] == [dt.date(2026, 11, d) for d in range(9, 23)]
    lines = chart_lines(cols, 2, "day")
    assert lines[0].startswith("10 ") and lines[5].startswith(" 5 ") and lines[10].startswith(" 0 ")
    # 9 Nov is column 0, 16 Nov column 7 (its two sessions averaged), 20 Nov column 11
    assert read_back(lines, 2) == {0: (3, 6), 1: (5, 5), 7: (3, 8), 11: (None, 7)}
    # the days between hold nothing: time without practice stays time; the preview is left out
    assert all(line[3 + 2 * 12 :].strip(" ") == "" for line in lines[:11])
    assert "│" in "".join(line[3 + 2 * 7 + 1] for line in lines[3:7])  # before joined to after
    # the dates name the days the marks stand on (the latest first), none overlapping, each
    # under its own tick
    assert lines[12].split() == ["10", "Nov", "16", "Nov", "20", "Nov"]
    for day in (10, 16, 20):
        column = (day - 9) * 2 + 1
        assert lines[11][3 + column] == "┬" and lines[12][3 + column :].startswith(str(day))


def test_by_week_each_column_is_the_weeks_average() -> None:
    sessions = [session(2, 2, 4), session(4, 4, 6), session(17, 6, 9), session(18, 7, 9)]
    cols = columns(sessions, TODAY, 10, "week")
    # from the first week practised (at least four weeks shown), to this week
    assert [c.start for c in cols] == [dt.date(2026, 10, 26)] + [
        dt.date(2026, 11, d) for d in (2, 9, 16)
    ]
    assert [(c.before, c.after, c.sessions) for c in cols] == [
        (None, None, 0), (3.0, 5.0, 2), (None, None, 0), (6.5, 9.0, 2)
    ]  # fmt: skip
    assert read_back(chart_lines(cols, 3, "week"), 3) == {1: (3, 5), 3: (7, 9)}  # 6.5 -> 7


def test_a_long_window_labels_dates_without_overlap() -> None:
    sessions = [session(d, 4, 6) for d in range(1, 22, 3)]
    for count, per in ((70, 1), (28, 2), (7, 1)):
        line = chart_lines(columns(sessions, TODAY, count, "day"), per, "day")[12]
        words = line.split()
        assert len(words) % 2 == 0 and all(w.isdigit() for w in words[::2])  # "d Mon" pairs whole
        assert "  " in line.strip() or len(words) == 2


def test_one_session_today_is_labelled_under_its_mark() -> None:
    """After one session on the last day, the axis names that day (not only the first
    column's), in the day view and the week view alike."""
    sessions = [session(22, 4, 7)]
    day_lines = chart_lines(columns(sessions, TODAY, 7, "day"), 4, "day")
    assert read_back(day_lines, 4) == {6: (4, 7)}
    assert "22 Nov" in day_lines[12]
    tick = day_lines[11].index("┬", 3 + 6 * 4)
    assert tick == 3 + 6 * 4 + 2 and "22 Nov" in day_lines[12][tick - 6 : tick + 7]
    week_lines = chart_lines(columns(sessions, TODAY, 4, "week"), 6, "week")
    assert "16 Nov" in week_lines[12]  # the Monday of the week the mark stands in
