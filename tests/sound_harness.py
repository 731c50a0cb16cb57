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
    the recipe in docs/DESIGN.md): a program run with HOME=home is then heard there."""
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
from regulate.domain.model import Sound
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


class RealtimeEar:
    """ALSA's default device for programs run with HOME=home, heard at real-time pace: the file
    plugin writes into a one-page pipe that a thread drains 10 ms of sound every 10 ms, so a
    player can't run ahead of the clock (a plain file takes a whole recording at once)."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.pipe = home / "captured.raw"
        os.mkfifo(self.pipe)
        capture_sound(home, self.pipe, "raw")
        self.arrivals: list[tuple[bytes, float]] = []
        self._keeper = -1
        self._reader: threading.Thread | None = None
        self._taking = threading.Event()
        self._taking.set()

    def stall(self) -> None:
        """The device stops taking sound, as a stalled Bluetooth speaker or an unplugged USB
        headset does: whoever writes to it is held in the write."""
        self._taking.clear()

    def __enter__(self) -> RealtimeEar:
        # Hold the pipe open from our side for the whole run, so that it is one page from the
        # start (it can't shrink once sound is in it) and lives on when ALSA closes and reopens.
        import fcntl  # Linux's: here, not at import, so that the suite collects on Windows

        self._keeper = os.open(self.pipe, os.O_RDWR)
        fcntl.fcntl(self._keeper, F_SETPIPE_SZ, 4096)  # one page: ~46 ms of sound

        def drain() -> None:
            with open(self.pipe, "rb", buffering=0) as stream:
                while self._taking.wait() and (chunk := stream.read(441 * 2)):
                    # 10 ms of sound, as a device takes it
                    self.arrivals.append((chunk, time.monotonic()))
                    time.sleep(0.01)

        self._reader = threading.Thread(target=drain, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._taking.set()
        os.close(self._keeper)  # with ALSA gone too, the reader sees the end of the pipe
        if self._reader is not None:
            self._reader.join(timeout=5)

    def samples(self) -> list[int]:
        data = b"".join(chunk for chunk, _ in self.arrivals)
        return list(array.array("h", data[: len(data) // 2 * 2]))


def hear_a_stop(folder: Path, shim: Path, play_for: float = 1.0) -> StopHeard:
    """Play a 30-second recording, stop it after play_for seconds, and say what followed."""
    folder.mkdir(parents=True, exist_ok=True)
    voice = _voice(folder / "voice.wav", 30)
    ear = RealtimeEar(folder / "home")
    handovers = folder / "handovers.log"
    code = textwrap.dedent(RUNNER.format(voice=str(voice), play_for=play_for))
    env = {**os.environ, "HOME": str(ear.home), "LD_PRELOAD": str(shim),
           "HANDOVER_LOG": str(handovers)}  # fmt: skip
    with ear:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, timeout=60)  # fmt: skip
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
        heard_after_seconds=sum(len(c) for c, at in ear.arrivals if at > stopped_at and is_sound(c))
        / (2 * RATE),
        heard_seconds=sum(len(c) for c, _ in ear.arrivals) / (2 * RATE),
    )
