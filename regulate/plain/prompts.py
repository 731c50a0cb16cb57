"""What every plain question also takes, wherever it is asked: s (the support text and
contact), m (sound on or off) and ? or help (the keys that work here, in one line). Each is
acted on and the question waits again, so a person never has to start an exercise to reach
their therapist's words, and nothing they type for these is taken as an answer."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from regulate.i18n import N_, _
from regulate.plain.console import Console

SUPPORT_WORDS = ("s", "support", N_("support"))
SOUND_WORDS = ("m", "sound", N_("sound"))
HELP_WORDS = ("?", "help", N_("help"))
# q, and the words a person may type to go back or leave, in English and in the language spoken
LEAVE_WORDS = ("q", "quit", "stop", "back", N_("stop"), N_("back"))

ANY_QUESTION = N_(
    "At any question: s shows your support text, m turns sound on or off, ? says the keys."
)


# answers in a row that answer nothing, from a pipe or a file, before its input is taken as
# ended: `yes | regulate play --plain` was asked the same question forever
NOT_UNDERSTOOD = 3
GAVE_UP = N_(
    "The last {n} lines did not answer this question, so regulate stops asking here, as it "
    "does when the input ends."
)
# paused when the input ends: no one can carry it on, so it ends there
ENDED_PAUSED = N_(
    "The input ended while the exercise was paused, so it ends here. Your session is kept."
)


def gave_up(console: Console, misses: int) -> bool:
    """True, with a sentence, after `misses` answers in a row that answered nothing when no
    person is typing them (input from a pipe or a file): the input is then taken as ended, and
    plain mode goes on as at its end. At a terminal a person is asked again, however often:
    nobody is turned out for typing something else."""
    if console.interactive or misses < NOT_UNDERSTOOD:
        return False
    console.write(_(GAVE_UP).format(n=misses))
    end: Callable[[], None] | None = getattr(console, "end", None)
    if end is not None:
        end()
    return True


def said(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` is one of `words`, as typed (any case) or in the language spoken."""
    typed = text.strip().lower()
    return any(typed in (word, _(word).lower()) for word in words)


class Prompting:
    """A console whose questions also take s, m and ? (see the module). The front end says
    what s and m do (`support`, `sound`); until it does, they are answers like any other."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.support: Callable[[], None] | None = None
        self.sound: Callable[[], None] | None = None
        self.misses = 0  # lines in a row that did nothing where a command was waited for

    @property
    def interactive(self) -> bool:
        return self.console.interactive

    @property
    def ended(self) -> bool:
        return bool(getattr(self.console, "ended", False))

    def write(self, text: str) -> None:
        self.console.write(text)

    def ask(self) -> str | None:
        return self.console.ask()

    def wait(self, seconds: float, takes: Callable[[str], bool] | None = None) -> str | None:
        return self.console.wait(seconds, takes)

    def end(self) -> None:
        end: Callable[[], None] | None = getattr(self.console, "end", None)
        if end is not None:
            end()

    def held(self, takes: Callable[[str], bool]) -> bool:
        """Whether nothing more can be read while the exercise runs: the input has ended, or
        (from a pipe) its next line is one `takes` refuses, left for a later question."""
        held: Callable[[Callable[[str], bool]], bool] | None = getattr(self.console, "held", None)
        return self.ended or (held is not None and held(takes))

    def missed(self, did_nothing: bool) -> bool:
        """Count a line read where a command was waited for (a look-around); True, with
        gave_up's sentence, once a few in a row from a pipe did nothing (`yes`): the input is
        then taken as ended, so that wait is not kept up for ever."""
        self.misses = self.misses + 1 if did_nothing else 0
        if gave_up(self, self.misses):
            self.misses = 0
            return True
        return False

    def ask_at(self, here: str) -> str | None:
        """The answer to the question just asked; `here` is what it takes, said on ? (and
        again after the support text, so the question is not lost under it). From a pipe,
        s, m and ? over and over answer nothing either: after a few, the input has ended."""
        for misses in itertools.count():
            if gave_up(self, misses):
                return None
            line = self.console.ask()
            if line is None:
                return None
            if said(line, HELP_WORDS):
                self.write(f"{here} {_(ANY_QUESTION)}")
            elif said(line, SUPPORT_WORDS) and self.support is not None:
                self.support()
                self.write(here)
            elif said(line, SOUND_WORDS) and self.sound is not None:
                self.sound()
            else:
                return line
        return None  # pragma: no cover - the count above never ends


def ask_at(console: Console, here: str) -> str | None:
    """Ask through `console`: a Prompting one also takes s, m and ?."""
    if isinstance(console, Prompting):
        return console.ask_at(here)
    return console.ask()
