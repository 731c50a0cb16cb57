"""What the guide says about the breath and the look-around, in the language spoken."""

from __future__ import annotations

from regulate.domain.model import Breathe, Sound
from regulate.i18n import N_, _
from regulate.timeline.schedule import Segment

# in English, translated where shown (`_`): the language can change while the program runs
PHASE_WORDS = {
    "inhale": N_("Breathe in"),
    "hold": N_("Hold"),
    "exhale": N_("Breathe out"),
    "pause": N_("Rest"),
}


def interlude_text() -> str:
    """The look-around's words; each front end adds its own keys for going back or stopping.
    It stays as long as the person likes: no clock returns them to the exercise."""
    return _(
        "Let your eyes move slowly around the room, with your eyes open. Notice a few things "
        "you can see - a colour, a shape, where the light falls. Take as long as you like; the "
        "exercise waits."
    )


_DIRECTIONAL = (Sound("inhale"), Sound("exhale"))


def breath_cue(chosen: Sound | None, kind: str) -> Sound | None:
    """The cue at a breath turn. Choosing `inhale` or `exhale` asks for both directions: the
    rising cue on each in-breath and the falling one on each out-breath, so the breath can be
    followed by sound alone, eyes closed."""
    if kind not in ("inhale", "exhale") or chosen is None:
        return None
    if chosen in _DIRECTIONAL:
        return Sound(kind)
    return chosen


def phase_line(seg: Segment, seconds_left: float) -> str:
    """One plain line for a phase: 'Breathe out, 6 s' - for --plain and screen readers."""
    left = max(1, round(seconds_left))
    if seg.kind in PHASE_WORDS:
        return _("{phase}, {left} s (breath {cycle} of {cycles})").format(
            phase=_(PHASE_WORDS[seg.kind]), left=left, cycle=seg.cycle, cycles=seg.cycles
        )
    if seg.kind == "region":
        return _("{region} ({number} of {regions}), {left} s: {text}").format(
            region=seg.region, number=seg.region_index, regions=seg.regions, left=left,
            text=seg.text,
        )  # fmt: skip
    if seg.kind == "check_in":
        return seg.text
    return _("{text} ({left} s)").format(text=seg.text, left=left)


def guide_text(exercise_step: Breathe, skip_holds: bool = False) -> str:
    """The reduced-motion guide: 'in 1 2 3 4 - out 1 2 3 4 5 6'."""
    parts = []
    for phase, word, seconds in (
        ("inhale", _("in"), exercise_step.inhale),
        ("hold", _("hold"), exercise_step.hold),
        ("exhale", _("out"), exercise_step.exhale),
        ("pause", _("rest"), exercise_step.pause),
    ):
        if seconds <= 0 or (skip_holds and phase in ("hold", "pause")):
            continue
        count = max(1, round(seconds))
        parts.append(word + " " + " ".join(str(i) for i in range(1, count + 1)))
    return " - ".join(parts)
