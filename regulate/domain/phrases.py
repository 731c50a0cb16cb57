"""The sentences regulate says about exercises and ratings, shared by the app and plain mode
so that every screen says the same true thing."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Literal

from regulate.domain.durations import minutes_seconds
from regulate.domain.model import (
    DEFAULT_RATING,
    DEFAULT_SUPPORT,
    Breathe,
    Exercise,
    RatingScale,
    Scan,
    Support,
)
from regulate.i18n import N_, _, decimal, in_every_language, ngettext

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
# harder (a drop), at a low rating after one that did not drop, after stopping early, or when
# the person asked for it
SupportMoment = Literal["low_before", "worse_after", "low_after", "stopped", "asked"]


def support_lines(support: Support, moment: SupportMoment) -> list[tuple[str, bool]]:
    """The support text as shown at one moment, in order: the pack's words for that moment
    (if it wrote some: `before` before starting, `after` after a drop or a stop), its text,
    contact and emergency - and regulate's own line that it is not an emergency service,
    whenever the pack gives no `emergency:` of its own (DESIGN's care rule 13). Each line with
    whether it is the therapist's own words (shown as such) rather than a label."""
    default = support == DEFAULT_SUPPORT
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
    elif not default and not says_the_safety_line(support.text):
        lines.append((_(DEFAULT_SUPPORT.text), False))
    return lines


def says_the_safety_line(text: str) -> bool:
    """Whether a support text already holds regulate's own line (as the starter packs' do,
    in the language shown or in English), so it is not said twice."""
    said = " ".join(text.split())
    return any(" ".join(line.split()) in said for line in in_every_language(DEFAULT_SUPPORT.text))


NOTE_CUT = N_("Your note was longer than regulate keeps, so its first {limit} characters are kept.")


def _note_words(note: str) -> str:
    return "".join(c for c in note if c in "\n\t" or not (c < " " or "\x7f" <= c <= "\x9f"))


def note_as_kept(note: str) -> str:
    """A note as the history keeps it: trimmed, at most NOTE_LIMIT characters, and without the
    control characters a terminal can send (Ctrl+@ is a NUL): a note is words, and a NUL once
    made the kept copy of a session look damaged."""
    return cut_whole(_note_words(note).strip(), NOTE_LIMIT)


_ZWJ = "\u200d"


def _extends(char: str) -> bool:
    """A character that belongs to the one before it: a combining accent, an emoji's skin
    tone, a variation selector, a joiner, a tag of a flag."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0020 <= code <= 0xE007F  # the tags of a subdivision flag
        or 0xE0100 <= code <= 0xE01EF
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF  # two of these make a country's flag


def cut_whole(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, never ending inside what a reader sees as one
    character (👍 kept bare of its 🏽, é of its accent, half a flag, a family emoji split at
    a joiner): the cut moves back to where that one starts. No dependency: the usual cases of
    Unicode's grapheme clusters, not every rule (a Hangul syllable in jamo may still part)."""
    if len(text) <= limit:
        return text
    cut, moved = max(limit, 0), True
    while moved:  # until neither rule moves it: a flag's half can stand after a joiner
        before = cut
        while cut > 0 and (_extends(text[cut]) or text[cut - 1] == _ZWJ):
            cut -= 1
        if cut > 0 and _regional(text[cut]) and _regional(text[cut - 1]):
            run = cut
            while run > 0 and _regional(text[run - 1]):
                run -= 1
            cut -= (cut - run) % 2  # pairs from the start of the run: never half a flag
        moved = cut != before
    return text[:cut]


def note_cut(note: str) -> str | None:
    """The sentence to say when `note` is kept shorter than it was typed (NOTE_CUT); None when
    it is kept whole."""
    if len(_note_words(note).strip()) <= NOTE_LIMIT:
        return None
    return _(NOTE_CUT).format(limit=NOTE_LIMIT)


def quoted(text: str, limit: int = 60) -> str:
    """Something the person typed, quoted back safely and briefly."""
    from regulate.system.textsafe import printable

    shown = printable(text)
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f"'{shown}'"


def steps_count(n: int) -> str:
    return ngettext("{n} step", "{n} steps", n).format(n=n)


# words that ask for the eyes in a step's text (English and Spanish, as the starter packs and
# the templates write them): a breathing-only exercise does not ask for them
_LOOKING = ("look", "eyes", "room", "what you see", "mira", "ojos", "habitación", "lo que ves")


def asks(exercise: Exercise) -> list[str]:
    """What an exercise asks of the person: eyes (a grounding exercise, or a step that asks
    to look), breath (a breathing guide), body (a scan) - only what it truly asks."""
    out = []
    texts = [getattr(s, "text", None) or "" for s in exercise.steps if not isinstance(s, Scan)]
    if exercise.kind == "grounding" or any(w in t.lower() for t in texts for w in _LOOKING):
        out.append(_("your eyes (looking around the room)"))
    if any(isinstance(s, Breathe) for s in exercise.steps):
        out.append(_("your breath (following a breathing guide)"))
    if exercise.kind == "body_scan" or any(isinstance(s, Scan) for s in exercise.steps):
        out.append(_("your body (noticing one area at a time)"))
    if not out:
        out.append(_("your attention, one step at a time"))
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


def care_sentence(care: str, kind: str = "") -> str:
    """The words at the summary, for what the session script decided: a drop named as one,
    in words that fit the exercise's kind ('worse'); a low moment met as a low moment now,
    not as something the exercise did ('low'); a smaller drop, one neutral line ('dip')."""
    if care == "worse":
        return _(WORSE.get(kind, WORSE_ANY))
    return _(LOW) if care == "low" else _(DIP)


def care_support(care: str | None) -> SupportMoment | None:
    """Which support the summary shows for what happened: after a drop, the pack's words for
    after (`support.after`) and its text; at a low rating that did not drop, its text alone;
    after a smaller drop or none, no support."""
    return "worse_after" if care == "worse" else "low_after" if care == "low" else None


def change_words(before: int | None, after: int | None) -> str:
    """How a change is named, true at every size and without judgement - the one function
    for the app, plain mode, the history and the reports: 0-1 about the same, 2-3 a little,
    4-6 clearly, 7 or more much calmer / less calm."""
    if before is None or after is None:
        return ""
    diff = after - before
    size = abs(diff)
    if size <= 1:
        return _("about the same")
    if diff > 0:
        words = (_("a little calmer"), _("clearly calmer"), _("much calmer"))
    else:
        words = (_("a little less calm"), _("clearly less calm"), _("much less calm"))
    return words[0] if size <= 3 else words[1] if size <= 6 else words[2]


def before_after(before: int | None, after: int | None) -> str:
    """'Before 3, after 6: a little calmer.' - said without judgement."""
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
# after a drop: words that fit what the exercise asked (its kind), never a blame
WORSE = {
    "grounding": N_(
        "Thank you for checking in. Stopping to notice where you are, or what you feel, "
        "sometimes brings things up. That is useful to know, for you and for your therapist - "
        "it is not a failure."
    ),
    "breathing": N_(
        "Thank you for checking in. Turning attention to the breath sometimes stirs things up. "
        "That is useful to know, for you and for your therapist - it is not a failure."
    ),
    "body_scan": N_(
        "Thank you for checking in. Turning attention to the body sometimes stirs things up. "
        "That is useful to know, for you and for your therapist - it is not a failure."
    ),
}
WORSE_ANY = N_(
    "Thank you for checking in. An exercise sometimes stirs things up. That is useful to know, "
    "for you and for your therapist - it is not a failure."
)
# a drop of 2 with the after-rating above the threshold: one neutral line, no more
DIP = N_("Ratings move from one time to the next. Thank you for checking in.")
# after a stop: orienting comes first, as at the end of every exercise
STOPPED_ORIENT = N_("Before you go, you might open your eyes and look slowly around the room.")
# the settle exercise chosen after an exercise takes that exercise's after-rating
CARRIED = N_(
    "Your rating from a moment ago, {rating}, is kept as your rating before this exercise."
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
    """For the client (speed 1): that there are recordings. For the therapist's preview
    (`play --speed`): how each fits its step - authoring detail a client never needs (`check`
    says it too). None when there are none."""
    if speed == 1.0:
        count = sum(getattr(step, "audio", None) is not None for step in exercise.steps)
        if not count:
            return None
        return ngettext(
            "It has a recording.",
            "It has {n} recordings.",
            count,
        ).format(n=count)
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
