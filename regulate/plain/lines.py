"""What plain mode says during an exercise, written for a listener: a screen reader speaks each
line in turn, so the words that matter come first, breath words are short and said as the phase
begins, and times come where they help (at the end of a line, or not at all).

A line the listener could not hear in time is better left unsaid than heard late: breath words
are 'paced' - the driver drops one while the words before it are still being spoken - except a
step's first breath, said first and whole ('Breathe in, breath 1 of 15'), its words after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from regulate.audio import Silent
from regulate.core.practice import Practice
from regulate.domain import phrases
from regulate.domain.durations import minutes_seconds
from regulate.domain.model import Sound
from regulate.i18n import N_, _
from regulate.timeline import PHASE_WORDS, Event, interlude_text

BREATHS = ("inhale", "hold", "exhale", "pause")
COUNT_EVERY = 5  # the breath count is said on the first breath, every fifth and the last
# How long a line takes to say, roughly: espeak-ng (the voice Orca uses) at its default rate
# says about 15.5 characters a second, and a short word takes about half a second
# (measured with `espeak-ng -w`; tests/test_plain_listening.py checks against the real voice)
SPEECH_START_SECONDS = 0.35
SPEECH_CHARS_PER_SECOND = 14.0


LOOK_AROUND_KEYS = N_(
    "When you are ready, press Enter to go back to the exercise, or type q and press Enter to stop."
)


@dataclass(frozen=True)
class SpokenLine:
    text: str
    paced: bool = False  # a breath word: said only if it can be heard as its phase begins


def speaking_seconds(text: str) -> float:
    """A generous guess at how long a screen reader takes to say `text`."""
    return sum(
        SPEECH_START_SECONDS + len(part) / SPEECH_CHARS_PER_SECOND
        for part in text.splitlines()
        if part.strip()
    )


def where(practice: Practice) -> str:
    """'1:20 of 3:00': how far into the exercise, for the lines where that helps."""
    timeline = practice.timeline
    return _("{at} of {total}").format(
        at=minutes_seconds(timeline.position_now(), "down"),
        total=minutes_seconds(timeline.total, "up"),
    )


def lines_for(practice: Practice, event: Event) -> list[SpokenLine]:
    """The lines for one event of the exercise."""
    if event.kind == "start":
        return [SpokenLine(_("Starting."))]  # the total was said just before, with the exercise
    if event.kind == "end":
        return [SpokenLine(_("That is the end of the exercise."))]
    if event.kind == "interlude":
        return [SpokenLine(f"{interlude_text()} {_(LOOK_AROUND_KEYS)}")]
    if event.kind == "resume":
        return [SpokenLine(_("Carrying on."))]
    seg = event.segment
    if seg is None:
        return []
    left = max(1, round(seg.duration))
    if seg.kind in BREATHS:
        # a step's first breath is its first instruction: said first and whole, never
        # dropped (a later count is dropped instead); the step's words follow it, heard while
        # that breath is taken, so the pacing begins on the right half of the breath
        first = event.kind == "step"
        said = [] if _sound_paces(practice, event) else [
            SpokenLine(_breath_word(seg.kind, seg.cycle, seg.cycles), paced=not first)
        ]  # fmt: skip
        if first and seg.text:
            said.append(SpokenLine(seg.text))
        return said
    if seg.kind == "region":
        text = _("{text} ({number} of {regions}, {left} seconds)").format(
            text=seg.text, number=seg.region_index, regions=seg.regions, left=left
        )
    elif seg.kind == "check_in":
        return []  # said with its answers, as one question (the driver asks it)
    else:
        text = _("{text} ({left} seconds)").format(text=seg.text, left=left)
    recording = getattr(practice.exercise.steps[seg.step], "audio", None)
    silent = isinstance(practice.player, Silent) and practice.voices
    if event.kind == "step" and recording is not None and silent:
        text += f" ({_(phrases.RECORDING_SILENT_PLAIN)})"
    return [SpokenLine(text)]


def _breath_word(kind: str, cycle: int, cycles: int) -> str:
    word = _(PHASE_WORDS[kind])
    if kind == "inhale" and (cycle == 1 or cycle == cycles or cycle % COUNT_EVERY == 0):
        return _("{phase}, breath {cycle} of {cycles}").format(
            phase=word, cycle=cycle, cycles=cycles
        )
    return word


def _sound_paces(practice: Practice, event: Event) -> bool:
    """Sound carries the pacing when it is heard and the in-breath and out-breath cues differ
    (the rising and falling cues): then no breath words are said over it."""
    return not isinstance(practice.player, Silent) and event.cue in (
        Sound("inhale"),
        Sound("exhale"),
    )
