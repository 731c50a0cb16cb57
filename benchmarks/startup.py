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


def _compiled() -> None:
    """regulate's bytecode, as an installed copy has it (pip compiles on install). A checkout
    run with PYTHONDONTWRITEBYTECODE set, as on this machine, would otherwise compile every
    module changed since the last compile at each start, and the figure would measure that."""
    import compileall

    import regulate

    compileall.compile_dir(Path(regulate.__file__).parent, quiet=1)


def measure(runs: int = 11) -> dict[str, float]:
    _compiled()
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


# what each app shows once its first screen is drawn
FIRST_WORDS = {"regulate-stay": "Starter pack", "minimal-stay": "Hello"}


def first_paint(runs: int = 11, cold: bool = False) -> dict[str, float]:
    """Launch to the first screen in a real terminal, regulate against the minimal app,
    interleaved; medians compared. Start-and-exit hides how long a person waits for something
    to look at, this does not. The terminal's output is read as it arrives (tmux pipe-pane into
    a file, read every 2 ms), not by asking tmux for its screen in a loop: that spawned a tmux
    client every few ms and took CPU from the program being measured. `cold`: every start
    reads the packs from their YAML (as the first start after a pack changed does), not from
    the packs kept by the start before."""
    _compiled()
    term = Tmux()
    times: dict[str, list[float]] = {"regulate-stay": [], "minimal-stay": []}
    try:
        with tempfile.TemporaryDirectory() as home:
            (Path(home) / "settings.json").write_text(json.dumps({"sound": False}))
            log = Path(home) / "terminal.log"
            log.touch()
            term.run("pipe-pane", "-t", "b", f"cat >> {log}")
            for i in range(runs * 2):
                which = ("regulate-stay", "minimal-stay")[i % 2]
                if cold:
                    (Path(home) / "packs-cache.json").unlink(missing_ok=True)
                term.run("send-keys", "-t", "b", "clear", "Enter")
                time.sleep(0.3)
                seen = log.stat().st_size
                term.command([sys.executable, str(HERE / "probe.py"), which],
                             {"REGULATE_HOME": home})  # fmt: skip
                started = time.monotonic()
                word = FIRST_WORDS[which].encode()
                with log.open("rb") as output:
                    output.seek(seen)
                    arrived = b""
                    while word not in arrived:
                        if time.monotonic() - started > 30:
                            raise RuntimeError(f"{which} never drew:\n{term.screen()}")
                        time.sleep(0.002)
                        arrived += output.read()
                times[which].append(time.monotonic() - started)
                term.keys("C-q")
                time.sleep(0.5)
    finally:
        term.close()
    regulate, minimal = (statistics.median(times[k]) for k in ("regulate-stay", "minimal-stay"))
    # each launch of regulate against the minimal launch just after it: the machine's pace
    # drifts over a run, and a pair sees the same pace
    pairs = [r / m for r, m in zip(times["regulate-stay"], times["minimal-stay"], strict=True)]
    return {"first_paint_seconds": regulate, "minimal_first_paint_seconds": minimal,
            "first_paint_ratio": regulate / minimal,
            "paired_ratio": statistics.median(pairs)}  # fmt: skip


if __name__ == "__main__":
    for key, value in first_paint().items():
        print(f"{key}: {value:.3f}")
    for key, value in first_paint(cold=True).items():
        print(f"cold {key}: {value:.3f}")
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
