"""Plain mode heard as a screen-reader user hears it: each line spoken by espeak-ng (the voice
Orca uses, at its default rate), queued as a screen reader queues them. No line may be heard
more than 2 s after it was printed, and speech may fill at most 60% of the first minute of a
breathing exercise and under 40% of the whole: the breath is the point, not the talking. The
queue starts at the answer to the before-rating - the exercise's clock runs from there, so
anything said between the answer and the first step is heard on its time."""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from functools import cache
from pathlib import Path

import pytest

from regulate.plain import Plain
from regulate.plain.lines import speaking_seconds
from regulate.system.paths import starter_pack
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
FIRST_MINUTE_AT_MOST = 0.60
WHOLE_UNDER = 0.40


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
        self.answered: list[int] = []  # how many lines had been said at each answer

    def write(self, text: str) -> None:
        self.said.append((self.clock(), text))
        self.free_at = max(self.clock(), self.free_at) + spoken(text, self.folder)

    def ask(self) -> str | None:
        # a person answers once they have heard the question, half a second later
        self.clock.advance(max(0.0, self.free_at - self.clock()) + 0.5)
        self.answered.append(len(self.said))
        return ""  # Enter: ratings skipped, check-ins keep going, no note

    def wait(self, seconds: float, takes: object = None) -> str | None:
        self.clock.advance(max(seconds, 0.01))
        return None


def _heard(exercise_id: str, folder: Path) -> tuple[list[tuple[float, float, str]], float, float]:
    """Each line from the answer to the before-rating to the exercise's end as heard:
    (printed, heard from, text), and when the answer was given and the exercise ended."""
    starter = pack_from(starter_pack())
    exercise = starter.exercise(exercise_id)
    assert exercise is not None
    clock = FakeClock()
    listener = Listener(clock, folder)
    Plain(listener, None, starter=starter, clock=clock).play(exercise, starter)
    said = listener.said
    first = listener.answered[0]  # the before-rating's answer: the queue is empty then
    assert said[first][1] == "Rating skipped."
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
    assert talking / (end - start) < WHOLE_UNDER
    first_minute = sum(
        max(0.0, min(starts + spoken(text, tmp_path), start + 60) - starts)
        for _, starts, text in heard
        if starts < start + 60
    )
    assert first_minute / 60 <= FIRST_MINUTE_AT_MOST
    # the pacing is still heard: most breaths get their word
    breaths = [text for _, _, text in heard if text.startswith(("Breathe in", "Breathe out"))]
    assert len(breaths) >= 10


@pytest.mark.parametrize(
    ("exercise_id", "first"),
    [
        ("longer-out-breath", "Breathe in, breath 1 of 15"),
        ("resonance-breathing", "Breathe in, breath 1 of 12"),
        ("sigh-and-settle", "Breathe in, breath 1 of 6"),
    ],
)
def test_the_first_breath_is_heard_first_whole_as_it_begins(
    exercise_id: str, first: str, tmp_path: Path
) -> None:
    """The pacing begins on the right half of the breath: the first breath word heard is
    breath 1's in-breath, with its count, heard as it begins; the step's words follow it."""
    heard, _, _ = _heard(exercise_id, tmp_path)
    breaths = [(printed, starts, text) for printed, starts, text in heard
               if text.startswith(("Breathe in", "Breathe out"))]  # fmt: skip
    printed, starts, text = breaths[0]
    assert text == first
    assert starts - printed < 0.5
    after = heard[heard.index(breaths[0]) + 1][2]
    assert not after.startswith("Breathe")  # the step's own words, not the next breath


def test_after_n_the_next_step_s_first_line_is_said_at_once(tmp_path: Path) -> None:
    """n in the first step of Longer out-breath: the breathing step's first line is said at
    that moment, and heard within 2 s (not the 22 s of silence a listener once met)."""
    starter = pack_from(starter_pack())
    exercise = starter.exercise("longer-out-breath")
    assert exercise is not None
    clock = FakeClock()

    class Skipper(Listener):
        pressed: float | None = None

        def wait(self, seconds: float, takes: object = None) -> str | None:
            started = any(text == "Starting." for _, text in self.said)
            if started and self.pressed is None and self.clock() >= self.free_at + 1:
                self.pressed = self.clock()
                return "n"
            return super().wait(seconds, takes)

    listener = Skipper(clock, tmp_path)
    Plain(listener, None, starter=starter, clock=clock).play(exercise, starter)
    assert listener.pressed is not None
    after = [(at, text) for at, text in listener.said if at >= listener.pressed]
    assert after[0] == (listener.pressed, "Breathe in, breath 1 of 15")
    assert after[1][1].startswith("Gently in for 4")


def test_the_guess_at_speaking_time_is_never_much_shorter_than_the_voice(tmp_path: Path) -> None:
    """The driver's pacing rests on a guess (no voice is run while practising): it must not
    be shorter than espeak-ng by more than a quarter second on the lines plain mode says."""
    heard, _, _ = _heard("longer-out-breath", tmp_path)
    for _, _, text in heard:
        assert speaking_seconds(text) >= spoken(text, tmp_path) - 0.25, text
