"""Stop: how long sound can go on after a person stops, measured through ALSA's file plugin
and a logger of every hand-over to ALSA (tests/sound_harness.py; needs a C compiler).

The figure against the budget is what can still sound after the stop: the device's own queue
plus any sound handed to the device after the stop. Through this harness the sound heard after
the stop is longer (its own hold-ups add about 0.1 s); that is reported beside it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sound_harness import build_shim, hear_a_stop


def measure(runs: int = 10) -> dict[str, float]:
    bounds, heard, calls = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        shim = build_shim(Path(tmp))
        if shim is None:
            raise SystemExit("the stop benchmark needs a C compiler (apt install gcc)")
        for run in range(runs):
            # stop at a different point of simpleaudio's 100 ms chunks each time
            result = hear_a_stop(Path(tmp) / str(run), shim, play_for=1.0 + 0.0137 * run)
            bounds.append(1000 * (result.queue_seconds + result.loud_after_seconds))
            heard.append(1000 * result.heard_after_seconds)
            calls.append(1000 * result.call_seconds)
    return {
        "stop_silence_ms": max(bounds),
        "stop_heard_in_harness_ms": statistics.median(heard),
        "stop_heard_in_harness_max_ms": max(heard),
        "stop_call_max_ms": max(calls),
    }


if __name__ == "__main__":
    for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10).items():
        print(f"{key}: {value:.1f}")
