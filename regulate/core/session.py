"""The script of a session, written once for every front end.

A session is: the preview, the before-rating (esc goes back to the preview), support first when
that rating is low (with the settle exercise offered - first, for breath or body work), the
exercise itself, the stopped screen when it was stopped (a look around the room, the pack's
words, the settle exercise, an optional rating), the after-rating, and then - care before the
note - the summary with care words and the settle offer when it felt worse or is low, else the
note and then the summary. A settle exercise chosen along the way is the next session, linked
to the one it was chosen after; chosen after a rating, it takes that rating as its before.

The script asks for what it needs by yielding a request (`Preview`, `RateCalm`, `OfferSupport`,
`Play`, `AfterStop`, `AskNote`, `Summary`, `SessionOver`) and receives the person's answer. The
full-screen app answers each with a screen, plain mode with lines; a third front end would be a
third driver, never a third copy of the sequence. The decisions (what counts as low, when it felt
worse) live here too; the words for them live in `phrases`.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Literal

from regulate.core.practice import Practice, Settle, scale_for, settle_offer, support_for
from regulate.domain import phrases
from regulate.domain.model import Exercise, Pack, RatingScale, Support


class Back(enum.Enum):
    """The person went back (esc on the rating): the preview again."""

    BACK = "back"

    def __repr__(self) -> str:
        return "BACK"


BACK = Back.BACK

Care = Literal["worse", "low", "dip"]
FULLER: tuple[Care, ...] = ("worse", "low")  # support and the settle exercise offered


# ------------------------------------------------------------ the answers
# Each request's answer is one of these (or a rating, a note): a value of its own type, so a
# driver that answers a request with something else is caught by mypy, not by a person. The
# values are the ids of the app's buttons, which the app's driver turns into them.


class PreviewChoice(enum.Enum):
    """The preview's answer: start, rate again (rather than take the carried rating), leave."""

    START = "start"
    RATE = "rate"
    LEAVE = "leave"


class SupportChoice(enum.Enum):
    """The answer to the support offered at a low moment before starting."""

    CONTINUE = "continue"
    SETTLE = "settle"
    STOP = "stop"


class Ending(enum.Enum):
    """How the exercise ended (the answer to `Play`)."""

    COMPLETED = "completed"
    STOPPED = "stopped"


class StopChoice(enum.Enum):
    """The way on from the stopped screen."""

    SETTLE = "settle"
    RATE = "rate"
    HOME = "home"


class SummaryChoice(enum.Enum):
    """The way on from the summary: the settle exercise now, or home."""

    SETTLE = "settle"
    HOME = "home"


# ------------------------------------------------------------ the decisions


def is_low(rating: int | None, scale: RatingScale) -> bool:
    """A rating at or below the pack's threshold (2 unless the therapist said otherwise)."""
    return rating is not None and rating <= scale.threshold


def care_needed(before: int | None, after: int | None, scale: RatingScale) -> Care | None:
    """How the summary meets the person, calibrated: a drop of 3 or more, or of 2 to a low
    rating, is a worsening ('worse'); a low after-rating that did not drop is a low moment
    ('low'); a smaller drop (2, not low) gets one neutral line ('dip'). A skipped
    after-rating assumes nothing."""
    if after is None:
        return None
    drop = 0 if before is None else before - after
    if drop >= 3 or (drop >= 2 and is_low(after, scale)):
        return "worse"
    if is_low(after, scale):
        return "low"
    if drop >= 2:
        return "dip"
    return None


def settle_first(exercise: Exercise) -> bool:
    """After a low before-rating, breath or body work is not the first thing offered."""
    return exercise.kind in ("breathing", "body_scan")


# ------------------------------------------------------------ what the script asks


@dataclass(frozen=True)
class Preview:
    """What the exercise asks and how long it takes; the answer: a `PreviewChoice` - start,
    leave, or RATE to give a new before-rating rather than the `carried` one (a settle
    exercise chosen after a rating takes that rating, and says so)."""

    pack: Pack | None
    exercise: Exercise
    carried: int | None = None


