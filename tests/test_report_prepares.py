"""The therapist's report as a therapist prepares a session with it (issues 36.8, 40.5, 40.8):
averages over the sessions rated both times, with n and the counts of calmer / about the same
/ less calm; what is worth talking about, first; what was chosen, and the settle exercise
linked to the session before it; each exercise's kind; one rule for a day practised; words a
person would write; the client's homework line without a denominator. Both languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate import i18n
from regulate.domain.model import Exercise, Homework, Pack, Prompt
from regulate.domain.phrases import change_words
from regulate.history import History, Session
from regulate.report import build as report
from regulate.report.build import ReportData
from regulate.report.formats import REPORT_FORMATS
from tests.helpers import Ran, fuzz_examples, regulate
from tests.report_history import TODAY, fields, two_weeks


def run(*args: str, stdin: str = "") -> Ran:
    return regulate(*args, stdin=stdin)


def starter() -> Pack:
    """The starter pack's exercises as the report reads them: their ids and kinds."""
    kinds = {"notice-the-room": "grounding", "longer-out-breath": "breathing",
             "body-scan-with-choices": "body_scan", "hands-and-feet": "body_scan",
             "resonance-breathing": "breathing", "five-senses": "grounding"}  # fmt: skip
    exercises = tuple(
        Exercise(id=i, title=i, kind=k, steps=(Prompt(seconds=10, text="Look."),))  # type: ignore[arg-type]
        for i, k in kinds.items()
    )
    return Pack(id="starter", name="Starter pack", exercises=exercises,
                homework=Homework(1, "day", dt.date(2026, 11, 23)))  # fmt: skip


