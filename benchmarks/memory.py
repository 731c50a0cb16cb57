"""Resident memory: regulate against a bare Textual app (a Header, a Static and a Footer), each
started in the same real terminal, interleaved, and left on its first screen for a second; the
peak resident set (VmHWM) of each, medians compared. regulate's own peak while an exercise
plays is `rss_mb` (breathing.py)."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from breathing import _peak_rss_mb, _regulate_pid
from startup import FIRST_WORDS, HERE, _compiled
from terminal import Tmux


def measure(runs: int = 5) -> dict[str, float]:
    _compiled()
    term = Tmux()
    peaks: dict[str, list[float]] = {"regulate-stay": [], "minimal-stay": []}
    shell = int(term.run("display-message", "-p", "-t", "b", "#{pane_pid}").strip())
    try:
        with tempfile.TemporaryDirectory() as home:
            (Path(home) / "settings.json").write_text(json.dumps({"sound": False}))
            for i in range(runs * 2):
                which = ("regulate-stay", "minimal-stay")[i % 2]
                term.command([sys.executable, str(HERE / "probe.py"), which],
                             {"REGULATE_HOME": home})  # fmt: skip
                pid = _regulate_pid(shell)
                term.wait_for(FIRST_WORDS[which])
                time.sleep(1.0)  # settled: the sound probe and anything after the first frame
                peaks[which].append(_peak_rss_mb(pid))
                term.keys("C-q")
                deadline = time.monotonic() + 10
                while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
    finally:
        term.close()
    regulate, minimal = (statistics.median(peaks[k]) for k in ("regulate-stay", "minimal-stay"))
    return {"home_rss_mb": regulate, "minimal_rss_mb": minimal, "rss_ratio": regulate / minimal}


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