@dataclass(frozen=True)
class RateCalm:
    """The calm rating; the answer: 0-10, None when skipped, or BACK."""

    scale: RatingScale
    when: Literal["before", "after"]


@dataclass(frozen=True)
class OfferSupport:
    """A low moment before starting: the support text, with a gentler exercise if there is
    one (`settle_first`: offered first, Enter's default); the answer: a `SupportChoice`."""

    support: Support
    settle: Exercise | None
    settle_first: bool = False


@dataclass(frozen=True)
class Play:
    """The exercise itself (the practice not yet begun); the answer: how it ended (`Ending`)."""

    practice: Practice
    before: int | None


@dataclass(frozen=True)
class AfterStop:
    """The stopped screen, neutral and caring: a look around the room, the pack's words for
    after a stop and its support text, the settle exercise first; the answer: a `StopChoice`."""

    can_rate: bool
    support: Support
    settle: Exercise | None


@dataclass(frozen=True)
class AskNote:
    """A short note, if they like; the answer: the text, or None."""


@dataclass(frozen=True)
class Summary:
    """Before -> after, with care words (support and the settle exercise when it felt worse
    or is low, one line after a smaller drop); `note_next` when the note is asked after it;
    the answer: a `SummaryChoice`."""

    before: int | None
    after: int | None
    care: Care | None
    settle: Exercise | None
    support: Support
    kind: str = ""  # the exercise's kind: the words after a drop fit it
    note_next: bool = False


@dataclass(frozen=True)
class SessionOver:
    """One session is over (kept in the history by now or soon); the answer is not used."""

    practice: Practice | None


Ask = Preview | RateCalm | OfferSupport | Play | AfterStop | AskNote | Summary | SessionOver
# every answer the script receives; None: a skipped rating or note, or SessionOver's answer
Answer = (
    PreviewChoice | int | Back | SupportChoice | Ending | StopChoice | SummaryChoice | str | None
)
Script = Generator[Ask, Answer, None]


@dataclass(frozen=True)
class SessionNeeds:
    """What a session needs from its front end: the starter pack (whose support text and
    settle exercise stand in for a pack's own) and a way to make a practice (the front end's
    history, sound, clock and speed)."""

    starter: Pack | None
    practice: Callable[[Exercise, Pack | None], Practice]


# ------------------------------------------------------------ the script


@dataclass(frozen=True)
class _Start:
    """A session to begin: its exercise, the session it was chosen after, and the rating it
    takes from there (None: asked as usual)."""

    chosen: Settle
    follows: Practice | None = None
    carried: int | None = None


def sessions(pack: Pack | None, exercise: Exercise, setting: SessionNeeds) -> Script:
    """One session, and then each settle exercise the person chooses along the way."""
    start: _Start | None = _Start(Settle(pack, exercise))
    while start is not None:
        start, practice = yield from _session(start, setting)
        yield SessionOver(practice)


