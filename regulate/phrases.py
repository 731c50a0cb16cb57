"""The sentences regulate says about exercises and ratings, shared by the app and plain mode
so that every screen says the same true thing."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from regulate.durations import minutes_seconds
from regulate.i18n import N_, _, decimal, ngettext
from regulate.model import (
    DEFAULT_RATING,
    DEFAULT_SUPPORT,
    Breathe,
    Exercise,
    RatingScale,
    Scan,
    Support,
)

NOTE_LIMIT = 1000  # characters kept of a note, in every front end
# kept in English here and translated where shown (`_`), so a change of language takes effect
STOPPING_IS_FINE = N_("You can pause or stop at any time.")
STOPPED = N_("You stopped here. Your session is kept.")


KINDS = {"grounding": N_("grounding"), "breathing": N_("breathing"), "body_scan": N_("body scan")}


def kind_words(kind: str) -> str:
    """An exercise's kind as a person reads it."""
    return _(KINDS[kind]) if kind in KINDS else kind.replace("_", " ")


def scale_words(scale: RatingScale) -> RatingScale:
    """The rating scale to show: the program's own default words in the current language,
    the pack's own words exactly as written."""
    d = DEFAULT_RATING
    return replace(
        scale,
        question=_(d.question) if scale.question == d.question else scale.question,
        low=_(d.low) if scale.low == d.low else scale.low,
        mid=_(d.mid) if d.mid and scale.mid == d.mid else scale.mid,
        high=_(d.high) if scale.high == d.high else scale.high,
    )


def support_words(support: Support) -> Support:
    """The support to show: the program's own default in the current language."""
    if support == DEFAULT_SUPPORT:
        return replace(support, text=_(support.text))
    return support


# when support is shown: after a low rating before starting, after an exercise that felt
# harder (or at the summary), after stopping early, or when the person asked for it
SupportMoment = Literal["low_before", "worse_after", "stopped", "asked"]


def support_lines(support: Support, moment: SupportMoment) -> list[tuple[str, bool]]:
    """The support text as shown at one moment, in order: the pack's words for that moment
    (if it wrote some), its text, then contact and emergency. Each line with whether it is the
    therapist's own words (shown as such) rather than a label."""
    support = support_words(support)
    lines: list[tuple[str, bool]] = []
    opening = {"low_before": support.before, "worse_after": support.after,
               "stopped": support.after}.get(moment)  # fmt: skip
    if opening:
        lines.append((opening, True))
    lines.append((support.text, True))
    if support.contact:
        lines.append((_("Contact: {contact}").format(contact=support.contact), False))
    if support.emergency:
        lines.append((_("In an emergency: {emergency}").format(emergency=support.emergency), False))
    return lines


def quoted(text: str, limit: int = 60) -> str:
    """Something the person typed, quoted back safely and briefly."""
    from regulate.textsafe import printable

    shown = printable(text)
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f"'{shown}'"


def steps_count(n: int) -> str:
    return ngettext("{n} step", "{n} steps", n).format(n=n)


def asks(exercise: Exercise) -> list[str]:
    """What an exercise asks of the person: eyes, breath, body."""
    out = [_("your eyes (looking around the room)")]
    if any(isinstance(s, Breathe) for s in exercise.steps):
        out.append(_("your breath (following a breathing guide)"))
    if exercise.kind == "body_scan" or any(isinstance(s, Scan) for s in exercise.steps):
        out.append(_("your body (noticing one area at a time)"))
    return out


def asks_sentence(exercise: Exercise) -> str:
    """'What it asks of you: your eyes (...) and your breath (...).'"""
    parts = asks(exercise)
    listed = listing(parts)
    return _("What it asks of you: {listed}.").format(listed=listed)


def listing(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' in the current language."""
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def care_sentence(care: str) -> str:
    """The words before the support text, for what the session script decided: a worsening
    named as one ('worse'); a low moment that did not worsen met as a low moment ('low')."""
    return _(WORSE) if care == "worse" else _(LOW)


def change_words(before: int | None, after: int | None) -> str:
    """How a change is named: 2 or more is worth naming; 1 or 0 is about the same."""
    if before is None or after is None:
        return ""
    diff = after - before
    if diff >= 2:
        return _("a bit calmer")
    if diff <= -2:
        return _("a bit less calm")
    return _("about the same")


def before_after(before: int | None, after: int | None) -> str:
    """'Before 3, after 6: a bit calmer.' - said without judgement."""
    if before is None and after is None:
        return _("You skipped both ratings. That is fine.")
    if before is None:
        return _("After: {after}. (You skipped the rating before.)").format(after=after)
    if after is None:
        return _("Before: {before}. (You skipped the rating after.)").format(before=before)
    return _("Before {before}, after {after}: {change}.").format(
        before=before, after=after, change=change_words(before, after)
    )


LOW = N_(
    "Thank you for checking in. It sounds like a hard moment right now, and it is okay that it "
    "is. Here is something that may help."
)
WORSE = N_(
    "Thank you for checking in. Turning attention to the breath or the body sometimes stirs "
    "things up. That is useful to know, for you and for your therapist - it is not a failure."
)

# a step with the therapist's recording, while sound is off
RECORDING_SILENT = N_("this step has a recording: press m to hear it")
RECORDING_SILENT_PLAIN = N_("This step has a recording: type m and press Enter to hear it.")


def total_sentence(exercise: Exercise, speed: float = 1.0) -> str:
    total = _("Total time: {time}, in {steps}.").format(
        time=minutes_seconds(exercise.seconds, "up"), steps=steps_count(len(exercise.steps))
    )
    if speed != 1.0:
        total += " " + _("As a preview at {speed}x speed it takes {time}.").format(
            speed=speed_words(speed), time=minutes_seconds(exercise.seconds / speed, "up")
        )
    return total


def speed_words(speed: float) -> str:
    """2, 0,5 or 1.5: a speed as the language writes numbers."""
    return decimal(speed, 0) if speed == int(speed) else decimal(speed, 2).rstrip("0")


def recordings_sentence(exercise: Exercise, speed: float = 1.0) -> str | None:
    """How each of the therapist's recordings fits its step, or None when there are none."""
    fits = []
    for number, step in enumerate(exercise.steps, 1):
        audio = getattr(step, "audio", None)
        if audio is None or audio.seconds is None:
            continue
        if audio.seconds > step.seconds + 0.05:
            fit = _("step {number}: {length} in a {step} step, so its end won't be heard")
        else:
            fit = _("step {number}: {length} in a {step} step")
        fits.append(
            fit.format(
                number=number,
                length=minutes_seconds(audio.seconds, "up"),
                step=minutes_seconds(step.seconds, "up"),
            )
        )
    if not fits:
        return None
    sentence = ngettext(
        "It has a recording ({fits}).", "It has {n} recordings ({fits}).", len(fits)
    ).format(n=len(fits), fits="; ".join(fits))
    if speed != 1.0:
        sentence += " " + ngettext(
            "In a preview at {speed}x speed it is not played.",
            "In a preview at {speed}x speed they are not played.",
            len(fits),
        ).format(speed=speed_words(speed))
    return sentence


def areas_sentence(exercise: Exercise) -> str | None:
    """'The areas, in order: feet, hands and shoulders.' for an exercise with a body scan, so
    the person knows which parts of the body it names before agreeing to start."""
    areas = [area for s in exercise.steps if isinstance(s, Scan) for area in s.regions]
    if not areas:
        return None
    return _("The areas, in order: {listed}.").format(listed=listing(list(dict.fromkeys(areas))))
