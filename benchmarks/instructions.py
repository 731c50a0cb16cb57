"""Instructions, not seconds: regulate breathing, and the one-line floor, each counted under
valgrind's callgrind for `seconds` once under way (`python benchmarks/instructions.py 20
[RATE]`). CPU time on this shared machine strays by a twentieth from run to run; the count of
instructions for the same commit comes out the same to a few parts in a thousand, so a change
worth a few hundredths shows. Callgrind slows Python about fifty times, so the guide keeps its
pace only roughly: compare counts of runs made the same way, not with the CPU figures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from breathing import EXERCISE
from terminal import Tmux

VALGRIND = ["valgrind", "--tool=callgrind", "--instr-atstart=no"]


def _callgrind_pid(out: Path) -> int:
    """The process callgrind runs, found by its output file (the shell's child is a wrapper)."""
    found = subprocess.run(["pgrep", "-f", f"valgrind.bin .*--callgrind-out-file={out} "],
                           capture_output=True, text=True)  # fmt: skip
    return int(found.stdout.split()[0])


def _count(term: Tmux, out: Path, seconds: float) -> int:
    pid = _callgrind_pid(out)
    subprocess.run(["callgrind_control", "-i", "on", str(pid)], capture_output=True, check=True)
    time.sleep(seconds)
    subprocess.run(["callgrind_control", "-d", str(pid)], capture_output=True)
    term.keys("C-q")
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)  # the last dump written
    total = 0
    for dump in out.parent.glob(out.name + "*"):
        found = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(errors="replace"), re.M)
        total = max(total, int(found.group(1)) if found else 0)
    return total


def regulate(seconds: float = 20.0) -> int:
    """Instructions regulate runs in `seconds` of breathing (the benchmark's 4 in, 6 out)."""
    term = Tmux(100, 30)
    try:
        with tempfile.TemporaryDirectory() as home:
            Path(home, "settings.json").write_text(json.dumps({"sound": False}))
            exercise = Path(home, "breathing.yaml")
            exercise.write_text(EXERCISE)
            out = Path(home, "callgrind.out")
            term.command([*VALGRIND, f"--callgrind-out-file={out}", sys.executable, "-m",
                          "regulate", "play", str(exercise), "--no-sound"],
                         {"REGULATE_HOME": home})  # fmt: skip
            term.wait_for("Total time: 10:00", seconds=300)
            term.keys("Enter")
            term.wait_for("Breathe in", seconds=300)
            time.sleep(2.0)
            return _count(term, out, seconds)
    finally:
        term.close()


def floor(rate: float, seconds: float = 20.0) -> int:
    """Instructions the one-line floor runs in `seconds`, redrawing `rate` times a second."""
    term = Tmux(100, 30)
    try:
        with tempfile.TemporaryDirectory() as home:
            out = Path(home, "callgrind.out")
            term.command([*VALGRIND, f"--callgrind-out-file={out}", sys.executable,
                          str(Path(__file__).parent / "probe.py"), "line", f"{rate:.2f}"],
                         {})  # fmt: skip
            term.wait_for("in ", seconds=300)
            time.sleep(2.0)
            return _count(term, out, seconds)
    finally:
        term.close()


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    ours = regulate(seconds)
    print(f"regulate: {ours / 1e6:.1f} million instructions in {seconds:g} s")
    if len(sys.argv) > 2:
        theirs = floor(float(sys.argv[2]), seconds)
        print(f"floor at {sys.argv[2]}/s: {theirs / 1e6:.1f} million; ratio {ours / theirs:.3f}")