def _session(
    start: _Start, setting: SessionNeeds
) -> Generator[Ask, Answer, tuple[_Start | None, Practice | None]]:
    pack, exercise, follows = start.chosen.pack, start.chosen.exercise, start.follows
    scale = scale_for(pack)
    before = yield from _before(pack, exercise, scale, start.carried)
    if isinstance(before, Back):
        return None, None
    chosen_low: str | None = None
    # a settle exercise chosen at a hard moment has just shown the support: not again
    if is_low(before, scale) and follows is None:
        offer = settle_offer(pack, setting.starter, exercise)
        shown = offer.exercise if offer is not None else None
        first = shown is not None and settle_first(exercise)
        choice = yield OfferSupport(support_for(pack, setting.starter), shown, first)
        if choice is SupportChoice.CONTINUE:
            chosen_low = "continued_low"
        else:
            # rated, not started: kept as what it was, so the hardest moments are not lost -
            # with the settle exercise, when chosen, linked to it
            declined = setting.practice(exercise, pack)
            declined.follow(follows)
            if choice is SupportChoice.SETTLE and offer is not None:
                declined.choose("settle")
            declined.not_started(before)
            if choice is not SupportChoice.SETTLE or offer is None:
                return None, declined
            pack, exercise, follows = offer.pack, offer.exercise, declined
    practice = setting.practice(exercise, pack)
    practice.follow(follows)
    if chosen_low is not None:
        practice.choose(chosen_low)
    outcome = yield Play(practice, before)
    if outcome is Ending.STOPPED:
        stop_settle = settle_offer(pack, setting.starter, exercise)
        shown = stop_settle.exercise if stop_settle is not None else None
        support = support_for(pack, setting.starter)
        after_stop = yield AfterStop(exercise.rating, support, shown)
        if after_stop is StopChoice.SETTLE and stop_settle is not None:
            practice.choose("settle")
            return _Start(stop_settle, practice), practice
        if after_stop is not StopChoice.RATE:
            return None, practice
    after: int | None = None
    if exercise.rating:
        rated = yield RateCalm(scale_for(pack), "after")
        if isinstance(rated, Back):
            return None, practice  # the session is kept; nothing more is asked
        after = _rating(rated)
        practice.rate_after(after)  # kept at once: a note that goes wrong can't lose it
    care = care_needed(practice.before, after, scale) if exercise.rating else None
    settle = settle_offer(pack, setting.starter, exercise) if care in FULLER else None
    shown = settle.exercise if settle is not None else None
    support = support_for(pack, setting.starter)
    if care is not None:
        # care comes before the note: a drop or a low moment is met first
        choice = yield Summary(practice.before, after, care, shown, support, exercise.kind, True)
        if choice is SummaryChoice.SETTLE and settle is not None:
            practice.choose("settle")
            return _Start(settle, practice, after), practice
    note = yield AskNote()
    if isinstance(note, str) and (kept := phrases.note_as_kept(note)):
        practice.rate_after(after, kept)
    if exercise.rating and care is None:
        yield Summary(practice.before, after, None, None, support, exercise.kind)
    return None, practice


def _before(
    pack: Pack | None, exercise: Exercise, scale: RatingScale, carried: int | None = None
) -> Generator[Ask, Answer, int | Back | None]:
    """The preview and, if the exercise asks, the before-rating (or the one `carried` from
    the session before, unless the person asks to rate again); going back from the rating
    shows the preview again, and nothing starts until the person says so."""
    kept = carried if exercise.rating else None
    while (answer := (yield Preview(pack, exercise, kept))) in _WAYS_IN:
        if not exercise.rating:
            return None
        if kept is not None and answer is not PreviewChoice.RATE:
            return kept
        rated = yield RateCalm(scale, "before")
        if not isinstance(rated, Back):
            return _rating(rated)
    return BACK


_WAYS_IN = (PreviewChoice.START, PreviewChoice.RATE)


def _rating(answer: object) -> int | None:
    """A rating as the script keeps it: a whole number 0-10, or None (skipped)."""
    if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer <= 10:
        return answer
    return None


def drive(script: Script, answer: Callable[[Ask], Answer]) -> None:
    """Run a script to its end with a front end that answers each request as it comes."""
    reply: Answer = None
    while True:
        try:
            ask = script.send(reply)
        except StopIteration:
            return
        reply = answer(ask)


async def drive_async(script: Script, answer: Callable[[Ask], Awaitable[Answer]]) -> None:
    """`drive` for a front end that awaits each answer (the app's screens); the script is
    closed however it ends (a worker cancelled, a fault)."""
    reply: Answer = None
    try:
        while True:
            try:
                ask = script.send(reply)
            except StopIteration:
                return
            reply = await answer(ask)
    finally:
        script.close()
