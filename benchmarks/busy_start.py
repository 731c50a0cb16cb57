"""Nothing outside makes a start wait: with 1,000 kept sessions (some hostile: a FIFO named
x.json, nesting 30,000 deep, integers past 64 bits, Infinity, a link out) and the history held
EXCLUSIVE by another process for the whole run, the time from launch to

  - the app's first screen, and then to its answer to the first key (tmux),
  - `regulate history`'s first line (the sentence that it is busy, here),
  - `regulate report` written or refused,
  - `regulate play --plain`'s first line.

Budget: 2 s each. Run alone: python benchmarks/busy_start.py [runs]"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from terminal import Tmux

from regulate.history import History
from tests.hostile import deep_json, make_special

KEPT = 1000
ROW = {
    "pack_id": "starter", "pack_name": "Starter pack", "exercise_id": "notice-the-room",
    "exercise_title": "Notice the room", "exercise_sha256": "ab" * 32,
    "started_utc": "2026-12-01T10:00:00Z", "utc_offset_minutes": 60, "planned_seconds": 120.0,
    "before_rating": 3,
}  # fmt: skip
HOSTILE = [
    deep_json(30_000),
    json.dumps({"row": {**ROW, "planned_seconds": 10**30}}),
    json.dumps({"session_id": 2**70, "row": ROW}),
    json.dumps({"row": {**ROW, "played_seconds": float("inf")}}),
    json.dumps({"row": {**ROW, "started_utc": "yesterday"}}),
    "\xff\xfe not json",
]
HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=DELETE")  # so that readers wait too, not only writers
db.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(3600)
"""


def prepare(home: Path) -> None:
    os.environ["REGULATE_HOME"] = str(home)
    History.open().close()
    (home / "settings.json").write_text(json.dumps({"sound": False}))
    kept = home / "kept-sessions"
    kept.mkdir()
    for n in range(KEPT - 10):
        text = HOSTILE[n % len(HOSTILE)] if n % 50 == 0 else json.dumps({"row": ROW})
        (kept / f"{n}-1.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    for n, kind in enumerate(["fifo", "device", "folder", "link-out", "dangling-link",
                              "unreadable", "empty", "socket"]):  # fmt: skip
        make_special(kind, kept / f"special-{n}.json", home / "outside")


def _first_line(args: list[str], env: dict[str, str], stdin: int | None = None) -> float:
    """Launch to the first line the person sees, on either stream."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "regulate", *args], env=env, stdin=stdin,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    assert child.stdout is not None
    line = child.stdout.readline()
    took = time.perf_counter() - started
    child.kill()
    child.wait()
    if not line:
        raise RuntimeError(f"regulate {' '.join(args)} said nothing")
    return took


def _until_done(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "regulate", *args], env=env, capture_output=True,
                   check=False, timeout=60)  # fmt: skip
    return time.perf_counter() - started


def _app(env: dict[str, str], home: Path) -> tuple[float, float]:
    """Launch to the first screen, then a key (Down) to the screen's answer, in tmux."""
    term = Tmux(80, 24)
    try:
        log = home / "terminal.log"
        log.write_bytes(b"")
        term.run("pipe-pane", "-t", "b", f"cat >> {log}")
        term.type("clear")
        time.sleep(0.3)
        seen = log.stat().st_size
        term.command([sys.executable, "-m", "regulate"], {"REGULATE_HOME": env["REGULATE_HOME"]})
        started = time.monotonic()
        with log.open("rb") as output:
            output.seek(seen)
            arrived = b""
            while b"Starter pack" not in arrived:
                if time.monotonic() - started > 30:
                    raise RuntimeError(f"regulate never drew:\n{term.screen()}")
                time.sleep(0.002)
                arrived += output.read()
            first_screen = time.monotonic() - started
            time.sleep(0.3)  # what the first screen still had to draw, drawn
            output.read()
            asked = time.monotonic()
            term.run("send-keys", "-t", "b", "Down")
            while not output.read():
                if time.monotonic() - asked > 30:
                    raise RuntimeError(f"regulate never answered a key:\n{term.screen()}")
                time.sleep(0.002)
            answered = time.monotonic() - asked
        term.run("send-keys", "-t", "b", "C-q")
        time.sleep(0.5)
    finally:
        term.close()
    return first_screen, answered


def measure(runs: int = 3) -> dict[str, float]:
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        prepare(home)
        env = {**os.environ, "REGULATE_HOME": str(home)}
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home / "history.sqlite3")],
                                  stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            for _ in range(runs):
                first_screen, key = _app(env, home)
                figures.setdefault("busy_app_first_screen_seconds", []).append(first_screen)
                figures.setdefault("busy_app_first_key_seconds", []).append(key)
                figures.setdefault("busy_history_first_line_seconds", []).append(
                    _first_line(["history"], env)
                )
                figures.setdefault("busy_report_seconds", []).append(
                    _until_done(["report", "-o", str(home / "r.html"), "--force"], env)
                )
                figures.setdefault("busy_play_plain_first_line_seconds", []).append(
                    _first_line(["play", "--plain", "--no-sound", "starter"], env, subprocess.PIPE)
                )
            left = sum(1 for p in (home / "kept-sessions").glob("*.json") if p.is_file())
        finally:
            holder.kill()
            holder.wait()
    result = {key: max(values) for key, values in figures.items()}  # the worst of the runs
    result["busy_kept_files_left"] = float(left)
    return result


if __name__ == "__main__":
    for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 3).items():
        print(f"{key}: {value:.3f}")
