"""Measure regulate's performance budget in one run and print a table (or JSON with --json).

    python benchmarks/run.py            # the full run
    python benchmarks/run.py --quick    # shorter measurements, said so in the output
    python benchmarks/run.py --json     # one JSON object, numbers without units

Each figure has its own module here; this file runs them and compares with the budget.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_1000
import history_100k

# key: (description, budget, how the figure compares: "under", "at most" or "at least")
BUDGET: dict[str, tuple[str, float, str]] = {
    "check_1000_seconds": ("regulate check over 1,000 exercise files (s)", 2.0, "under"),
    "history_100k_seconds": (
        "history json / report with 100,000 sessions, slower (s)",
        0.5,
        "under",
    ),
}


def measure(quick: bool) -> dict[str, float]:
    runs = 1 if quick else 3
    history = history_100k.measure(runs=runs)
    figures: dict[str, Callable[[], float]] = {
        "check_1000_seconds": lambda: check_1000.measure(runs=runs),
        "history_100k_seconds": lambda: max(history.values()),
    }
    return {key: round(get(), 4) for key, get in figures.items()}


def within(key: str, value: float) -> bool:
    _, budget, kind = BUDGET[key]
    return (
        value <= budget
        if kind == "at most"
        else (value < budget if kind == "under" else value >= budget)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="shorter measurements")
    args = parser.parse_args()
    figures = measure(args.quick)
    if args.json:
        print(json.dumps(figures))
        return 0
    if args.quick:
        print("Quick run: measurements are shortened and less precise.")
    print(f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"{'figure':<62} {'value':>9} {'budget':>8}  ok")
    for key, value in figures.items():
        text, budget, kind = BUDGET[key]
        sign = {"under": "<", "at most": "<=", "at least": ">="}[kind]
        print(
            f"{text:<62} {value:>9.3f} {sign}{budget:>7g}  {'yes' if within(key, value) else 'NO'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
