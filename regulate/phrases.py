"""The sentences regulate says about exercises and ratings, shared by the app and plain mode
so that every screen says the same true thing."""

from __future__ import annotations

import math

from regulate.model import Breathe, Exercise, RatingScale, Scan

NOTE_LIMIT = 1000  # characters kept of a note, in every front end
STOPPING_IS_FINE = "You can pause or stop at any time."
STOPPED = "You stopped here. Your session is kept."


def quoted(text: str, limit: int = 60) -> str:
    """Something the person typed, quoted back safely and briefly."""
    from regulate.textsafe import printable

    shown = printable(text)
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f"'{shown}'"


def clock_time(seconds: float) -> str:
    """m:ss (h:mm:ss past an hour), rounded up so that a time left never understates."""
    whole = max(0, math.ceil(round(seconds, 6)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(seconds: float) -> str:
    """m:ss of time already passed, rounded down (a time left rounds up: see clock_time)."""
    whole = max(0, math.floor(seconds + 1e-6))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


def steps_count(n: int) -> str:
    return f"{n} step" + ("" if n == 1 else "s")


def duration_words(seconds: float) -> str:
    """'3 minutes', '1 minute 30 seconds', '45 seconds'."""
    whole = math.ceil(round(seconds, 6))
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("" if minutes == 1 else "s"))
    if secs or not minutes:
        parts.append(f"{secs} second" + ("" if secs == 1 else "s"))
    return " ".join(parts)


def asks(exercise: Exercise) -> list[str]:
    """What an exercise asks of the person: eyes, breath, body."""
    out = ["your eyes (looking around the room)"]
    if any(isinstance(s, Breathe) for s in exercise.steps):
        out.append("your breath (following a breathing guide)")
    if exercise.kind == "body_scan" or any(isinstance(s, Scan) for s in exercise.steps):
        out.append("your body (noticing one area at a time)")
    return out


def asks_sentence(exercise: Exercise) -> str:
    """'What it asks of you: your eyes (...) and your breath (...).'"""
    parts = asks(exercise)
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"What it asks of you: {listed}."


def is_low(rating: int | None, scale: RatingScale) -> bool:
    return rating is not None and rating <= scale.threshold


def felt_worse(before: int | None, after: int | None, scale: RatingScale) -> bool:
    """Whether support is offered after the exercise: the after-rating is 2 or more points
    lower than before, or at or below the low threshold."""
    return care_words(before, after, scale) is not None


def care_words(before: int | None, after: int | None, scale: RatingScale) -> str | None:
    """The words before the support text, following what the numbers say: a worsening is
    named as one; a low moment that did not worsen (2 -> 3) is met as a low moment."""
    if after is None:
        return None
    if before is not None and after <= before - 2:
        return WORSE
    if is_low(after, scale):
        return LOW
    return None


def change_words(before: int | None, after: int | None) -> str:
    """How a change is named: 2 or more is worth naming; 1 or 0 is about the same."""
    if before is None or after is None:
        return ""
    diff = after - before
    if diff >= 2:
        return "a bit calmer"
    if diff <= -2:
        return "a bit less calm"
    return "about the same"


def before_after(before: int | None, after: int | None) -> str:
    """'Before 3, after 6: a bit calmer.' - said without judgement."""
    if before is None and after is None:
        return "You skipped both ratings. That is fine."
    if before is None:
        return f"After: {after}. (You skipped the rating before.)"
    if after is None:
        return f"Before: {before}. (You skipped the rating after.)"
    return f"Before {before}, after {after}: {change_words(before, after)}."


LOW = (
    "Thank you for checking in. It sounds like a hard moment right now, and it is okay that it "
    "is. Here is something that may help."
)
WORSE = (
    "Thank you for checking in. Turning attention to the breath or the body sometimes stirs "
    "things up. That is useful to know, for you and for your therapist - it is not a failure."
)

# a step with the therapist's recording, while sound is off
RECORDING_SILENT = "this step has a recording: press m to hear it"
RECORDING_SILENT_PLAIN = "This step has a recording: type m and press Enter to hear it."


def total_sentence(exercise: Exercise, speed: float = 1.0) -> str:
    total = f"Total time: {clock_time(exercise.seconds)}, in {steps_count(len(exercise.steps))}."
    if speed != 1.0:
        total += (
            f" As a preview at {speed:g}x speed it takes {clock_time(exercise.seconds / speed)}."
        )
    return total


def recordings_sentence(exercise: Exercise, speed: float = 1.0) -> str | None:
    """How each of the therapist's recordings fits its step, or None when there are none."""
    fits = []
    for number, step in enumerate(exercise.steps, 1):
        audio = getattr(step, "audio", None)
        if audio is None or audio.seconds is None:
            continue
        fit = f"step {number}: {clock_time(audio.seconds)} in a {clock_time(step.seconds)} step"
        if audio.seconds > step.seconds + 0.05:
            fit += ", so its end won't be heard"
        fits.append(fit)
    if not fits:
        return None
    one = len(fits) == 1
    sentence = f"It has {'a recording' if one else f'{len(fits)} recordings'} ({'; '.join(fits)})."
    if speed != 1.0:
        sentence += (
            f" In a preview at {speed:g}x speed {'it is' if one else 'they are'} not played."
        )
    return sentence
