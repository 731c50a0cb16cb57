"""Hearing sound, and a stop, without a sound card; shared by tests/test_audio.py,
benchmarks/cue_latency.py and benchmarks/stop_tail.py.

Two instruments. ALSA's file plugin writes into a one-page pipe that is drained at real-time
pace (the null sink itself swallows sound far faster than real time): what arrives after the
stop is what a person would still hear through this harness. And a small preloaded logger
(alsa_handover_shim.c, built here with the C compiler) records every hand-over of samples to
ALSA, so we see exactly what was given to the device after the stop, and how much the device's
own queue holds.
"""

from __future__ import annotations

import array
import fcntl
import math
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATE = 44100
F_SETPIPE_SZ = 1031


def capture_sound(home: Path, target: Path, fmt: str = "wav") -> None:
    """Make home's ALSA default device write what is played to target (ALSA's file plugin,
    the recipe in DESIGN.md): a program run with HOME=home is then heard there."""
    (home / ".asoundrc").write_text(
        f'pcm.!default {{\n  type file\n  slave.pcm "null"\n  file "{target}"\n'
        f'  format "{fmt}"\n}}\n'
    )


def build_shim(folder: Path) -> Path | None:
    """The hand-over logger, compiled into folder; None when there is no C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None
    shim = folder / "handover.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(shim),
         str(HERE / "alsa_handover_shim.c"), "-ldl", "-lasound"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return shim


@dataclass(frozen=True)
class StopHeard:
    call_seconds: float  # how long stop_all took to return
    loud_before: int  # non-silent frames handed to the device before the stop
    handed_after: list[tuple[int, int]]  # (frames, non-silent frames) of each later hand-over
    queue_seconds: float  # the most the device's own queue held
    heard_after_seconds: float  # non-silent sound arriving at the "ear" after the stop
    heard_seconds: float  # all sound that arrived, silent or not

    @property
    def loud_after_seconds(self) -> float:
        return sum(loud for _, loud in self.handed_after) / RATE


RUNNER = """
import time
from pathlib import Path
import simpleaudio
from regulate.audio import Simpleaudio
from regulate.model import Sound
player = Simpleaudio(simpleaudio, 100)
player.recording(Sound(path=Path({voice!r})))
time.sleep({play_for})
assert player._recording.sounding(), "the voice was not playing"
asked = time.monotonic()
player.stop_all()
stopped = time.monotonic()
print(stopped - asked, stopped)
time.sleep(0.5)  # let simpleaudio finish with the device
"""


def _voice(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        # never exactly zero, so any silence heard is silence that was made
        samples = (int(8000 * math.sin(2 * math.pi * 220 * i / RATE)) or 1 for i in range(
            int(seconds * RATE)))  # fmt: skip
        out.writeframes(array.array("h", samples).tobytes())
    return path


def hear_a_stop(folder: Path, shim: Path, play_for: float = 1.0) -> StopHeard:
    """Play a 30-second recording, stop it after play_for seconds, and say what followed."""
    home = folder / "home"
    home.mkdir(parents=True)
    pipe = home / "captured.raw"
    os.mkfifo(pipe)
    capture_sound(home, pipe, "raw")
    voice = _voice(folder / "voice.wav", 30)
    arrivals: list[tuple[bytes, float]] = []
    # Hold the pipe open from our side for the whole run, so that it is one page from the
    # start (it can't shrink once sound is in it) and lives on when ALSA closes and reopens it.
    keeper = os.open(pipe, os.O_RDWR)
    fcntl.fcntl(keeper, F_SETPIPE_SZ, 4096)  # one page: ~46 ms of sound

    def drain() -> None:
        with open(pipe, "rb", buffering=0) as stream:
            while chunk := stream.read(441 * 2):  # 10 ms of sound, as a device takes it
                arrivals.append((chunk, time.monotonic()))
                time.sleep(0.01)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    handovers = folder / "handovers.log"
    code = textwrap.dedent(RUNNER.format(voice=str(voice), play_for=play_for))
    env = {**os.environ, "HOME": str(home), "LD_PRELOAD": str(shim),
           "HANDOVER_LOG": str(handovers)}  # fmt: skip
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, timeout=60)  # fmt: skip
    finally:
        os.close(keeper)  # with ALSA gone too, the reader sees the end of the pipe
        reader.join(timeout=5)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    call_seconds, stopped_at = (float(x) for x in result.stdout.split())
    rows = [line.split() for line in handovers.read_text().splitlines()]

    def is_sound(chunk: bytes) -> bool:
        return any(array.array("h", chunk[: len(chunk) // 2 * 2]))

    return StopHeard(
        call_seconds=call_seconds,
        loud_before=sum(int(loud) for began, _, _, loud, _ in rows if float(began) < stopped_at),
        handed_after=[
            (int(frames), int(loud))
            for began, _, frames, loud, _ in rows
            if float(began) > stopped_at
        ],
        queue_seconds=max(int(queue) for *_, queue in rows) / RATE,
        heard_after_seconds=sum(len(c) for c, at in arrivals if at > stopped_at and is_sound(c))
        / (2 * RATE),
        heard_seconds=sum(len(c) for c, _ in arrivals) / (2 * RATE),
    )
