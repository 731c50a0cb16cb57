"""What a screen asks of the app: typed messages that bubble up (as Toolong's do), rather than
method calls with command strings. The app answers each one in a handler of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.message import Message

if TYPE_CHECKING:
    from regulate.core.practice import Command
    from regulate.domain.model import Exercise, Pack
    from regulate.timeline import CheckInAnswer


class OpenExercise(Message):
    """A person chose an exercise: the app walks them from its preview to the summary."""

    def __init__(self, pack: Pack | None, exercise: Exercise) -> None:
        super().__init__()
        self.pack = pack
        self.exercise = exercise


class PracticeCommand(Message):
    """A key in the exercise asks the practice core for one of its commands."""

    command: ClassVar[Command]


class Pause(PracticeCommand):
    command = "pause"


class Next(PracticeCommand):
    command = "next"


class LookAround(PracticeCommand):
    command = "look_around"


class SkipHolds(PracticeCommand):
    command = "skip_holds"


class StopPractice(Message):
    """esc in the exercise: stop at once, keep the session as stopped."""


class AnswerCheckIn(Message):
    """An answer at a check-in: keep going, or skip to the end."""

    def __init__(self, answer: CheckInAnswer) -> None:
        super().__init__()
        self.answer = answer


class GuideChosen(Message):
    """g in a breathing exercise: the guide as a round shape, or as a one-line bar."""

    def __init__(self, shape: bool) -> None:
        super().__init__()
        self.shape = shape
