"""Therapists' commands end to end in a subprocess with a temporary REGULATE_HOME: a new pack,
zip, add (defensively), replace (atomically), list, remove; and homework counting."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest

from regulate.domain import homework
from regulate.domain.model import Homework
from regulate.system.paths import packs_dir
from tests.helpers import regulate as run

EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)


def _pack(folder: Path, name: str = "Week 3", extra: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(f"name: {name}\nsupport: Call me if you need to.\n{extra}")
    (folder / "look.yaml").write_text(EX)
    return folder


@pytest.mark.parametrize("template", ["blank", "starter"])
def test_a_new_pack_passes_check_with_only_the_support_reminder(
    tmp_path: Path, template: str
) -> None:
    result = run("new", "my-pack", "--from", template, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = run("check", "my-pack", cwd=tmp_path)
    assert check.returncode == 0
    lines = [line for line in check.stdout.splitlines() if not line.startswith("  ")]
    assert "warning: the support text still holds the placeholder" in lines[0]
    # the rest are the template's own words to replace, each named where it is
    rest = lines[1:-1]
    # and the support's missing emergency line (the template leaves it commented out)
    assert sum(line.endswith("[no-emergency]") for line in rest) == 1, rest
    rest = [line for line in rest if not line.endswith("[no-emergency]")]
    assert rest and all(line.endswith("[template-words]") for line in rest), rest
    assert any("warning: this still holds 'Your name' as the author" in x for x in rest)
    if template == "starter":  # the starter pack's own exercises are the client's, not examples
        assert len(rest) == 1, rest
    manifest = (tmp_path / "my-pack" / "pack.yaml").read_text()
    assert manifest.startswith("# yaml-language-server: $schema=pack.schema.json")
    assert (tmp_path / "my-pack" / "pack.schema.json").is_file()
    assert "id: my-pack" in manifest
    if template == "blank":
        example = (tmp_path / "my-pack" / "example.yaml").read_text()
        for kind in ("- prompt:", "- breathe:", "- check_in:", "- scan:"):
            assert kind in example


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run("new", "busy", cwd=tmp_path)
    assert result.returncode == 1 and "is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]


def test_zip_then_add_round_trips_byte_for_byte(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "week3-settling", extra="homework: {times: 1, per: day}\n")
    (pack / "voice").mkdir()
    (pack / "voice" / "note.txt").write_bytes(b"\x00\x01binary")
    (pack / ".hidden").write_text("secret")
    zipped = run("pack", "zip", "week3-settling", cwd=tmp_path)
    assert zipped.returncode == 0, zipped.stderr
    sha = zipped.stdout.splitlines()[1].removeprefix("SHA-256: ")
    added = run("pack", "add", "week3-settling.zip", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert f"SHA-256 of week3-settling.zip: {sha}" in added.stdout
    assert "Added 'Week 3' (week3-settling) with 1 exercise." in added.stdout
    home = packs_dir() / "week3-settling"
    for name in ("pack.yaml", "look.yaml", "voice/note.txt"):
        assert (home / name).read_bytes() == (pack / name).read_bytes()
    assert not (home / ".hidden").exists()
    # the same pack makes the same zip
    again = run("pack", "zip", "week3-settling", "-o", "again.zip", cwd=tmp_path)
    assert sha in again.stdout
    listing = run("pack", "list").stdout
    assert "week3-settling  Week 3" in listing and "once a day" in listing


def test_pack_zip_says_its_size_and_past_what_email_carries_how_to_make_it_smaller(
    tmp_path: Path,
) -> None:
    pack = _pack(tmp_path / "voice-pack")
    (pack / "voice").mkdir()
    (pack / "voice" / "small.bin").write_bytes(b"x" * 1000)
    zipped = run("pack", "zip", "voice-pack", cwd=tmp_path)
    size = (tmp_path / "voice-pack.zip").stat().st_size
    assert zipped.stdout.splitlines()[0] == (
        f"Wrote voice-pack.zip (3 files, {max(1, round(size / 1000))} kB)."
    )
    assert "email" not in zipped.stdout
    # a long handout: random bytes, as a scan or recorded sound barely compresses (a recording
    # no step plays would be left out of the zip)
    (pack / "voice" / "session.pdf").write_bytes(os.urandom(19_000_000))
    zipped = run("pack", "zip", "voice-pack", "-o", "big.zip", cwd=tmp_path)
    assert zipped.returncode == 0, zipped.stderr
    assert "this zip is more than most email can carry (about 18.0 MB)" in zipped.stdout
    assert "save the recordings as MP3" in zipped.stdout
    assert "  voice/session.pdf: 19.0 MB" in zipped.stdout.splitlines()


def test_a_pack_with_errors_is_neither_zipped_nor_added(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "broken")
    (pack / "look.yaml").write_text(EX.replace("20s", "soon"))
    zipped = run("pack", "zip", "broken", cwd=tmp_path)
    assert zipped.returncode == 1 and "broken/look.yaml:5:10: error:" in zipped.stderr
    assert not (tmp_path / "broken.zip").exists()
    added = run("pack", "add", "broken", cwd=tmp_path)
    assert added.returncode == 1 and "This pack has problems, so it was not added." in added.stderr
    assert not packs_dir().exists() or [p for p in packs_dir().iterdir()] == []


def _hostile(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": made on purpose
        for info, data in entries:
            archive.writestr(info, data)
    return path


def _nothing_written(tmp_path: Path) -> None:
    packs = packs_dir()
    assert not packs.exists() or [p.name for p in packs.iterdir()] == []
    assert not (tmp_path / "escaped.yaml").exists() and not Path("/tmp/regulate-escaped").exists()


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ([("p/pack.yaml", b"name: X\n"), ("../../escaped.yaml", b"x")], "points outside the pack"),
        (
            [("p/pack.yaml", b"name: X\n"), ("/tmp/regulate-escaped", b"x")],
            "points outside the pack",
        ),
        (
            [("p/pack.yaml", b"name: X\n")] + [(f"p/{i}.txt", b"") for i in range(1001)],
            "at most 1,000",
        ),
        (
            [("p/pack.yaml", b"name: X\n"), ("p/look.yaml", EX.encode()), ("p/look.yaml", b"x")],
            "holds 'p/look.yaml' twice",
        ),
        (
            [("p/pack.yaml", b"name: X\n"), ("p/Look.yaml", EX.encode()), ("p/look.yaml", b"x")],
            "differ only in letter case",
        ),
        (
            [("p/pack.yaml", b"name: X\n"), ("p/x", b"x"), ("p/x/look.yaml", EX.encode())],
            "holds 'p/x' both as a file and as a folder",
        ),
        (
            [("p/pack.yaml", b"name: X\n"), ("../\x1b[2J\x1b]0;owned\x07.yaml", b"x")],
            "('../\\x1b[2J\\x1b]0;owned\\x07.yaml')",
        ),
    ],
    ids=[
        "zip-slip",
        "absolute",
        "too-many-entries",
        "duplicate",
        "letter-case",
        "file-and-folder",
        "escape-in-name",
    ],
)
def test_hostile_zips_are_refused_with_nothing_written(tmp_path: Path, entries, words: str) -> None:
    path = _hostile(tmp_path / "hostile.zip", entries)
    result = run("pack", "add", str(path), cwd=tmp_path)
    assert (
        result.returncode == 1 and words in result.stderr and "Nothing was added." in result.stderr
    )
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    _nothing_written(tmp_path)


def test_a_symlink_entry_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("p/look.yaml")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = _hostile(tmp_path / "link.zip", [("p/pack.yaml", b"name: X\n"), (link, b"/etc/passwd")])
    result = run("pack", "add", str(path), cwd=tmp_path)
    assert result.returncode == 1 and "holds a link" in result.stderr
    _nothing_written(tmp_path)


def test_a_zip_bomb_is_refused_even_when_its_headers_lie(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("p/pack.yaml", b"name: X\n")
        with archive.open("p/big.bin", "w", force_zip64=True) as big:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(210):
                big.write(chunk)
    honest = run("pack", "add", str(path), cwd=tmp_path)
    assert honest.returncode == 1 and "more than 200 MiB" in honest.stderr
    # now make the header claim the file is tiny: the count while unpacking still stops it
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("p/big.bin")
    central = data.rfind(b"PK\x01\x02")
    while central != -1 and data[central + 46 : central + 46 + len(b"p/big.bin")] != b"p/big.bin":
        central = data.rfind(b"PK\x01\x02", 0, central)
    assert central != -1 and info.file_size > 200 * 1024 * 1024
    extra_start = central + 46 + len(b"p/big.bin")
    zip64 = data.find(b"\x01\x00", extra_start)  # the zip64 extra field holds the real size
    data[zip64 + 4 : zip64 + 12] = (1024).to_bytes(8, "little")
    path.write_bytes(bytes(data))
    lying = run("pack", "add", str(path), cwd=tmp_path)
    assert lying.returncode == 1, lying.stdout
    assert "200 MiB" in lying.stderr or "not a zip file that can be read" in lying.stderr
    _nothing_written(tmp_path)


def test_replace_asks_and_an_interrupted_replace_keeps_the_old_pack(tmp_path: Path) -> None:
    _pack(tmp_path / "week3", name="Old name")
    assert run("pack", "add", "week3", cwd=tmp_path).returncode == 0
    (tmp_path / "week3" / "pack.yaml").write_text("name: New name\nsupport: Call me.\n")
    kept = run("pack", "add", "week3", cwd=tmp_path, stdin="\n")
    assert "Nothing was changed." in kept.stdout
    # kill the process in the instant between setting the old copy aside and the new in place
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from regulate.packs import folders as packs\n"
        "real = os.replace\n"
        "def replace(a, b):\n"
        "    real(a, b)\n"
        "    if Path(b).name.startswith('.old-'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = replace\n"
        f"staging, pack = packs.prepare(Path({str(tmp_path / 'week3')!r}))\n"
        "packs.install(staging, pack)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert killed.returncode == -9
    assert not (packs_dir() / "week3").exists()  # it really was caught mid-way
    listing = run("pack", "list").stdout  # the next start puts the old pack back
    assert any(line.split()[:3] == ["week3", "Old", "name"] for line in listing.splitlines())
    replaced = run("pack", "add", "week3", "--replace", cwd=tmp_path)
    assert "Replaced 'New name' (week3)" in replaced.stdout
    listing = run("pack", "list").stdout
    assert any(line.split()[:3] == ["week3", "New", "name"] for line in listing.splitlines())


def test_remove_asks_and_keeps_history(tmp_path: Path) -> None:
    _pack(tmp_path / "week3")
    run("pack", "add", "week3", cwd=tmp_path)
    assert "Nothing was changed." in run("pack", "remove", "week3", stdin="\n").stdout
    assert (
        run("pack", "remove", "week3", "--yes")
        .stdout.strip()
        .endswith("history of its sessions is kept.")
    )
    assert "week3" not in run("pack", "list").stdout
    assert run("pack", "remove", "starter").returncode == 1


# ---------------------------------------------------------------- homework counting


def test_homework_counts_local_days_in_a_non_utc_zone(tmp_path: Path) -> None:
    """Auckland is UTC+13 in November: 11:30 UTC on the 20th is 00:30 on the 21st there."""
    code = (
        "import datetime as dt, json\n"
        "from regulate.history import History\n"
        "moments = ['2026-11-20T10:30:00', '2026-11-20T11:30:00', '2026-11-22T10:59:00', '2026-11-22T11:01:00']\n"
        "now = [None]\n"
        "store = History.open(now=lambda: now[0])\n"
        "for m in moments:\n"
        "    now[0] = dt.datetime.fromisoformat(m).replace(tzinfo=dt.UTC)\n"
        "    sid = store.start(pack_id='w', pack_name='W', exercise_id='e', exercise_title='E',\n"
        "                      exercise_sha256='0', planned_seconds=60, before=3)\n"
        "    store.finish(sid, outcome='completed' if m[-4] != '9' else 'stopped', played_seconds=60)\n"
        "print(json.dumps([d.isoformat() for d in store.practice_days('w')]))\n"
    )
    env = {**os.environ, "TZ": "Pacific/Auckland"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    days = [dt.date.fromisoformat(d) for d in __import__("json").loads(out.stdout)]
    # 23:30 on the 20th, 00:30 on the 21st, 23:59 on the 22nd, 00:01 on the 23rd (a Monday)
    assert sorted(days) == [dt.date(2026, 11, 20), dt.date(2026, 11, 21), dt.date(2026, 11, 22),
                            dt.date(2026, 11, 23)]  # fmt: skip
    daily = Homework(1, "day", dt.date(2026, 11, 20), dt.date(2026, 11, 23))
    counts = [(p.start.day, p.done) for p in homework.periods(daily, days, dt.date(2026, 11, 23))]
    assert counts == [(20, 1), (21, 1), (22, 1), (23, 1)]
    weekly = Homework(3, "week")
    weeks = homework.periods(weekly, days, dt.date(2026, 11, 23))
    assert [(w.start, w.done, w.asked) for w in weeks] == [
        (dt.date(2026, 11, 16), 3, 3), (dt.date(2026, 11, 23), 1, 3),
    ]  # fmt: skip
    # the home screen's line on Monday the 23rd counts only this week's session
    assert homework.this_week(weekly, days, dt.date(2026, 11, 23), against_plan=True) == (
        "Practised on 1 of the 3 days asked this week."
    )
    assert homework.this_week(weekly, days, dt.date(2026, 11, 23)) == "Practised today."
    assert homework.this_week(daily, days, dt.date(2026, 11, 23)) == "Practised today."


def test_homework_counts_days_never_above_the_plan_and_says_nothing_before_the_first() -> None:
    daily = Homework(1, "day")
    monday = dt.date(2026, 11, 16)
    # nothing yet: the plan stands alone, no "0 of 7"
    assert homework.this_week(daily, [], monday) == ""
    # three sessions over two days, a day missed between them: days, with sessions in brackets
    days = [monday, monday, monday + dt.timedelta(days=2)]
    # the therapist's report: on the Wednesday, only the days that have come are counted
    # (never "of 7" mid-week)
    wednesday, sunday = monday + dt.timedelta(days=2), monday + dt.timedelta(days=6)
    assert homework.this_week(daily, days, wednesday, against_plan=True) == (
        "Practised on 2 of the 3 days so far this week (3 sessions)."
    )
    assert homework.this_week(daily, days, sunday, against_plan=True) == (
        "Practised on 2 of 7 days this week (3 sessions)."
    )
    # the person's own line: what was done, with nothing it is measured against
    for today in (wednesday, sunday):
        assert homework.this_week(daily, days, today) == (
            "Practised on 2 days this week (3 sessions)."
        )
    assert homework.this_week(daily, [monday, monday], monday) == "Practised today (2 sessions)."
    weekly = Homework(2, "week")
    many = [monday + dt.timedelta(days=d) for d in (0, 0, 1, 2, 3)]
    assert homework.this_week(weekly, many, monday + dt.timedelta(days=3), against_plan=True) == (
        "Practised on 2 of the 2 days asked this week (5 sessions)."
    )
    assert homework.this_week(weekly, many, monday + dt.timedelta(days=3)) == (
        "Practised on 4 days this week (5 sessions)."
    )
    (week,) = homework.periods(weekly, many, monday + dt.timedelta(days=3))
    assert (week.done, week.sessions, week.practised_text) == (2, 5, "4 days (5 sessions)")
    # a new week starts from nothing
    assert homework.this_week(weekly, many, monday + dt.timedelta(days=7)) == ""


def test_homework_before_and_after_its_window_is_said_plainly() -> None:
    plan = Homework(2, "day", dt.date(2026, 12, 1), dt.date(2026, 12, 7))
    assert homework.this_week(plan, [], dt.date(2026, 11, 22)) == "This plan starts on 1 Dec 2026."
    days = [dt.date(2026, 12, 2), dt.date(2026, 12, 3), dt.date(2026, 12, 9)]
    assert homework.this_week(plan, days, dt.date(2026, 12, 10)) == (
        "This plan finished on 7 Dec 2026. Practised on 2 days during it."
    )
    assert time.strftime("%Z") == "UTC"  # this process is in the tests' fixed zone
