"""The script of a session, written once for every front end.

A session is: the preview, the before-rating (esc goes back to the preview), support first when
that rating is low (with a gentler exercise offered), the exercise itself, the stopped screen
when it was stopped, the after-rating, a note, and the summary with care words and the settle
offer when it felt worse. A settle exercise chosen at the end is the next session.

The script asks for what it needs by yielding a request (`Preview`, `RateCalm`, `OfferSupport`,
`Play`, `AfterStop`, `AskNote`, `Summary`, `SessionOver`) and receives the person's answer. The
full-screen app answers each with a screen, plain mode with lines; a third front end would be a
third driver, never a third copy of the sequence. The decisions (what counts as low, when it felt
worse) live here too; the words for them live in `phrases`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Literal

from regulate import phrases
from regulate.core.practice import Practice, Settle, scale_for, settle_offer, support_for
from regulate.model import Exercise, Pack, RatingScale, Support


class Back:
    """The person went back (esc on the rating): the preview again."""

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()

Care = Literal["worse", "low"]
SupportChoice = Literal["continue", "settle", "stop"]
Outcome = Literal["completed", "stopped"]


# ------------------------------------------------------------ the decisions


def is_low(rating: int | None, scale: RatingScale) -> bool:
    """A rating at or below the pack's threshold (2 unless the therapist said otherwise)."""
    return rating is not None and rating <= scale.threshold


def care_needed(before: int | None, after: int | None, scale: RatingScale) -> Care | None:
    """Whether the summary meets the person with care, and which: a drop of 2 or more is a
    worsening; a low after-rating that did not drop (2 -> 3) is a low moment. A skipped
    after-rating assumes nothing."""
    if after is None:
        return None
    if before is not None and after <= before - 2:
        return "worse"
    if is_low(after, scale):
        return "low"
    return None


# ------------------------------------------------------------ what the script asks


@dataclass(frozen=True)
class Preview:
    """What the exercise asks and how long it takes; the answer: start (True) or not."""

    pack: Pack | None
    exercise: Exercise


@dataclass(frozen=True)
class RateCalm:
    """The calm rating; the answer: 0-10, None when skipped, or BACK."""

    scale: RatingScale
    when: Literal["before", "after"]


@dataclass(frozen=True)
class OfferSupport:
    """A low moment before starting: the support text, with a gentler exercise if there is
    one; the answer: 'continue', 'settle' or 'stop'."""

    support: Support
    settle: Exercise | None


@dataclass(frozen=True)
class Play:
    """The exercise itself (the practice not yet begun); the answer: how it ended."""

    practice: Practice
    before: int | None


@dataclass(frozen=True)
class AfterStop:
    """The neutral stopped screen; the answer: 'rate' (say how they feel) or 'home'."""

    can_rate: bool


@dataclass(frozen=True)
class AskNote:
    """A short note, if they like; the answer: the text, or None."""


@dataclass(frozen=True)
class Summary:
    """Before -> after, with care words and support when it felt worse; the answer:
    'settle' to try the settle exercise now, else anything."""

    before: int | None
    after: int | None
    care: Care | None
    settle: Exercise | None
    support: Support


@dataclass(frozen=True)
class SessionOver:
    """One session is over (kept in the history by now or soon); the answer is not used."""

    practice: Practice | None


Ask = Preview | RateCalm | OfferSupport | Play | AfterStop | AskNote | Summary | SessionOver
Script = Generator[Ask, object, None]


@dataclass(frozen=True)
class Setting:
    """What a session needs from its front end: the starter pack (whose support text and
    settle exercise stand in for a pack's own) and a way to make a practice (the front end's
    history, sound, clock and speed)."""

    starter: Pack | None
    practice: Callable[[Exercise, Pack | None], Practice]


# ------------------------------------------------------------ the script


def sessions(pack: Pack | None, exercise: Exercise, setting: Setting) -> Script:
    """One session, and then each settle exercise the person chooses at its end."""
    chosen: Settle | None = Settle(pack, exercise)
    while chosen is not None:
        chosen, practice = yield from _session(chosen.pack, chosen.exercise, setting)
        yield SessionOver(practice)


def _session(
    pack: Pack | None, exercise: Exercise, setting: Setting
) -> Generator[Ask, object, tuple[Settle | None, Practice | None]]:
    scale = scale_for(pack)
    before = yield from _before(pack, exercise, scale)
    if isinstance(before, Back):
        return None, None
    if is_low(before, scale):
        offer = settle_offer(pack, setting.starter, exercise)
        shown = offer.exercise if offer is not None else None
        choice = yield OfferSupport(support_for(pack, setting.starter), shown)
        if choice == "settle" and offer is not None:
            pack, exercise = offer.pack, offer.exercise
        elif choice != "continue":
            # rated, not started: kept as what it was, so the hardest moments are not lost
            declined = setting.practice(exercise, pack)
            declined.not_started(before)
            return None, declined
    practice = setting.practice(exercise, pack)
    outcome = yield Play(practice, before)
    if outcome == "stopped" and (yield AfterStop(exercise.rating)) != "rate":
        return None, practice
    after: int | None = None
    if exercise.rating:
        rated = yield RateCalm(scale_for(pack), "after")
        if isinstance(rated, Back):
            return None, practice  # the session is kept; nothing more is asked
        after = _rating(rated)
        practice.rate_after(after)  # kept at once: a note that goes wrong can't lose it
    note = yield AskNote()
    if isinstance(note, str) and note.strip():
        practice.rate_after(after, note.strip()[: phrases.NOTE_LIMIT])
    if not exercise.rating:
        return None, practice
    care = care_needed(practice.before, after, scale_for(pack))
    settle = settle_offer(pack, setting.starter, exercise) if care is not None else None
    shown = settle.exercise if settle is not None else None
    choice = yield Summary(practice.before, after, care, shown, support_for(pack, setting.starter))
    return (settle if choice == "settle" else None), practice


def _before(
    pack: Pack | None, exercise: Exercise, scale: RatingScale
) -> Generator[Ask, object, int | Back | None]:
    """The preview and, if the exercise asks, the before-rating; going back from the rating
    shows the preview again, and nothing starts until the person says so."""
    while (yield Preview(pack, exercise)):
        if not exercise.rating:
            return None
        rated = yield RateCalm(scale, "before")
        if not isinstance(rated, Back):
            return _rating(rated)
    return BACK


def _rating(answer: object) -> int | None:
    """A rating as the script keeps it: a whole number 0-10, or None (skipped)."""
    if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer <= 10:
        return answer
    return None


def drive(script: Script, answer: Callable[[Ask], object]) -> None:
    """Run a script to its end with a front end that answers each request as it comes."""
    reply: object = None
    while True:
        try:
            ask = script.send(reply)
        except StopIteration:
            return
        reply = answer(ask)
