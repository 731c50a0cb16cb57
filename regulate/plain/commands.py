"""The commands plain mode reads while an exercise runs: a letter, an English word, or the
same word in the language spoken ('pausa', 'parar'), each naming one of the practice's
commands."""

from __future__ import annotations

from regulate.core.practice import Command
from regulate.i18n import N_, _
from regulate.plain.prompts import HELP_WORDS, said

LETTERS: dict[str, Command] = {
    "p": "pause",
    "n": "next",
    "o": "look_around",
    "h": "skip_holds",
    "s": "support",
    "q": "stop",
}
WORDS: dict[str, Command] = {
    "pause": "pause",
    "next": "next",
    "look": "look_around",
    "holds": "skip_holds",
    "support": "support",
    "stop": "stop",
}
# the same words in the language spoken, as a person may type them ('pausa', 'parar')
SPOKEN_WORDS: dict[str, Command] = {
    N_("pause"): "pause",
    N_("next"): "next",
    N_("look"): "look_around",
    N_("holds"): "skip_holds",
    N_("support"): "support",
    N_("stop"): "stop",
}


def spoken_command(text: str) -> Command | None:
    return next((name for word, name in SPOKEN_WORDS.items() if _(word) == text), None)


def is_command(line: str) -> bool:
    """Whether a line is one of the commands read while the exercise runs (from a pipe, other
    lines wait for the question they answer)."""
    text = line.strip().lower()
    if text in ("m", "sound", _("sound")) or said(text, HELP_WORDS):
        return True
    return bool(LETTERS.get(text) or WORDS.get(text) or spoken_command(text))


def resumes(line: str) -> bool:
    """What is read while paused: a command, or Enter (which carries on)."""
    return is_command(line) or not line.strip()