@pytest.fixture
def history() -> Iterator[tuple[History, dict[str, int]]]:
    now = [dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    ids = two_weeks(store, now)
    yield store, ids
    store.close()


def built(store: History, **options: object) -> ReportData:
    return report.build(store, {"starter": starter()}, today=TODAY, **options)  # type: ignore[arg-type]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


# ------------------------------------------------------------ averages, n and counts (40.5)


def test_averages_are_over_the_sessions_rated_both_times_and_say_how_many(history) -> None:
    """Longer out-breath: 6->3, 2 (not started), 5->5, 1->3, 8 (no after). Averaged over
    different sessions it read before 4.4, after 3.7; over the three rated both times it is
    before 4.0, after 3.7, change -0.3 - and one calmer, one the same, one less calm."""
    store, _ = history
    data = built(store)
    (breath,) = [e for e in data.exercises if e.exercise_id == "longer-out-breath"]
    t = breath.rated
    assert (breath.times, t.n, t.calmer, t.same, t.less) == (5, 3, 1, 1, 1)
    assert (round(t.avg_before or 0, 2), round(t.avg_after or 0, 2)) == (4.0, 3.67)
    assert t.avg_change == pytest.approx((t.after_sum - t.before_sum) / t.n)
    md = REPORT_FORMATS["md"].render(data)
    assert "| Longer out-breath (breathing) | 5 | 3 | 4.0 | 3.7 | -0.3 | 1 | 1 | 1 |" in md
    # each week the same: n, and the counts beside the averages
    assert "| 23 Nov 2026 | 7 | 5 | 5 | 4.4 | 4.6 | +0.2 | 2 | 2 | 1 |" in md
    assert "| 30 Nov 2026 | 8 | 7 | 7 | 4.7 | 5.0 | +0.3 | 3 | 2 | 2 |" in md
    i18n.use("es")
    md = REPORT_FORMATS["md"].render(built(store))
    assert (
        "| valoradas las dos veces | media antes | media después | cambio medio | más calma |" in md
    )
    assert "| Longer out-breath (respiración) | 5 | 3 | 4,0 | 3,7 | -0,3 | 1 | 1 | 1 |" in md


def test_each_session_has_its_signed_change_beside_the_words(history) -> None:
    store, ids = history
    for language in ("en", "es"):
        i18n.use(language)
        words = change_words(6, 3)  # the one function every view names a change with
        page = REPORT_FORMATS["html"].render(built(store))
        row = re.search(rf'<tr data-session="{ids["drop"]}">(.*?)</tr>', page)
        assert row is not None
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
        assert cells[2:6] == ["6", "3", "-3", words]
        md = REPORT_FORMATS["md"].render(built(store))
        assert f"| 6 | 3 | -3 | {words} |" in md


# ------------------------------------------------------------ worth talking about (40.5)


def test_worth_talking_about_comes_first_with_drops_lows_stops_and_choices(history) -> None:
    store, _ = history
    page = REPORT_FORMATS["html"].render(built(store))
    worth = page[page.index('<section class="worth">') : page.index("</section>")]
    assert page.index('<section class="worth">') < page.index("<svg")  # first, before the chart
    items = [text_of(li) for li in re.findall(r"<li>(.*?)</li>", worth)]
    assert items == [
        f"3 Dec 2026, 20:00 - Resonance breathing: before 7, after 5 (-2, {change_words(7, 5)}); "
        "stopped early in Breathing with the guide",
        "2 Dec 2026, 07:00 - Longer out-breath: a low rating before: 1; carried on after a low "
        "rating",
        f"1 Dec 2026, 21:40 - Body scan with choices: before 6, after 3 (-3, {change_words(6, 3)}); "
        "skipped: Neck; then the settle exercise (Notice the room, before 3, after 5)",
        "26 Nov 2026, 19:00 - Longer out-breath: a low rating before: 2; then the settle "
        "exercise (Notice the room, before 2, after 4)",
        "25 Nov 2026, 21:00 - Body scan with choices: stopped early in Shoulders; skipped: "
        "Knees and thighs",
        f"24 Nov 2026, 20:00 - Longer out-breath: before 6, after 3 (-3, {change_words(6, 3)}); "
        "looked around the room (o); opened the support words",
    ]
    # notes only when the person chose to include them
    assert "Tight in my shoulders" not in page
    with_notes = REPORT_FORMATS["md"].render(built(store, with_notes=True))
    assert "Knees and thighs; note: Tight in my shoulders, stopped there." in with_notes
    i18n.use("es")
    md = REPORT_FORMATS["md"].render(built(store))
    assert "## Para hablar en la sesión" in md
    assert "Body scan with choices: parada antes del final en Shoulders; se omitió: Knees " in md


def test_the_list_stays_short_and_says_how_many_are_left_out() -> None:
    now = [dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    for day in range(1, 16):
        now[0] = dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)
        sid = store.start(**fields("notice-the-room"), before=7)  # type: ignore[arg-type]
        store.finish(sid, outcome="completed", played_seconds=120, after=4)
    data = report.build(store, {}, today=dt.date(2026, 11, 15))
    assert (len(data.moments), data.moments_hidden) == (report.MAX_MOMENTS, 5)
    assert data.moments[0].session.started_local.day == 15  # the newest first
    md = REPORT_FORMATS["md"].render(data)
    assert "The 10 most recent are listed; 5 earlier sessions like these are not." in md


def test_nothing_worth_talking_about_leaves_the_list_out(history) -> None:
    store, _ = history
    calm = built(store, since=dt.date(2026, 12, 4))
    assert calm.moments == () and "Worth talking about" not in REPORT_FORMATS["md"].render(calm)


# ------------------------------------------------------------ what was chosen (40.5)


def test_the_settle_exercise_is_linked_to_the_session_before_it(history) -> None:
    store, ids = history
    page = REPORT_FORMATS["html"].render(built(store))

    def ended(session: int) -> str:
        row = re.search(rf'<tr data-session="{session}">(.*?)</tr>', page)
        assert row is not None
        return text_of(re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))[-1])

    assert ended(ids["scan_drop"]) == (
        "finished; then chose the settle exercise (Notice the room, 21:52); skipped: Neck"
    )
    assert ended(ids["settle_after_drop"]) == (
        "finished; the settle exercise, chosen after Body scan with choices (21:40)"
    )
    assert ended(ids["low"]) == (
        "rated, not started; then chose the settle exercise (Notice the room, 19:01)"
    )
    assert ended(ids["scan_stop"]) == (
        "stopped early in Shoulders, at 1:10 of 10:00; skipped: Knees and thighs"
    )
    assert ended(ids["drop"]) == "finished; looked around the room (o); opened the support words"
    i18n.use("es")
    page = REPORT_FORMATS["html"].render(built(store))
    assert "el ejercicio para asentarse, elegido después de Body scan with choices (21:40)" in page


