"""Fill a history with 100,000 sessions over five years and time what a person waits for:
`regulate history --format json --since <a month ago>` and `regulate report`."""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from regulate.history import History


def fill(home: Path, count: int = 100_000, end: dt.date | None = None) -> None:
    os.environ["REGULATE_HOME"] = str(home)
    History.open().close()  # create the schema through the real code
    rng = random.Random(7)
    end_day = end or dt.date.today()
    span = 5 * 365
    exercises = [
        ("notice-the-room", "Notice the room"),
        ("longer-out-breath", "Longer out-breath"),
        ("hands-and-feet", "Hands and feet"),
        ("five-senses", "5-4-3-2-1 senses"),
    ]
    rows = []
    for i in range(count):
        day = end_day - dt.timedelta(days=span * (count - 1 - i) // count)
        moment = dt.datetime.combine(day, dt.time(rng.randint(6, 22), rng.randint(0, 59)))
        ex_id, title = exercises[i % len(exercises)]
        before = rng.choice([None, *range(11)])
        after = rng.choice([None, *range(11)])
        outcome = rng.choice(["completed"] * 6 + ["stopped", "interrupted"])
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        preview = rng.random() < 0.02
        # what was chosen along the way, about as often as a person might: the report reads it
        choices = rng.choice(['[]'] * 8 + ['["look_around"]', '["support", "settle"]',
                                           '["skipped_area:Hands"]'])
        where = "Hands" if outcome == "stopped" else None
        rows.append(
            ("starter", "Starter pack", ex_id, title, "0" * 64, stamp, 60, day.isoformat(),
             120.0, 110.0, before, after, outcome, preview, choices, where)
        )  # fmt: skip
    db = sqlite3.connect(home / "history.sqlite3")
    with db:
        db.executemany(
            "INSERT INTO sessions (pack_id, pack_name, exercise_id, exercise_title, "
            "exercise_sha256, started_utc, utc_offset_minutes, local_day, planned_seconds, "
            "played_seconds, "
            "before_rating, after_rating, outcome, preview, choices, stopped_where) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()


def _time(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "regulate", *args], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_line_seconds(env: dict[str, str], runs: int = 5) -> float:
    """Launch to the first line of `regulate history` (its headings), as a reader sees it."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "regulate", "history"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
        assert child.stdout is not None
        child.stdout.readline()
        times.append(time.perf_counter() - start)
        child.stdout.close()  # the rest is not wanted: regulate stops quietly (BrokenPipe)
        child.wait()
    return statistics.median(times)


def measure(runs: int = 5) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        fill(home)
        env = {**os.environ, "REGULATE_HOME": str(home)}
        since = (dt.date.today() - dt.timedelta(days=30)).isoformat()
        history = _time(["history", "--format", "json", "--since", since], env, runs)
        report = _time(["report", "-o", str(home / "r.html"), "--force"], env, runs)
        report_md = _time(["report", "--format", "md", "-o", str(home / "r.md"), "--force"], env,
                          runs)  # fmt: skip
        first_line = first_line_seconds(env, runs)
    return {"history_json_since_month": history, "report_html": report, "report_md": report_md,
            "history_first_line": first_line}  # fmt: skip


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f} s")
