"""Plain mode heard as a screen-reader user hears it: each line spoken by espeak-ng (the voice
Orca uses, at its default rate), queued as a screen reader queues them. No line may be heard
more than 2 s after it was printed, and speech may fill at most 60% of a breathing exercise:
the breath is the point, not the talking."""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from functools import cache
from pathlib import Path

import pytest

from regulate.paths import starter_pack
from regulate.plain import Plain
from regulate.plain.lines import speaking_seconds
from tests.clocks import FakeClock
from tests.tui_helpers import pack_from

ESPEAK = shutil.which("espeak-ng")
if ESPEAK is None and os.environ.get("CI"):
    pytest.fail("CI installs espeak-ng: the listening tests need it", pytrace=False)
pytestmark = [
    pytest.mark.sound,
    pytest.mark.skipif(ESPEAK is None, reason="needs espeak-ng (apt-get install espeak-ng)"),
]

LATE_SECONDS = 2.0
FILL_AT_MOST = 0.60


@cache
def spoken(text: str, folder: Path) -> float:
    """How long espeak-ng takes to say `text`, in seconds."""
    out = folder / f"line-{abs(hash(text))}.wav"
    assert ESPEAK is not None
    subprocess.run([ESPEAK, "-w", str(out), text], check=True, capture_output=True, timeout=30)
    with wave.open(str(out)) as sound:
        return sound.getnframes() / sound.getframerate()


class Listener:
    """Plain mode's console with no one typing: every line kept with the moment it was
    printed, on the exercise's fake clock."""

    interactive = True

    def __init__(self, clock: FakeClock, folder: Path) -> None:
        self.clock = clock
        self.folder = folder
        self.said: list[tuple[float, str]] = []
        self.free_at = 0.0  # when what was said so far has been heard

    def write(self, text: str) -> None:
        self.said.append((self.clock(), text))
        self.free_at = max(self.clock(), self.free_at) + spoken(text, self.folder)

    def ask(self) -> str | None:
        # a person answers once they have heard the question, half a second later
        self.clock.advance(max(0.0, self.free_at - self.clock()) + 0.5)
        return ""  # Enter: ratings skipped, check-ins keep going, no note

    def wait(self, seconds: float, takes: object = None) -> str | None:
        self.clock.advance(max(seconds, 0.01))
        return None


def _heard(exercise_id: str, folder: Path) -> tuple[list[tuple[float, float, str]], float, float]:
    """Each line of the exercise as heard: (printed, heard from, text), and when the exercise
    started and ended."""
    starter = pack_from(starter_pack())
    exercise = starter.exercise(exercise_id)
    assert exercise is not None
    clock = FakeClock()
    listener = Listener(clock, folder)
    Plain(listener, None, starter=starter, clock=clock).play(exercise, starter)
    said = listener.said
    first = next(i for i, (_, text) in enumerate(said) if text.startswith("Starting"))
    last = next(i for i, (_, text) in enumerate(said) if text.startswith("That is the end"))
    heard, free_at = [], 0.0
    for printed, text in said[first : last + 1]:
        starts = max(printed, free_at)
        free_at = starts + spoken(text, folder)
        heard.append((printed, starts, text))
    return heard, said[first][0], said[last][0]


@pytest.mark.parametrize(
    "exercise_id", ["longer-out-breath", "resonance-breathing", "sigh-and-settle"]
)
def test_every_line_is_heard_in_time_and_speech_leaves_room_for_the_breath(
    exercise_id: str, tmp_path: Path
) -> None:
    heard, start, end = _heard(exercise_id, tmp_path)
    late = [(round(starts - printed, 1), text) for printed, starts, text in heard
            if starts - printed > LATE_SECONDS]  # fmt: skip
    assert late == []
    talking = sum(spoken(text, tmp_path) for _, _, text in heard)
    assert talking / (end - start) <= FILL_AT_MOST
    # the pacing is still heard: most breaths get their word
    breaths = [text for _, _, text in heard if text.startswith(("Breathe in", "Breathe out"))]
    assert len(breaths) >= 10


def test_a_breathing_step_s_words_are_heard_before_its_pacing_starts(tmp_path: Path) -> None:
    heard, _, _ = _heard("longer-out-breath", tmp_path)
    texts = [text for _, _, text in heard]
    intro = next(i for i, t in enumerate(texts) if t.startswith("Gently in for 4"))
    # no breath word arrives while the step's words are still being said
    assert (
        not texts[intro + 1].startswith("Breathe")
        or heard[intro + 1][1] - heard[intro + 1][0] < 0.5
    )


def test_the_guess_at_speaking_time_is_never_much_shorter_than_the_voice(tmp_path: Path) -> None:
    """The driver's pacing rests on a guess (no voice is run while practising): it must not
    be shorter than espeak-ng by more than a quarter second on the lines plain mode says."""
    heard, _, _ = _heard("longer-out-breath", tmp_path)
    for _, _, text in heard:
        assert speaking_seconds(text) >= spoken(text, tmp_path) - 0.25, text
