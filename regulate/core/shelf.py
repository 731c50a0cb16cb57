"""A person's packs as every front end shows them: which pack opens first, and the words that
go with a pack (its name and author, the therapist's message, this week's homework) and with each
exercise in it. The app's home screen and plain mode's list both read them from here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from regulate.domain import homework, phrases
from regulate.domain.durations import minutes_seconds
from regulate.domain.model import Exercise, Pack
from regulate.i18n import _


@dataclass(frozen=True)
class PackWords:
    heading: str  # the pack's name, with who it is from
    message: str | None  # the therapist's note, as written
    plan: str | None  # 'Homework: once a day. 2 of 7 this week.' - never a shortfall


def pack_words(pack: Pack, practice_days: Iterable[dt.date] | None, today: dt.date) -> PackWords:
    """`practice_days` None: not known yet (the history is still being opened), so the plan
    says what is asked without a count that could be wrong."""
    heading = pack.name
    if pack.author:
        heading = _("{pack} - from {author}").format(pack=pack.name, author=pack.author)
    plan = None
    if pack.homework is not None:
        line = ""
        if practice_days is not None:
            line = homework.this_week(pack.homework, practice_days, today)
        asked = _("Homework: {plan}.").format(plan=homework.describe(pack.homework))
        plan = f"{asked} {line}".strip()
    return PackWords(heading, pack.message or None, plan)


def exercise_label(exercise: Exercise) -> str:
    return _("{title}  ({kind}, {time})").format(
        title=exercise.title,
        kind=phrases.kind_words(exercise.kind),
        time=minutes_seconds(exercise.seconds, "up"),
    )


def homework_running(pack: Pack, today: dt.date) -> bool:
    plan = pack.homework
    if plan is None:
        return False
    return (plan.start is None or plan.start <= today) and (
        plan.until is None or today <= plan.until
    )


def opening_order(
    packs: Sequence[Pack], today: dt.date, added: Callable[[Pack], float]
) -> list[Pack]:
    """The therapist's packs first: the one whose homework runs today, else the most recently
    added (`added` gives when); the starter pack (listed first in `packs`) last."""
    if len(packs) <= 1:
        return list(packs)
    starter, given = packs[0], list(packs[1:])
    given.sort(key=lambda p: (not homework_running(p, today), -added(p)))
    return [*given, starter]


def added_at(pack: Pack) -> float:
    """When a pack was added: its folder's time (0 for one without a folder)."""
    try:
        return pack.folder.stat().st_mtime if pack.folder is not None else 0.0
    except OSError:
        return 0.0
