"""Start-up: launch to first screen ready and exit, regulate against a minimal Textual app,
interleaved in the same real terminal, medians compared."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from terminal import Tmux

HERE = Path(__file__).resolve().parent


def measure(runs: int = 11) -> dict[str, float]:
    term = Tmux()
    times: dict[str, list[float]] = {"regulate": [], "minimal": []}
    try:
        with tempfile.TemporaryDirectory() as home:
            (Path(home) / "settings.json").write_text(json.dumps({"sound": False}))
            out = Path(home) / "time.txt"
            timer = (
                "import subprocess, sys, time; t = time.perf_counter(); "
                "subprocess.run(sys.argv[2:]); "
                "open(sys.argv[1], 'w').write(str(time.perf_counter() - t))"
            )
            for i in range(runs * 2):
                which = ("regulate", "minimal")[i % 2]  # interleaved
                out.unlink(missing_ok=True)
                term.command(
                    [sys.executable, "-c", timer, str(out), sys.executable,
                     str(HERE / "probe.py"), which],
                    {"REGULATE_HOME": home},
                )  # fmt: skip
                deadline = time.monotonic() + 30
                while not out.exists() or not out.read_text():
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{which} did not finish:\n{term.screen()}")
                    time.sleep(0.02)
                times[which].append(float(out.read_text()))
    finally:
        term.close()
    regulate, minimal = (statistics.median(times[k]) for k in ("regulate", "minimal"))
    return {"startup_seconds": regulate, "minimal_seconds": minimal,
            "startup_ratio": regulate / minimal}  # fmt: skip


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
