"""The pack model: what a loaded pack and its exercises are. Plain frozen data, no behaviour
beyond the arithmetic every screen must agree on (planned durations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from regulate.domain.problems import START, Pos
from regulate.i18n import N_, _

FORMAT_VERSION = 1
KINDS = ("grounding", "breathing", "body_scan", "mixed")
Kind = Literal["grounding", "breathing", "body_scan", "mixed"]
BUNDLED_CUES = ("bell", "chime", "soft", "inhale", "exhale")


@dataclass(frozen=True)
class Sound:
    """A bundled cue (by name) or a recording of the pack's own (by resolved path)."""

    name: str | None = None
    path: Path | None = None
    seconds: float | None = field(default=None, compare=False)  # a recording's length

    def __str__(self) -> str:
        return self.name if self.name else str(self.path)


@dataclass(frozen=True)
class Cues:
    start: Sound | None = Sound("bell")
    step: Sound | None = Sound("chime")
    breath: Sound | None = None
    end: Sound | None = Sound("bell")


@dataclass(frozen=True)
class Prompt:
    text: str
    seconds: float
    audio: Sound | None = None
    cue: Sound | None = None  # the cue at this step's start (the exercise's, unless overridden)
    at: Pos = START
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Breathe:
    inhale: float
    exhale: float
    cycles: int
    hold: float = 0.0
    pause: float = 0.0
    text: str | None = None
    audio: Sound | None = None
    cue: Sound | None = None
    at: Pos = START
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.pause

    @property
    def has_holds(self) -> bool:
        return self.hold > 0 or self.pause > 0

    @property
    def seconds(self) -> float:
        return self.cycles * self.cycle_seconds


SCAN_TEXT = N_("Notice your {region}.")  # a scan's words when its pack gives none


@dataclass(frozen=True)
class Scan:
    regions: tuple[str, ...]
    each: float
    text: str = ""  # "" is the program's own words, in the language shown (SCAN_TEXT)
    audio: Sound | None = None
    cue: Sound | None = None
    at: Pos = START
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    @property
    def seconds(self) -> float:
        return len(self.regions) * self.each

    def region_text(self, region: str) -> str:
        return (self.text or _(SCAN_TEXT)).replace("{region}", region)


@dataclass(frozen=True)
class CheckIn:
    text: str
    cue: Sound | None = None
    at: Pos = START
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    @property
    def seconds(self) -> float:
        return 0.0  # timed by the person, not the clock


Step = Prompt | Breathe | Scan | CheckIn


@dataclass(frozen=True)
class Exercise:
    id: str  # the file name without .yaml
    title: str
    kind: Kind
    steps: tuple[Step, ...]
    about: str | None = None
    language: str | None = None  # the BCP 47 tag its text is written in, when it says
    tags: tuple[str, ...] = ()
    rating: bool = True
    cues: Cues = Cues()
    source: Path | None = None
    sha256: str = ""
    at: Pos = START
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    @property
    def seconds(self) -> float:
        """The planned total: the sum of the step times (check-ins wait for the person)."""
        return sum(step.seconds for step in self.steps)

    @property
    def has_holds(self) -> bool:
        return any(isinstance(s, Breathe) and s.has_holds for s in self.steps)


@dataclass(frozen=True)
class RatingScale:
    # the program's own words, in English; shown translated (phrases.scale_words)
    question: str = N_("How calm do you feel right now?")
    low: str = N_("Not calm at all - overwhelmed, very tense, or shut down")
    mid: str | None = N_("Partly calm - some unease, but manageable")
    high: str = N_("Completely calm, settled and present")
    threshold: int = 2  # a rating at or below this counts as low


DEFAULT_RATING = RatingScale()


@dataclass(frozen=True)
class Support:
    text: str  # shown every time: words that fit any moment
    contact: str | None = None
    emergency: str | None = None
    reviewed: dt.date | None = None
    # words for one moment, shown before `text`: after a low rating before starting (nothing
    # has happened yet), and after an exercise that felt harder or was stopped
    before: str | None = None
    after: str | None = None


# Shown when a pack has no support of its own: only what holds everywhere (docs/CONTENT.md), naming
# no country and no number. The words for feeling worse are the app's own (phrases.WORSE).
DEFAULT_SUPPORT = Support(
    text=N_(
        "regulate is not an emergency service. If you are in danger, contact your local "
        "emergency number."
    )
)


@dataclass(frozen=True)
class Homework:
    times: int
    per: Literal["day", "week"]
    start: dt.date | None = None  # 'from' in the file
    until: dt.date | None = None


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    author: str | None = None
    language: str | None = None  # the BCP 47 tag its text is written in, when it says
    message: str | None = None
    homework: Homework | None = None
    rating: RatingScale = DEFAULT_RATING
    support: Support | None = None  # None: the pack has none; screens show DEFAULT_SUPPORT
    settle: str | None = None  # id of the exercise offered beside the support text
    folder: Path | None = None
    at: Pos = START
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    @property
    def support_or_default(self) -> Support:
        return self.support or DEFAULT_SUPPORT
