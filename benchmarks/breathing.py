"""A breathing exercise in a real terminal (tmux, 100x30): CPU of the regulate process as a
percentage of one core, how often the guide changed on screen, and peak resident memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from terminal import Tmux

EXERCISE = """\
title: Benchmark breathing
kind: breathing
rating: false
steps:
  - breathe: {inhale: 4, exhale: 6, cycles: 60}
"""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _regulate_pid(shell_pid: int) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out = subprocess.run(["pgrep", "-P", str(shell_pid)], capture_output=True, text=True)
        if out.stdout.strip():
            return int(out.stdout.split()[0])
        time.sleep(0.05)
    raise RuntimeError("regulate did not start")


def _guide_line(screen: str) -> str:
    """What the guide shows: the lines under the phase line (the bar is one, the round shape
    up to nine), up to the footer."""
    lines = screen.splitlines()
    for i, line in enumerate(lines):
        if "breath " in line and " of 60" in line and i + 1 < len(lines):
            return "\n".join(lines[i + 1 : i + 11])
    return ""


def measure(seconds: float = 60.0, reduced: bool = False) -> dict[str, float]:
    term = Tmux(100, 30)
    try:
        with tempfile.TemporaryDirectory() as home:
            Path(home, "settings.json").write_text(json.dumps({"sound": False}))
            exercise = Path(home, "breathing.yaml")
            exercise.write_text(EXERCISE)
            argv = [sys.executable, "-m", "regulate", "play", str(exercise), "--no-sound"]
            if reduced:
                argv.append("--reduced-motion")
            term.command(argv, {"REGULATE_HOME": home})
            term.wait_for("Total time: 10:00")
            term.keys("Enter")
            term.wait_for("Breathe in")
            shell = int(term.run("display", "-p", "-t", "b", "#{pane_pid}").strip())
            pid = _regulate_pid(shell)
            time.sleep(1.0)  # settle after the first frames
            cpu_start, wall_start = _cpu_seconds(pid), time.monotonic()
            changes, last = 0, _guide_line(term.screen())
            while time.monotonic() - wall_start < seconds:
                time.sleep(0.02)  # sample the screen at up to 50 Hz
                line = _guide_line(term.screen())
                if line and line != last:
                    changes += 1
                    last = line
            wall = time.monotonic() - wall_start
            cpu = _cpu_seconds(pid) - cpu_start
            rss = _peak_rss_mb(pid)
            term.keys("C-q")
    finally:
        term.close()
    return {
        "breathing_cpu_percent": 100 * cpu / wall,
        "guide_updates_per_second": changes / wall,
        "rss_mb": rss,
    }


def line_floor(rate: float, seconds: float = 60.0) -> float:
    """CPU (% of a core) of a minimal Textual app redrawing one line `rate` times a second, in
    the same kind of terminal: the floor any animated screen stands on."""
    term = Tmux(100, 30)
    try:
        term.command([sys.executable, str(Path(__file__).parent / "probe.py"), "line",
                      f"{rate:.2f}"], {})  # fmt: skip
        term.wait_for("in ")
        shell = int(term.run("display", "-p", "-t", "b", "#{pane_pid}").strip())
        pid = _regulate_pid(shell)
        time.sleep(1.0)
        cpu_start, wall_start = _cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        cpu = _cpu_seconds(pid) - cpu_start
        wall = time.monotonic() - wall_start
        term.keys("C-q")
    finally:
        term.close()
    return 100 * cpu / wall


def side_by_side(seconds: float = 60.0) -> dict[str, float]:
    """regulate breathing, then the one-line floor at the rate regulate's guide really changed."""
    figures = measure(seconds)
    floor = line_floor(figures["guide_updates_per_second"], seconds)
    figures["line_floor_cpu_percent"] = floor
    figures["breathing_cpu_ratio"] = figures["breathing_cpu_percent"] / floor
    return figures


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    for key, value in side_by_side(seconds).items():
        print(f"{key}: {value:.2f}")
