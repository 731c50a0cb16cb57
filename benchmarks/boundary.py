"""Timing on the real clock: every phase boundary of a 30-minute breathing exercise, with
pauses and resumes, compared with its schedule. The runner behaves like the app: a frame
every 1/11 s, and a timer of its own for a boundary nearer than the next frame."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from regulate.loader import load_exercise
from regulate.timeline import Timeline

FRAME = 1 / 11


def exercise_file(folder: Path, minutes: float) -> Path:
    cycles = round(minutes * 60 / 13)  # 4.3 + 1.7 + 6.1 + 0.9 = 13 s a breath
    path = folder / "long.yaml"
    path.write_text(
        "title: Long\nkind: breathing\nsteps:\n"
        f"  - breathe: {{inhale: 4.3, hold: 1.7, exhale: 6.1, pause: 0.9, cycles: {cycles}}}\n"
    )
    return path


def measure(minutes: float = 30.0, pauses: int = 6) -> dict[str, float]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        exercise = load_exercise(exercise_file(Path(tmp), minutes)).value
    assert exercise is not None
    rng = random.Random(11)
    pause_at = sorted(rng.uniform(0.05, 0.95) * exercise.seconds for _ in range(pauses))
    timeline = Timeline(exercise, time.monotonic)
    start = time.monotonic()
    timeline.start()
    paused_total = 0.0
    errors: list[float] = []
    while timeline.status != "finished":
        if pause_at and timeline.played_seconds >= pause_at[0]:
            pause_at.pop(0)
            timeline.pause()
            began = time.monotonic()
            time.sleep(rng.uniform(1.0, 4.0))
            timeline.resume()
            paused_total += time.monotonic() - began
        wait = timeline.seconds_to_next_boundary()
        time.sleep(min(FRAME, wait if wait is not None else FRAME))
        for event in timeline.update():
            seen = time.monotonic()
            if event.segment is not None and event.kind in ("step", "segment"):
                scheduled = start + event.segment.start + paused_total
                errors.append(abs(seen - scheduled))
    return {
        "max_boundary_error_ms": 1000 * max(errors),
        "median_boundary_error_ms": 1000 * sorted(errors)[len(errors) // 2],
        "boundaries": float(len(errors)),
        "minutes": minutes,
    }


if __name__ == "__main__":
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    for key, value in measure(minutes).items():
        print(f"{key}: {value:.3f}")
