"""One step of an exercise - prompt, breathe, scan or check-in - with its cue and recording."""

from __future__ import annotations

import math
from typing import Any, cast

from regulate.domain.durations import minutes_seconds
from regulate.domain.model import (
    Breathe,
    CheckIn,
    Cues,
    Prompt,
    Scan,
    Sound,
    Step,
)
from regulate.domain.problems import Pos
from regulate.i18n import _
from regulate.loader.grammar import (
    BESIDE_ANY,
    BREATHE_KEYS,
    HOLD_WARNING_SECONDS,
    MAX_REGIONS,
    MAX_STEP_SECONDS,
    MAX_TITLE,
    PLACEHOLDER,
    SCAN_KEYS,
    STEP_BESIDE,
    STEP_KINDS,
    number_text,
    unknown_key_message,
)
from regulate.loader.reader import Reader
from regulate.loader.yamltree import Map, Node, Scalar, describe

Keys = dict[str, tuple[Scalar, Node]]  # a mapping's known keys, as Reader.keys gives them


def step_from(node: Node, r: Reader, cues: Cues | None) -> Step | None:
    if not isinstance(node, Map):
        r.report.error(
            node.pos,
            _(
                "each step must be a mapping with one of prompt, breathe, scan or check_in; got "
                "{found}"
            ).format(found=describe(node)),
            rule="value-type",
        )
        return None
    kind = _step_kind(node, r)
    if kind is None:
        return None
    allowed = (kind, *STEP_BESIDE[kind])
    # a key that belongs beside another kind of step gets its own, clearer sentence
    misplaced = [k for k, _ in node.entries if k.text in BESIDE_ANY and k.text not in allowed]
    for key in misplaced:
        r.report.error(
            key.pos,
            _(
                "'{key}' does not belong in a {kind} step; beside '{kind}' a step may have: "
                "{choices}"
            ).format(key=key.text, kind=kind, choices=", ".join(STEP_BESIDE[kind])),
            rule="step-kind",
        )
    rest = [(k, v) for k, v in node.entries if k not in misplaced]
    keys = r.keys(Map(node.pos, entries=rest), allowed)
    where = {name: value.pos for name, (_key, value) in keys.items()}
    value = keys[kind][1]

    cue_ok, cue, audio = _step_sounds(keys, r, cues)
    step: Step | None
    if kind == "prompt":
        step = _prompt(value, keys, r, audio, cue, node.pos, where)
    elif kind == "check_in":
        text = r.text(value, "check_in")
        step = CheckIn(text, cue, node.pos, where) if text is not None else None
    elif kind == "breathe":
        step = _breathe(value, r, audio, cue, node.pos, where)
    else:
        step = _scan(value, r, audio, cue, node.pos, where)
    return step if cue_ok else None


def _step_kind(node: Map, r: Reader) -> str | None:
    """Which of prompt, breathe, scan or check_in the step is: exactly one, said if not."""
    kinds = [key for key, _ in node.entries if key.text in STEP_KINDS]
    if len(kinds) > 1:
        r.report.error(
            kinds[1].pos,
            _(
                "a step has exactly one of prompt, breathe, scan or check_in; this one has "
                "'{first}' and '{second}' - start a new step with '- '"
            ).format(first=kinds[0].text, second=kinds[1].text),
            rule="step-kind",
        )
        return None
    if not kinds:
        everything = (*STEP_KINDS, *sorted(BESIDE_ANY))
        unknown = [k for k, _ in node.entries if k.text not in everything]
        for key in unknown:
            r.report.error(key.pos, unknown_key_message(key.text, everything), rule="unknown-key")
        if not unknown:
            r.report.error(
                node.pos,
                _("this step needs one of prompt, breathe, scan or check_in"),
                rule="step-kind",
            )
        return None
    return kinds[0].text


