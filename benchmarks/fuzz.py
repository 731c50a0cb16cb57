"""The property-based run at benchmark size: generated, random and mutated packs and exercises
through the loader (what `regulate check` runs) and, when they load, through the player's
timeline to the end. No exception may escape, and every rejection names a line. The tests run
300 cases each in CI; here 2,500 each, 10,000 in all."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = 4  # the property tests in tests/test_loader_properties.py


def measure(cases: int = 10_000) -> dict[str, float]:
    per_test = max(1, cases // TESTS)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(REPO / "tests" / "test_loader_properties.py")],
        capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "REGULATE_FUZZ_EXAMPLES": str(per_test)},
    )  # fmt: skip
    seconds = time.perf_counter() - start
    passed = re.search(r"(\d+) passed", result.stdout)
    if result.returncode != 0 or not passed or int(passed.group(1)) != TESTS:
        raise RuntimeError("the fuzz run found a problem:\n" + result.stdout[-3000:])
    return {"fuzz_cases": float(per_test * TESTS), "fuzz_seconds": seconds}


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.0f}")
