"""Shared helpers: write pack files into a temporary folder and load them."""

from __future__ import annotations

import math
import os
import struct
import textwrap
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from regulate import i18n
from regulate.loader import Loaded, load_exercise, load_pack

REPO = Path(__file__).resolve().parent.parent

# Dates on screens and in reports are local: tests see them in one fixed zone.
os.environ["TZ"] = "UTC"
if hasattr(time, "tzset"):  # POSIX's; Windows reads TZ as it starts, and has no tzset
    time.tzset()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a core. Most of the suite waits - on a subprocess, on sound heard
    at real-time pace, on a terminal - so one worker a core leaves the cores half idle
    (measured on two cores: about 4 minutes with two workers, 2.5 with four)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


def make_wav(path: Path, seconds: float = 0.2, rate: int = 22050, width: int = 2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i / 10))) if width == 2 else b"\x80"
                for i in range(frames)
            )
        )
    return path


# Tests read English unless they choose another language, whatever this machine's locale
# (a child process inherits it too).
os.environ["LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    """Each test starts in English and leaves the language as it found it."""
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real data folder."""
    monkeypatch.setenv("REGULATE_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def exercise_file(tmp_path: Path) -> Callable[..., Loaded]:
    """Write YAML (dedented) to a file and load it as a lone exercise."""

    def load(text: str, name: str = "ex.yaml") -> Loaded:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_exercise(path, name)

    return load


@pytest.fixture
def pack_dir(tmp_path: Path) -> Callable[..., Loaded]:
    """Write a pack folder from {file name: YAML} and load it."""

    def load(files: dict[str, str], name: str = "week3-settling") -> Loaded:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for file_name, text in files.items():
            target = folder / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_pack(folder, name)

    return load


def lines(loaded: Loaded) -> list[str]:
    """Problems as the lines `regulate check` prints."""
    return [str(p) for p in loaded.problems]


# The examples of docs/FORMAT.md, verbatim, as files of a pack.
FORMAT_PACK = """\
format: 1                       # optional
name: Week 3 - settling practice   # required, 1-80 characters
id: week3-settling              # optional
author: Dr. Rivera              # optional, who wrote or assigned it
message: |                      # optional, a note shown at the top of the pack
  Try one of these each day, whichever feels right. Stopping early is always okay.
exercises:                      # optional; the order shown
  - orienting.yaml
  - breathing-4-6.yaml
homework:                       # optional: what the therapist asked for
  times: 1                      # required within homework: 1-20
  per: day                      # required within homework: day | week
  from: 2026-11-20              # optional ISO dates
  until: 2026-12-04
rating:                         # optional: overrides the default calm question
  question: How calm do you feel right now?
  low: Not calm at all          # label at 0
  mid: Partly calm              # label at 5 (optional)
  high: Completely calm         # label at 10
  threshold: 2                  # optional, 0-9, default 2
support:                        # optional, but `regulate check` warns when a pack has none
  text: |                       # required within support
    Put your feet on the floor and look around the room.
    If you need help before our next session, use the plan we made together.
  before: It is okay to start from where you are today.    # optional
  after: It is okay that this felt harder today.          # optional
  contact: Dr. Rivera, 555-0100, weekdays 9-17    # optional
  emergency: Call your local emergency number      # optional
  reviewed: 2026-11-20          # optional ISO date
settle: orienting.yaml          # optional: the short exercise offered beside the support text
"""

FORMAT_EXERCISE = """\
format: 1                        # optional, as above
title: Noticing safety in the room   # required, 1-80 characters
kind: grounding                  # required: grounding | breathing | body_scan | mixed
about: |                         # optional: shown before starting
  A gentle way to let your eyes tell your body where you are.
tags: [eyes-open, short]         # optional list of short words
rating: true                     # optional, default true
cues:                            # optional: which sounds mark what
  start: bell                    #   a .wav path relative to the pack folder, or none
  step: chime                    # at each new step
  breath: none                   # at each inhale/exhale turn (default none)
  end: bell
steps:                           # required: 1-500 steps
  - prompt: Let your eyes move slowly around the room, as if you were seeing it for the first time.
    for: 30s
  - prompt: Let them rest on something pleasant, or simply neutral, to look at.
    for: 20s
    audio: voice/intro.wav       # optional: a recording played when the step starts
  - breathe:
      inhale: 4                  # seconds, 1-15
      hold: 0                    # optional, seconds after inhaling, 0-15
      exhale: 6                  # seconds, 1-20
      pause: 0                   # optional, seconds after exhaling, 0-15
      cycles: 6                  # exactly one of cycles (1-200) or for
      text: Breathe through your nose if that is comfortable.   # optional, shown above the guide
  - check_in: Would you like to keep going?
  - scan:
      regions: [feet, lower legs, knees, thighs, hips, belly, hands, shoulders, face]   # 1-40 names
      each: 15s                  # time per region
      text: Notice your {region}. If this area doesn't feel okay, move on or open your eyes.
"""

FORMAT_BREATHING = """\
title: Breathing 4-6
kind: breathing
steps:
  - prompt: Let your breath be gentle, not deep.
    for: 10s
  - breathe: {inhale: 4, exhale: 6, for: 2m}
  - prompt: Look slowly around the room.
    for: 15s
"""


@pytest.fixture
def format_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "week3-settling"
    folder.mkdir()
    (folder / "pack.yaml").write_text(FORMAT_PACK, encoding="utf-8")
    (folder / "orienting.yaml").write_text(FORMAT_EXERCISE, encoding="utf-8")
    (folder / "breathing-4-6.yaml").write_text(FORMAT_BREATHING, encoding="utf-8")
    make_wav(folder / "voice" / "intro.wav")
    return folder


# the real-terminal fixture (tmux), for every test module that asks for `terminal`
from tests.terminal_helpers import terminal  # noqa: E402, F401


def fuzz_examples(quick: int) -> int:
    """How many cases a property test tries: `quick` in the default run (kept fast enough for
    CI), ten times as many - or any multiple - on demand with REGULATE_FUZZ_SCALE=10."""
    return quick * max(1, int(os.environ.get("REGULATE_FUZZ_SCALE", "1") or 1))
