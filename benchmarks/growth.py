"""How the cost grows as the work grows ten times over: report (and history's first line) with
1k, 10k and 100k sessions, check with 10, 100 and 1,000 files, and a start with 1, 10 and 100
added packs. Each figure is the median of a few runs of the real command, process start
included; `growth` is the time at the largest size over the smallest, set against how much
the work grew (x100): below 100 means better than linear.

    python benchmarks/growth.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_1000
import history_100k


def _median_time(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "regulate", *args], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sessions(runs: int = 5) -> dict[int, dict[str, float]]:
    found = {}
    for count in (1_000, 10_000, 100_000):
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            history_100k.fill(home, count)
            env = {**os.environ, "REGULATE_HOME": str(home)}
            report = ["report", "-o", str(home / "r.html"), "--force"]
            found[count] = {
                "report": _median_time(report, env, runs),
                "history_first_line": history_100k.first_line_seconds(env, runs),
            }
    return found


def files(runs: int = 3) -> dict[int, float]:
    found = {}
    for count in (10, 100, 1000):
        with tempfile.TemporaryDirectory() as tmp:
            check_1000.make(Path(tmp), count)
            env = {**os.environ, "REGULATE_HOME": str(Path(tmp) / "home")}
            found[count] = _median_time(["check", tmp], env, runs)
    return found


def packs(runs: int = 5) -> dict[int, float]:
    """`regulate pack list`: a start's work of finding and reading the added packs (kept
    from the start before, as every start after the first has them)."""
    found = {}
    for count in (1, 10, 100):
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            env = {**os.environ, "REGULATE_HOME": str(home)}
            source = Path(tmp) / "pack"
            source.mkdir()
            check_1000.make(source, 5)
            for i in range(count):
                (source / "pack.yaml").write_text(f"id: pack-{i}\nname: Pack {i}\n")
                subprocess.run([sys.executable, "-m", "regulate", "pack", "add", str(source)],
                               env=env, check=True, capture_output=True)  # fmt: skip
            _median_time(["pack", "list"], env, 1)  # the packs kept for the next start
            found[count] = _median_time(["pack", "list"], env, runs)
            shutil.rmtree(home)
    return found


def measure(quick: bool = False) -> dict[str, float]:
    """Flat figures for run.py's JSON: each size's time, and each growth over x100."""
    runs = 3 if quick else 5
    figures: dict[str, float] = {}
    for count, times in sessions(runs).items():
        for what, seconds in times.items():
            figures[f"growth_{what}_{count // 1000}k_seconds"] = seconds
    for count, seconds in files(runs).items():
        figures[f"growth_check_{count}_files_seconds"] = seconds
    for count, seconds in packs(runs).items():
        figures[f"growth_start_{count}_packs_seconds"] = seconds
    for what, small, large in (
        ("report", "growth_report_1k_seconds", "growth_report_100k_seconds"),
        ("history_first_line", "growth_history_first_line_1k_seconds",
         "growth_history_first_line_100k_seconds"),
        ("check", "growth_check_10_files_seconds", "growth_check_1000_files_seconds"),
        ("start", "growth_start_1_packs_seconds", "growth_start_100_packs_seconds"),
    ):  # fmt: skip
        figures[f"growth_{what}_x100"] = figures[large] / figures[small]
    return figures


def table(figures: dict[str, float]) -> list[str]:
    """The README's small table: rows of work, columns of size."""
    rows = [
        ("report (sessions)", "report", ("1k", "10k", "100k"), "_seconds"),
        ("history, first line (sessions)", "history_first_line", ("1k", "10k", "100k"),
         "_seconds"),
        ("check (files)", "check", ("10_files", "100_files", "1000_files"), "_seconds"),
        ("start (added packs)", "start", ("1_packs", "10_packs", "100_packs"), "_seconds"),
    ]  # fmt: skip
    lines = ["| work grows x10 | 1x | 10x | 100x | time at 100x / at 1x |",
             "|---|---|---|---|---|"]  # fmt: skip
    for label, key, sizes, tail in rows:
        cells = [f"{figures[f'growth_{key}_{size}{tail}']:.2f} s" for size in sizes]
        lines.append(f"| {label} | {' | '.join(cells)} | {figures[f'growth_{key}_x100']:.1f} |")
    return lines


if __name__ == "__main__":
    measured = measure()
    print("\n".join(table(measured)))