def _step_sounds(
    keys: dict[str, tuple[Scalar, Node]], r: Reader, cues: Cues | None
) -> tuple[bool, Sound | None, Sound | None]:
    """The step's cue (its own, else the exercise's) and its recording; False when either is
    wrong."""
    cue: Sound | None = cues.step if cues else None
    cue_ok = True
    if "cue" in keys:
        cue_ok, cue = r.sound(keys["cue"][1], "cue")
    audio: Sound | None = None
    if "audio" in keys:
        audio_node = keys["audio"][1]
        if isinstance(audio_node, Scalar) and audio_node.value is not None:
            audio = r.recording(audio_node, "audio")
            cue_ok = cue_ok and audio is not None
        else:
            r.report.error(
                audio_node.pos,
                _(
                    "'audio' must be a recording in the pack folder, such as voice/intro.mp3; "
                    "got {found}"
                ).format(found=describe(audio_node)),
                rule="audio",
            )
            cue_ok = False
    return cue_ok, cue, audio


def _prompt(
    value: Node,
    keys: dict[str, tuple[Scalar, Node]],
    r: Reader,
    audio: Sound | None,
    cue: Sound | None,
    at: Pos,
    where: dict[str, Pos],
) -> Prompt | None:
    text = r.text(value, "prompt")
    seconds = None
    if (dur := r.required(keys, "for", at, _("a prompt step"))) is not None:
        if isinstance(dur, Scalar) and dur.value == "recording":
            seconds = _as_long_as(audio, keys, dur, r)
        else:
            seconds = r.duration(dur, "for")
            _warn_if_cut(audio, seconds, keys, r)
    if text is not None and seconds is not None:
        return Prompt(text, seconds, audio, cue, at, where)
    return None


def _as_long_as(audio: Sound | None, keys: Any, node: Scalar, r: Reader) -> float | None:
    """`for: recording`: the step lasts exactly as long as its recording."""
    if "audio" not in keys:
        r.report.error(
            node.pos,
            _("'for: recording' needs an 'audio' recording in the same step"),
            rule="missing-key",
        )
        return None
    if audio is None or audio.seconds is None:
        return None  # the recording's own problem has been said
    return max(1.0, audio.seconds)


def _warn_if_cut(audio: Sound | None, seconds: float | None, keys: Any, r: Reader) -> None:
    if audio is None or audio.seconds is None or seconds is None:
        return
    if audio.seconds > seconds + 0.05:
        r.report.warning(
            keys["audio"][1].pos,
            _(
                "the recording lasts {length} but its step only {step_length}, so its end won't "
                "be heard; 'for: recording' makes the step exactly as long as the recording"
            ).format(
                length=minutes_seconds(audio.seconds, "nearest"),
                step_length=minutes_seconds(seconds, "nearest"),
            ),
            rule="recording-longer",
        )


def _breathe(
    node: Node, r: Reader, audio: Sound | None, cue: Sound | None, at: Pos, where: dict[str, Pos]
) -> Breathe | None:
    mapping = r.mapping(node, "'breathe'")
    if mapping is None:
        return None
    keys = r.keys(mapping, BREATHE_KEYS)
    inner = {name: value.pos for name, (_key, value) in keys.items()}
    inhale = exhale = None
    if (n := r.required(keys, "inhale", mapping.pos, "'breathe'")) is not None:
        inhale = r.number(n, "inhale", 1, 15)
    if (n := r.required(keys, "exhale", mapping.pos, "'breathe'")) is not None:
        exhale = r.number(n, "exhale", 1, 20)
    hold = r.number(keys["hold"][1], "hold", 0, 15) if "hold" in keys else 0.0
    pause = r.number(keys["pause"][1], "pause", 0, 15) if "pause" in keys else 0.0
    _warn_long_holds(keys, r, hold=hold, pause=pause)
    text = r.text(keys["text"][1], "text") if "text" in keys else None
    phases = (inhale, exhale, hold, pause)
    one_cycle = None if None in phases else sum(p for p in phases if p is not None)
    cycles = _cycles(keys, mapping.pos, r, one_cycle)
    if None in (inhale, exhale, hold, pause, cycles) or r.report.has_errors:
        return None
    step = Breathe(
        inhale=cast(float, inhale), exhale=cast(float, exhale), cycles=cast(int, cycles),
        hold=cast(float, hold), pause=cast(float, pause), text=text, audio=audio, cue=cue,
        at=at, where={**where, **inner},
    )  # fmt: skip
    if step.seconds > MAX_STEP_SECONDS:
        r.report.error(
            mapping.pos,
            _("this breathing step lasts {length}; a step may last at most 1 hour").format(
                length=minutes_seconds(step.seconds, "up")
            ),
            rule="too-long",
        )
        return None
    return step


