"""Plain mode as a place a person comes back to, as the app's home is: the packs (the
therapist's first), a pack read out with its exercises, a session, and then the list it came
from again - until q or the end of input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from regulate.core.shelf import PackWords
from regulate.domain.model import Pack
from regulate.i18n import _
from regulate.plain.driver import LEAVING_KEPT, Plain
from regulate.plain.questions import choose_exercise, choose_pack, read_pack


@dataclass(frozen=True)
class Shelf:
    """What the home reads from outside: the packs in their order, the words of a pack (its
    homework counted from the history as it is now), and the language to speak for a pack
    (or for the list of packs, with None)."""

    packs: list[Pack]
    words: Callable[[Pack], PackWords]
    speak: Callable[[Pack | None], None]


def home(front: Plain, shelf: Shelf, pack: Pack | None = None) -> int:
    """The lists and the sessions chosen from them; the exit code (0; 130 after Ctrl+C, after
    which the run ends; 143/129 after a signal). With `pack`, that pack's list only."""
    console = front.console
    try:
        while True:
            chosen = pack if pack is not None else _pack(front, shelf)
            if chosen is None:
                break
            code = _exercises(front, shelf, chosen, back=pack is None and len(shelf.packs) > 1)
            if code:
                return code
            if pack is not None or len(shelf.packs) <= 1 or console.ended:
                break
    except KeyboardInterrupt:
        if front.played:  # leaving at a list: what was done is kept, said in one line
            console.write(_(LEAVING_KEPT))
        return 130
    if not front.played:
        console.write(_("No exercise chosen. That is fine."))
    return 0


def _pack(front: Plain, shelf: Shelf) -> Pack | None:
    if not shelf.packs:
        return None
    shelf.speak(None)
    front.pack_here = shelf.packs[0]  # s at the list: the therapist's words, as the app opens
    if len(shelf.packs) == 1:
        return shelf.packs[0]
    return choose_pack(front.console, shelf.packs)


def _exercises(front: Plain, shelf: Shelf, pack: Pack, back: bool) -> int:
    """A pack's exercises, and each session chosen from them, until q or the end of input."""
    console = front.console
    shelf.speak(pack)
    read_pack(console, shelf.words(pack))
    while True:
        front.pack_here = pack
        exercise = choose_exercise(console, pack, back=back)
        if exercise is None:
            return 0
        code = front.play(exercise, pack)
        if code or console.ended:
            return code
        shelf.speak(pack)
        console.write(_("Back to the exercises of {pack}.").format(pack=pack.name))