def test_the_choices_made_are_counted_per_exercise(history) -> None:
    store, _ = history
    md = REPORT_FORMATS["md"].render(built(store))
    assert (
        "| Longer out-breath | looked around the room (o) in 1 session; opened the support "
        "words in 1 session; chose the settle exercise after 1 session; carried on after a low "
        "rating in 1 session |"
    ) in md
    assert (
        "| Body scan with choices | chose the settle exercise after 1 session; skipped: Knees "
        "and thighs (1), Neck (1); stopped early in: Shoulders (1) |"
    ) in md
    i18n.use("es")
    md = REPORT_FORMATS["md"].render(built(store))
    assert "## Lo que se eligió" in md and "miró alrededor de la habitación (o) en 1 sesión" in md


def test_each_exercise_says_its_kind_or_that_it_is_unknown(history) -> None:
    store, _ = history
    md = REPORT_FORMATS["md"].render(built(store))
    assert "| Body scan with choices (body scan) |" in md
    assert "| Notice the room (grounding) |" in md
    without_pack = REPORT_FORMATS["md"].render(report.build(store, {}, today=TODAY))
    assert "| Body scan with choices (kind unknown) |" in without_pack
    i18n.use("es")
    assert "(tipo desconocido)" in REPORT_FORMATS["md"].render(report.build(store, {}, today=TODAY))


# ------------------------------------------------------------ one rule for a day practised


def test_a_day_practised_is_counted_one_way_in_the_weeks_and_the_homework(history) -> None:
    """29 Nov had only a rating given and not started: a session, not a day practised - in
    the week's row as in the homework table."""
    store, _ = history
    data = built(store)
    (plan,) = data.plans
    for week in data.weeks:
        homework_week = {p.start for p in plan.periods if week.monday <= p.start < week.monday
                         + dt.timedelta(days=7)}  # fmt: skip
        assert week.days == len(homework_week)
    assert [(w.sessions, w.days) for w in data.weeks] == [(7, 5), (8, 7)]
    assert dt.date(2026, 11, 29) not in {p.start for p in plan.periods}
    md = REPORT_FORMATS["md"].render(data)
    assert "A day practised is a day with an exercise finished or stopped early" in md


# ------------------------------------------------------------ written by a person (36.8)


