"""Time `regulate check` over a folder of 1,000 generated exercise files (a therapist's library)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = """\
title: Exercise {i}
kind: mixed
about: |
  A generated exercise for timing the checker, with a little of everything.
tags: [generated, eyes-open]
steps:
  - prompt: Let your eyes move slowly around the room. You can keep them open.
    for: 30s
  - breathe: {{inhale: 4, exhale: 6, cycles: 6, text: "Gently in, and slowly out."}}
  - check_in: Would you like to keep going?
  - scan:
      regions: [feet, hands, shoulders]
      each: 15s
      text: Notice your {{region}}, or move on.
  - prompt: Look slowly around the room once more.
    for: 15s
"""


def make(folder: Path, count: int = 1000) -> None:
    for i in range(count):
        (folder / f"exercise-{i:04}.yaml").write_text(TEMPLATE.format(i=i), encoding="utf-8")


def measure(runs: int = 3) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make(folder)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "regulate", "check", str(folder)],
                                    capture_output=True, text=True)  # fmt: skip
            times.append(time.perf_counter() - start)
            assert result.returncode == 0, result.stdout[-500:]
            assert "No problems found in 1000 files." in result.stdout
        return statistics.median(times)


if __name__ == "__main__":
    print(f"check_1000_seconds: {measure():.3f}")
