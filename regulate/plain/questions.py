"""The questions plain mode asks (ratings, choices) and the lines it says about an exercise."""

from __future__ import annotations

import itertools

from regulate.core.session import BACK, Back, StopChoice, SupportChoice
from regulate.core.shelf import PackWords, exercise_label
from regulate.domain import phrases
from regulate.domain.model import Exercise, Pack, RatingScale, Support
from regulate.i18n import _
from regulate.plain.console import Console
from regulate.plain.prompts import LEAVE_WORDS, ask_at, gave_up, said

RATING_DIGITS = 2  # "10" at most: a longer line is not a rating


def parse_rating(text: str) -> int | None:
    """A whole number 0-10 typed in ASCII digits, else None ('²', '①', a long line: not one)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= RATING_DIGITS:
        value = int(text)
        return value if value <= 10 else None
    return None


def ask_note(console: Console) -> str | None:
    """The note after a session: None when skipped (Enter, q, or the end of input)."""
    asked = _("A short note for yourself, if you like (press Enter to skip):")
    console.write(asked)
    note = ask_at(console, asked)
    if note is None or said(note, LEAVE_WORDS):
        return None
    if cut := phrases.note_cut(note):  # never cut without a word
        console.write(cut)
    return note


def ask_rating(console: Console, scale: RatingScale, when: str) -> int | Back | None:
    """A rating 0-10, None when skipped (Enter, or the end of input), BACK on q or back:
    before the exercise that is the way back to the list, after it the end, the session kept."""
    scale = phrases.scale_words(scale)
    mid = f", 5 = {scale.mid}" if scale.mid else ""
    moment = _("before the exercise") if when == "before" else _("after the exercise")
    console.write(f"{scale.question} ({moment})")
    console.write(f"  0 = {scale.low}{mid}, 10 = {scale.high}")
    how = _("Type a whole number from 0 to 10 and press Enter, or press Enter to skip.")
    leave = (
        _("q goes back to the list; nothing is kept.")
        if when == "before"
        else _("q ends here; your session is kept.")
    )
    for misses in itertools.count(1):
        console.write(how)
        line = ask_at(console, f"{how} {leave}")
        if line is None or not line.strip():
            break
        if said(line, LEAVE_WORDS):
            return BACK
        value = parse_rating(line)
        if value is not None:
            return value
        console.write(
            _("{typed} is not a number from 0 to 10.").format(
                typed=phrases.quoted(line.strip(), 40)
            )
        )
        if gave_up(console, misses):
            break
    console.write(_("Rating skipped."))
    return None


def choose(
    console: Console,
    options: list[str],
    default: int = 0,
    question: str | None = None,
    leave: int | None = None,
) -> int:
    """One of `options`, by number (asked again after anything else; Enter alone or the end
    of input: the default; q: `leave`, when given). With a `question`, it and its answers
    are said as one line."""
    how = _("Type a number and press Enter (Enter alone: {choice}).").format(
        choice=options[default].lower()
    )
    here = how
    if leave is not None:
        here += " " + _("q: {choice}.").format(choice=options[leave].lower())
    numbered = [f"{i}: {option}" for i, option in enumerate(options, 1)]
    if question is not None:
        console.write(" ".join([question, *(f"{n}." for n in numbered), how]))
    else:
        for choice in numbered:
            console.write(f"  {choice}")
        console.write(how)
    for misses in itertools.count(1):
        line = ask_at(console, here)
        if line is None or not line.strip():
            break
        text = line.strip()
        if leave is not None and said(text, LEAVE_WORDS):
            return leave
        if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(options):
            return int(text) - 1
        console.write(_("Please type a number from 1 to {n}.").format(n=len(options)))
        if gave_up(console, misses):
            break
    return default


def show_support(console: Console, support: Support, moment: phrases.SupportMoment) -> None:
    for line, _own in phrases.support_lines(support, moment):
        console.write(line)


def low_before(
    console: Console, support: Support, settle: Exercise | None, settle_first: bool
) -> SupportChoice:
    """A low rating before starting: the support text, then the choices - the gentler
    exercise first (Enter alone) before breath or body work, continuing chosen explicitly."""
    show_support(console, support, "low_before")
    answers = [SupportChoice.CONTINUE]
    options = [_("Continue with this exercise")]
    if settle is not None:
        at = 0 if settle_first else 1
        answers.insert(at, SupportChoice.SETTLE)
        options.insert(at, _("{title} instead").format(title=settle.title))
    answers.append(SupportChoice.STOP)
    options.append(_("Stop here"))
    return answers[choose(console, options, leave=len(options) - 1)]


def after_stop(
    console: Console, can_rate: bool, support: Support, settle: Exercise | None
) -> StopChoice:
    """After a stop: a look around the room, the pack's words and support, and the way on -
    the settle exercise first, a rating if they like, or finishing here."""
    console.write(_(phrases.STOPPED_ORIENT))
    show_support(console, support, "stopped")
    answers = [StopChoice.SETTLE] if settle is not None else []
    options = [_("Try '{title}' now").format(title=settle.title)] if settle else []
    if can_rate:
        answers.append(StopChoice.RATE)
        options.append(_("Say how calm I feel now"))
    answers.append(StopChoice.HOME)
    options.append(_("Finish here"))
    if len(options) == 1:
        return StopChoice.HOME
    # Enter alone: the first offer, for a person; a script that has ended finishes here
    default = 0 if console.interactive else len(options) - 1
    return answers[choose(console, options, default, leave=len(options) - 1)]


def describe(exercise: Exercise, speed: float) -> list[str]:
    lines = [exercise.title]
    if exercise.about:
        lines.append(exercise.about)
    lines.append(phrases.asks_sentence(exercise))
    if areas := phrases.areas_sentence(exercise):
        lines.append(areas)
    lines.append(phrases.total_sentence(exercise, speed))
    if recordings := phrases.recordings_sentence(exercise, speed):
        lines.append(recordings)
    if exercise.has_holds:
        lines.append(_("It has breath holds; you may skip them at any time."))
    lines.append(_(phrases.STOPPING_IS_FINE))
    return lines


def commands_line(exercise: Exercise) -> str:
    holds = _(", h skips the breath holds") if exercise.has_holds else ""
    return _(
        "While it runs, type a letter and press Enter: p pauses or carries on, n moves to the "
        "next step, o is a look around the room for as long as you like{holds}, s shows your "
        "support text, "
        "m turns sound on or off, q stops. Ctrl+C stops too."
    ).format(holds=holds)


def pick(console: Console, count: int, prompt: str, here: str) -> int | None:
    """A number from 1 to `count` typed by the person (asked again after anything else), as
    an index; None when they type q or the input ends. `here` is what ? says."""
    console.write(prompt)
    for misses in itertools.count(1):
        line = ask_at(console, here)
        if line is None:
            break
        text = line.strip()
        if said(text, LEAVE_WORDS):
            break
        if text.isascii() and text.isdigit() and len(text) <= 4 and 1 <= int(text) <= count:
            return int(text) - 1
        console.write(_("Please type a number from 1 to {n}, or q to leave.").format(n=count))
        if gave_up(console, misses):
            break
    return None


def read_pack(console: Console, words: PackWords) -> None:
    """A pack as it opens: its name, the therapist's message, this week's homework."""
    console.write(words.heading)
    if words.message:
        console.write(words.message.strip())
    if words.plan:
        console.write(words.plan)


def choose_exercise(console: Console, pack: Pack, back: bool = False) -> Exercise | None:
    """An exercise of `pack`, by number; None on q (back to the packs when `back`)."""
    for i, choice in enumerate(pack.exercises, 1):
        console.write(f"  {i}: {exercise_label(choice)}")
    if back:
        prompt = _("Type the number of an exercise and press Enter (q goes back to your packs).")
    else:
        prompt = _("Type the number of an exercise and press Enter (q leaves).")
    index = pick(console, len(pack.exercises), prompt, prompt)
    return None if index is None else pack.exercises[index]


def choose_pack(console: Console, packs: list[Pack]) -> Pack | None:
    console.write(_("Your packs:"))
    for i, pack in enumerate(packs, 1):
        console.write(f"  {i}: {pack.name}")
    prompt = _("Type the number of a pack and press Enter (q leaves).")
    index = pick(console, len(packs), prompt, prompt)
    return None if index is None else packs[index]