def test_one_day_is_on_that_day_and_the_name_is_said_once() -> None:
    now = [dt.datetime(2026, 12, 6, 8, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    for hour in (8, 12, 20):
        now[0] = dt.datetime(2026, 12, 6, hour, tzinfo=dt.UTC)
        store.finish(store.start(**fields("notice-the-room"), before=4), outcome="completed",  # type: ignore[arg-type]
                     played_seconds=120, after=6)  # fmt: skip
    data = report.build(store, {}, name="Ana", today=TODAY)
    page = text_of(REPORT_FORMATS["html"].render(data))
    assert "3 sessions, all on 6 Dec 2026." in page
    assert " to 6 Dec 2026" not in page and "(1 day)" not in page
    assert page.count("Ana") == 2  # the browser's title, and the heading
    assert "For Ana" not in page
    # dates in the sessions table as everywhere else in the report
    assert "6 Dec 2026, 20:00" in page and "2026-12-06" not in page
    # nothing stopped: no sentence about stopping
    assert "A session stopped early is shown" not in page
    md = REPORT_FORMATS["md"].render(data)
    assert "A session stopped early is shown" not in md and "| 6 Dec 2026, 08:00 |" in md
    i18n.use("es")
    page = text_of(REPORT_FORMATS["html"].render(data))
    assert "3 sesiones, todas el 6 dic 2026." in page and "Una sesión parada" not in page


def test_the_stopped_early_sentence_comes_when_a_session_stopped(history) -> None:
    store, _ = history
    for form in ("html", "md"):
        assert "A session stopped early is shown here as it happened" in REPORT_FORMATS[
            form
        ].render(built(store))


# ------------------------------------------------------------ the client's homework line (40.8)


def test_the_clients_homework_line_has_no_denominator_in_plain_mode(tmp_path: Path) -> None:
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    folder = tmp_path / "week1"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        f"name: Week 1\nid: week1\nhomework:\n  times: 1\n  per: day\n  from: {monday}\n",
        encoding="utf-8",
    )
    (folder / "look.yaml").write_text(
        "title: Look around\nkind: grounding\nsteps:\n  - prompt: Look around the room.\n"
        "    for: 2\n", encoding="utf-8",
    )  # fmt: skip
    assert run("pack", "add", str(folder)).returncode == 0
    days = (today - monday).days + 1
    with History.open() as store:
        for n in range(days):
            moment = dt.datetime.combine(monday + dt.timedelta(days=n), dt.time(12)).astimezone()
            sid = store.start(**{**fields("look"), "pack_id": "week1"}, before=5, moment=moment)  # type: ignore[arg-type]
            store.finish(sid, outcome="completed", played_seconds=2, after=6)
    said = "Practised today." if days == 1 else f"Practised on {days} days this week."
    dicho = "Practicaste hoy." if days == 1 else f"Practicaste {days} días esta semana."
    for language, line in (("en", said), ("es", dicho)):
        out = run("--language", language, "--plain", "--no-sound", stdin="1\nq\n").stdout
        homework = next(row for row in out.splitlines() if line in row)
        assert " of " not in homework and " de " not in homework.split(":", 1)[1], homework


# ------------------------------------------------------------ the history's own formats


def test_history_csv_and_json_show_choices_follows_and_where_a_stop_came(history) -> None:
    _, ids = history
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(run("history", "--format",
                                                                   "csv").stdout))}  # fmt: skip
    assert rows[ids["drop"]]["choices"] == "look_around; support"
    assert rows[ids["settle_after_drop"]]["follows"] == str(ids["scan_drop"])
    assert rows[ids["scan_stop"]]["stopped_where"] == "Shoulders"
    assert rows[ids["scan_stop"]]["choices"] == "skipped_area:Knees and thighs"
    data = {d["id"]: d for d in json.loads(run("history", "--format", "json").stdout)}
    assert data[ids["scan_drop"]]["choices"] == ["skipped_area:Neck", "settle"]
    assert data[ids["settle_after_drop"]]["follows"] == ids["scan_drop"]
    assert data[ids["breath_stop"]]["stopped_where"] == "Breathing with the guide"


# ------------------------------------------------------------ any history at all


PACK_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
A_SESSION = st.tuples(
    st.sampled_from(["notice-the-room", "longer-out-breath", "body-scan-with-choices"]),
    st.one_of(st.none(), st.integers(0, 10)),
    st.one_of(st.none(), st.integers(0, 10)),
    st.sampled_from(["completed", "stopped", "not_started"]),
    st.lists(
        st.one_of(
            st.sampled_from(["support", "look_around", "settle", "continued_low"]),
            PACK_TEXT.map(lambda t: "skipped_area:" + t),
        ),
        max_size=4,
    ),
    PACK_TEXT,
    st.integers(0, 40),
)


@settings(
    max_examples=fuzz_examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(A_SESSION, max_size=25), st.booleans())
