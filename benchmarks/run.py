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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import boundary
import breathing
import busy_start
import check_1000
import cue_latency
import fuzz
import growth
import history_100k
import long_recording
import memory
import startup
import stop_tail

# key: (description, budget, how the figure compares: "under", "at most" or "at least")
BUDGET: dict[str, tuple[str, float, str]] = {
    "startup_ratio": ("start-and-exit, regulate / minimal Textual app (median)", 1.3, "at most"),
    "first_paint_ratio": ("first screen drawn, regulate / minimal Textual app", 1.15, "at most"),
    "breathing_cpu_percent": ("CPU while breathing, tmux 100x30 (% of a core)", 3.0, "under"),
    "breathing_cpu_ratio": ("CPU while breathing / one-line app at that rate", 1.0, "at most"),
    "guide_updates_per_second": ("breathing guide changes on screen per second", 10.0, "at least"),
    "max_boundary_error_ms": ("worst phase boundary vs schedule, real clock (ms)", 20.0, "at most"),
    "rss_mb": ("peak resident memory while playing (MB)", 80.0, "under"),
    "rss_ratio": ("resident memory at the first screen, regulate / minimal app", 1.15, "at most"),
    "check_1000_seconds": ("regulate check over 1,000 exercise files (s)", 2.0, "under"),
    "history_100k_seconds": ("history json / report, 100,000 sessions (s)", 0.25, "at most"),
    "history_first_line_100k_seconds": (
        "history of 100,000 sessions: launch to its first line (s)",
        0.1,
        "under",
    ),
    "cue_latency_ms": ("cue latency, boundary to device, median, miniaudio (ms)", 30.0, "under"),
    "cue_latency_simpleaudio_ms": (
        "cue latency, boundary to device, median, simpleaudio (ms)",
        30.0,
        "under",
    ),
    "long_recording_ready_seconds": (
        "a 20-minute MP3: asked to play until playing (s)",
        1.0,
        "under",
    ),
    "long_recording_peak_mb": (
        "a 20-minute MP3: player's peak memory while playing (MB)",
        120.0,
        "under",
    ),
    "busy_app_first_screen_seconds": (
        "history held, 1,000 kept files: launch to the app's first screen (s)",
        2.0,
        "at most",
    ),
    "busy_app_first_key_seconds": ("...and the first key answered (s)", 2.0, "at most"),
    "busy_history_first_line_seconds": ("...launch to history's first line (s)", 2.0, "at most"),
    "busy_report_seconds": ("...launch to report written or refused (s)", 2.0, "at most"),
    "busy_play_plain_first_line_seconds": (
        "...launch to play --plain's first line (s)",
        2.0,
        "at most",
    ),
    "stop_silence_ms": (
        "sound that can follow a stop: queue + handed after, miniaudio (ms)",
        100.0,
        "at most",
    ),
    "stop_silence_simpleaudio_ms": (
        "sound that can follow a stop: queue + handed after, simpleaudio (ms)",
        100.0,
        "at most",
    ),
}


def measure(quick: bool) -> dict[str, float]:
    runs = 1 if quick else 3
    figures: dict[str, float] = {}
    figures["startup_ratio"] = startup.measure(runs=5 if quick else 11)["startup_ratio"]
    paint = startup.first_paint(runs=5 if quick else 11)
    figures["first_paint_ratio"] = paint["first_paint_ratio"]
    figures["first_paint_paired_ratio"] = paint["paired_ratio"]
    figures.update(
        breathing.side_by_side(seconds=10.0 if quick else 60.0, rounds=1 if quick else 3)
    )
    timing = boundary.measure(minutes=3.0 if quick else 30.0)
    figures["max_boundary_error_ms"] = timing["max_boundary_error_ms"]
    figures["check_1000_seconds"] = check_1000.measure(runs=runs)
    long = history_100k.measure(runs=5 if quick else 11)
    figures["history_first_line_100k_seconds"] = long.pop("history_first_line")
    figures["history_100k_seconds"] = max(long.values())
    figures["rss_ratio"] = memory.measure(runs=3 if quick else 7)["rss_ratio"]
    for library, tail in (("miniaudio", ""), ("simpleaudio", "_simpleaudio")):
        cues = cue_latency.measure(seconds=15.0 if quick else 60.0, library=library)
        figures[f"cue_latency{tail}_ms"] = cues["cue_latency_ms"]
        figures[f"cue_latency{tail}_max_ms"] = cues["cue_latency_max_ms"]
        stops = stop_tail.measure(runs=5 if quick else 20, library=library)
        figures.update({f"{key[:-3]}{tail}_ms": value for key, value in stops.items()})
    figures.update(long_recording.measure(play_seconds=10.0 if quick else 30.0))
    busy = busy_start.measure(runs=1 if quick else 3)
    figures.update({key: value for key, value in busy.items() if key in BUDGET})
    growing = growth.measure(quick)
    figures.update(growing)
    figures["fuzz_cases_without_an_escape"] = fuzz.measure(cases=1000 if quick else 10_000)[
        "fuzz_cases"
    ]
    extra = [
        "first_paint_paired_ratio",
        "breathing_cpu_ratio_low",
        "breathing_cpu_ratio_high",
        "cue_latency_max_ms",
        "cue_latency_simpleaudio_max_ms",
        *(
            f"stop_{key}{tail}_ms"
            for tail in ("", "_simpleaudio")
            for key in ("heard_in_harness", "heard_in_harness_max", "call_max")
        ),
        "fuzz_cases_without_an_escape",
        *growing,
    ]
    return {key: round(figures[key], 4) for key in [*BUDGET, *extra]}


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
        print("Quick run: 10 s of breathing and a 3-minute timing run instead of 60 s and")
        print("30 minutes, and fewer repeats; the figures are less precise.")
    print(f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"{'figure':<62} {'value':>9} {'budget':>8}  ok")
    for key, value in figures.items():
        if key not in BUDGET:
            print(f"{key.replace('_', ' '):<62} {value:>9.3f}")
            continue
        text, budget, kind = BUDGET[key]
        sign = {"under": "<", "at most": "<=", "at least": ">="}[kind]
        print(
            f"{text:<62} {value:>9.3f} {sign}{budget:>7g}  {'yes' if within(key, value) else 'NO'}"
        )
    print()
    print("How the cost grows with ten and a hundred times the work:")
    print("\n".join(growth.table(figures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