def _warn_long_holds(keys: Keys, r: Reader, **holds: float | None) -> None:
    for name, value in holds.items():
        if value is not None and value > HOLD_WARNING_SECONDS:
            r.report.warning(
                keys[name][1].pos,
                _(
                    "a {name} of {seconds} seconds is long; holding the breath is hard for some "
                    "people - the player always offers to skip holds, and {gentle} seconds or "
                    "less is gentler"
                ).format(name=name, seconds=number_text(value), gentle=HOLD_WARNING_SECONDS),
                rule="long-hold",
            )


def _cycles(keys: Keys, at: Pos, r: Reader, one_cycle: float | None) -> int | None:
    """How many breaths: given as 'cycles', or as 'for' (a time, rounded up to whole
    breaths of `one_cycle` seconds, when that is known)."""
    if "cycles" in keys and "for" in keys:
        r.report.error(
            keys["for"][0].pos,
            _("'breathe' takes either 'cycles' or 'for', not both; keep the one you mean"),
            rule="step-kind",
        )
        return None
    if "cycles" in keys:
        got = r.number(keys["cycles"][1], "cycles", 1, 200, unit="", whole=True)
        return int(got) if got is not None else None
    if "for" in keys:
        wanted = r.duration(keys["for"][1], "for")
        if wanted is None or one_cycle is None:
            return None
        # rounded up to whole cycles; the tiny tolerance keeps 60/6 at 10, not 11
        return math.ceil(wanted / float(one_cycle) - 1e-9)
    r.report.error(
        at,
        _("'breathe' needs 'cycles' (how many breaths) or 'for' (how long); neither is given"),
        rule="missing-key",
    )
    return None


def _scan(
    node: Node, r: Reader, audio: Sound | None, cue: Sound | None, at: Pos, where: dict[str, Pos]
) -> Scan | None:
    mapping = r.mapping(node, "'scan'")
    if mapping is None:
        return None
    keys = r.keys(mapping, SCAN_KEYS)
    inner = {name: value.pos for name, (_key, value) in keys.items()}
    regions: list[str] = []
    ok = True
    if (n := r.required(keys, "regions", mapping.pos, "'scan'")) is not None:
        items = r.list_of(n, "regions", 1, MAX_REGIONS, "regions")
        ok = items is not None
        for item in items or ():
            region = r.text(item, "regions", limit=MAX_TITLE)
            ok = ok and region is not None
            if region is not None:
                regions.append(region)
    else:
        ok = False
    each = None
    if (n := r.required(keys, "each", mapping.pos, "'scan'")) is not None:
        each = r.duration(n, "each")
    text = Scan.text
    if "text" in keys:
        got = r.text(keys["text"][1], "text")
        ok = ok and got is not None
        text = got or text
        text_node = keys["text"][1]
        for match in PLACEHOLDER.finditer(text):
            if match.group() != "{region}" and isinstance(text_node, Scalar):
                r.report.warning(
                    text_node.locate(match.start()),
                    _(
                        "'{written}' will be shown as written; only {{region}} is replaced by "
                        "the region's name"
                    ).format(written=match.group()),
                    rule="region-placeholder",
                )
    if not ok or each is None:
        return None
    step = Scan(tuple(regions), each, text, audio, cue, at, {**where, **inner})
    if step.seconds > MAX_STEP_SECONDS:
        r.report.error(
            mapping.pos,
            _("this scan lasts {length}; a step may last at most 1 hour").format(
                length=minutes_seconds(step.seconds, "up")
            ),
            rule="too-long",
        )
        return None
    return step
