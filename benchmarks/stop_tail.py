"""Stop: how long sound can go on after a person stops, for each sound library, through ALSA's
file plugin heard at real-time pace (tests/sound_harness.py).

The figure against the budget is what can still sound after the stop: the device's own queue
plus any sound handed to the device after the stop. Through this harness the sound heard after
the stop is longer (its own hold-ups add about 0.1 s); that is reported beside it.

simpleaudio: a logger of every hand-over to ALSA, preloaded into the player's process (needs a
C compiler), shows the queue and what was handed over after the stop. miniaudio loads ALSA
itself, past any preloaded logger, so its hand-overs are logged at its own callback, the one
place its sound goes to the device; its queue is the three 20 ms periods it asks the device for.
"""

from __future__ import annotations

import array
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sound_harness import RATE, RealtimeEar, _voice, build_shim, hear_a_stop

MINIAUDIO_PERIODS = 3  # miniaudio's default number of periods, each BUFFER_MSEC long

MINIAUDIO_RUNNER = """
import array, json, time
from pathlib import Path
from regulate.audio import make_player
from regulate.audio.mixer import BUFFER_MSEC
from regulate.domain.model import Sound
player = make_player(True, volume=100)
assert type(player).__name__ == "Miniaudio", player.notice
handed = []  # (when, frames, frames not silent) of every hand-over to the device
inner = player.device.callback_generator

def logged():
    frames = yield b""
    while True:
        out = inner.send(frames)
        samples = array.array("h", bytes(out))
        handed.append((time.monotonic(), len(samples), len(samples) - samples.count(0)))
        frames = yield out

logger = logged()
next(logger)
player.device.callback_generator = logger
player.recording(Sound(path=Path({voice!r})))
time.sleep({play_for})
asked = time.monotonic()
player.stop_all()
stopped = time.monotonic()
time.sleep(0.5)
print(json.dumps({{"call": stopped - asked, "stopped": stopped, "handed": handed,
                  "period_ms": BUFFER_MSEC}}))
"""


def _miniaudio_stop(folder: Path, play_for: float) -> tuple[float, float, float]:
    """(queue + loud sound handed after the stop, heard after it, the stop call) in seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    voice = _voice(folder / "voice.wav", 30)
    ear = RealtimeEar(folder / "home")
    code = textwrap.dedent(MINIAUDIO_RUNNER.format(voice=str(voice), play_for=play_for))
    env = {**os.environ, "HOME": str(ear.home), "REGULATE_SOUND_LIBRARY": "miniaudio"}
    with ear:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, timeout=60)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    run = json.loads(result.stdout)
    stopped = run["stopped"]
    loud_after = sum(loud for at, _, loud in run["handed"] if at > stopped)
    queue = MINIAUDIO_PERIODS * run["period_ms"] / 1000

    def is_sound(chunk: bytes) -> bool:
        return any(array.array("h", chunk[: len(chunk) // 2 * 2]))

    heard = sum(len(c) for c, at in ear.arrivals if at > stopped and is_sound(c)) / (2 * RATE)
    return queue + loud_after / RATE, heard, run["call"]


def measure(runs: int = 10, library: str = "simpleaudio") -> dict[str, float]:
    bounds, heard, calls = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        shim = build_shim(Path(tmp)) if library == "simpleaudio" else None
        if library == "simpleaudio" and shim is None:
            raise SystemExit("the simpleaudio stop benchmark needs a C compiler (apt install gcc)")
        for run in range(runs):
            # stop at a different point of the player's chunks each time
            play_for = 1.0 + 0.0137 * run
            if shim is not None:
                result = hear_a_stop(Path(tmp) / str(run), shim, play_for=play_for)
                bounds.append(1000 * (result.queue_seconds + result.loud_after_seconds))
                heard.append(1000 * result.heard_after_seconds)
                calls.append(1000 * result.call_seconds)
            else:
                bound, after, call = _miniaudio_stop(Path(tmp) / str(run), play_for)
                bounds.append(1000 * bound)
                heard.append(1000 * after)
                calls.append(1000 * call)
    return {
        "stop_silence_ms": max(bounds),
        "stop_heard_in_harness_ms": statistics.median(heard),
        "stop_heard_in_harness_max_ms": max(heard),
        "stop_call_max_ms": max(calls),
    }


if __name__ == "__main__":
    for library in ("miniaudio", "simpleaudio"):
        for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10, library).items():
            print(f"{library} {key}: {value:.1f}")