def test_any_history_makes_a_report_whose_counts_add_up_and_whose_text_is_escaped(
    sessions: list[tuple], with_notes: bool
) -> None:
    """Whatever was kept - ratings or none, every outcome, any choices, a stop's place and a
    note holding markup - both layouts are made, every count adds up, and pack text is shown
    literally."""
    now = [dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)]
    with History(_fresh(), now=lambda: now[0]) as store:
        last = None
        # in time order, as they were lived: a settle exercise never starts before what it follows
        for exercise, before, after, outcome, choices, where, day in sorted(
            sessions, key=lambda s: s[-1]
        ):
            now[0] = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=day)
            f = fields(exercise)
            if outcome == "not_started":
                sid = store.not_started(**f, before=before)  # type: ignore[arg-type]
            else:
                sid = store.start(**f, before=before, follows=last)  # type: ignore[arg-type]
                store.finish(sid, outcome=outcome, played_seconds=30, after=after,
                             stopped_where=f"<b>{where}</b>", note=f"<i>{where}</i> | *")  # fmt: skip
            for choice in choices:
                store.add_choice(sid, choice)
            last = sid if "settle" in choices else None
        data = report.build(store, {"starter": starter()}, with_notes=with_notes,
                            today=dt.date(2026, 12, 31))  # fmt: skip
        store_sessions = store.sessions()
        page = REPORT_FORMATS["html"].render(data)
        md = REPORT_FORMATS["md"].render(data)

    def _worth(s: Session) -> bool:
        return (
            (s.change is not None and s.change <= -2)
            or (s.before_rating is not None and s.before_rating <= 2)
            or s.outcome == "stopped"
            or (with_notes and s.note is not None)
        )

    for e in data.exercises:
        assert e.rated.calmer + e.rated.same + e.rated.less == e.rated.n <= e.times
    assert sum(w.rated.n for w in data.weeks) == sum(e.rated.n for e in data.exercises)
    assert sum(w.sessions for w in data.weeks) == data.total == len(sessions)
    # every session worth talking about is an item, told within one (a settle exercise after
    # it), or counted among those not listed - and only when the list is full
    worth = sum(1 for s in store_sessions if _worth(s))
    told = len(data.moments) + sum(1 for m in data.moments if m.then is not None
                                   and _worth(m.then) and m.then.follows == m.session.id)  # fmt: skip
    assert len(data.moments) <= report.MAX_MOMENTS
    assert told + data.moments_hidden == worth
    assert data.moments_hidden == 0 or len(data.moments) == report.MAX_MOMENTS
    assert "<b>" not in page and "<i>" not in page  # escaped: shown as written
    assert re.search(r"(?<!\\)<[bi]>", md) is None


_counter = iter(range(10**9))


def _fresh() -> Path:
    import os

    folder = Path(os.environ["REGULATE_HOME"]) / f"h{next(_counter)}"
    folder.mkdir(parents=True)
    return folder / "history.sqlite3"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_charts_legend_leaves_room_for_its_words(language: str) -> None:
    """'después' ran into the dashed line after it when the legend's places were fixed."""
    import xml.etree.ElementTree as ET

    from regulate.report import chart

    i18n.use(language)
    svg = ET.fromstring(chart.chart_svg([], [], [], TODAY, TODAY, daily=False))
    ns = "{http://www.w3.org/2000/svg}"
    after = next(t for t in svg.iter(f"{ns}text") if t.text == i18n._("after"))
    line = next(x for x in svg.iter(f"{ns}line") if x.attrib.get("class") == "week-before legend")
    # 12 px text is about 7 px a character; a gap of 8 px before the line begins
    assert float(line.attrib["x1"]) >= float(after.attrib["x"]) + 7 * len(after.text or "") + 8


def test_the_daily_chart_averages_the_sessions_rated_both_times() -> None:
    """Past 120 sessions each day is one point: before and after over the same sessions, as
    in the tables (a day of 8 -> skipped and 4 -> 6 is 4 -> 6, not 6 -> 6)."""
    now = [dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)]
    store = History.open(now=lambda: now[0])
    for i in range(122):
        now[0] = dt.datetime(2026, 10, 1, 9 + i % 2, tzinfo=dt.UTC) + dt.timedelta(days=i // 2)
        before, after = (8, None) if i % 2 == 0 else (4, 6)
        sid = store.start(**fields("notice-the-room"), before=before)  # type: ignore[arg-type]
        store.finish(sid, outcome="completed", played_seconds=120, after=after)
    data = report.build(store, {}, today=dt.date(2026, 12, 31))
    assert data.chart_is_daily
    assert {(p.before, p.after) for p in data.chart} == {(4.0, 6.0)}
    page = REPORT_FORMATS["html"].render(data)
    assert (
        "Each point is the average of one day&#x27;s sessions rated both before and after." in page
    )
