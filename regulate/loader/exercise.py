"""One exercise and its steps (prompt, breathe, scan, check-in) and cues, from the YAML tree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

from regulate import i18n
from regulate.domain.durations import minutes_seconds
from regulate.domain.model import (
    KINDS,
    Cues,
    Exercise,
    Kind,
    Prompt,
    Sound,
    Step,
)
from regulate.i18n import _
from regulate.loader.grammar import (
    CLOSING_EXPECTED_AFTER,
    CUE_KEYS,
    EXERCISE_KEYS,
    MAX_EXERCISE_SECONDS,
    MAX_STEPS,
    MAX_TITLE,
)
from regulate.loader.reader import Reader
from regulate.loader.steps import step_from
from regulate.loader.yamltree import Map, Node, Scalar, describe


def exercise_from(root: Map, r: Reader, path: Path) -> Exercise | None:
    if not r.format_version(root):
        return None
    keys = r.keys(root, EXERCISE_KEYS)
    where = {name: value.pos for name, (_key, value) in keys.items()}

    title = None
    if (node := r.required(keys, "title", root.pos, _("an exercise"))) is not None:
        title = r.text(node, "title", limit=MAX_TITLE)
    kind = None
    if (node := r.required(keys, "kind", root.pos, _("an exercise"))) is not None:
        kind = r.choice(node, "kind", KINDS)
    about = r.text(keys["about"][1], "about") if "about" in keys else None
    language = language_tag(keys["language"][1], r) if "language" in keys else None
    tags = _tags(keys["tags"][1], r) if "tags" in keys else []
    rating = True
    if "rating" in keys:
        rating = bool(r.boolean(keys["rating"][1], "rating"))
    cues = _cues(keys["cues"][1], r) if "cues" in keys else Cues()

    node = r.required(keys, "steps", root.pos, _("an exercise"))
    steps = _steps(node, r, cues) if node is not None else []

    if r.report.has_errors or title is None or kind is None or cues is None:
        return None
    exercise = Exercise(
        id=path.stem,
        title=title,
        kind=cast(Kind, kind),
        steps=tuple(steps),
        about=about,
        language=language,
        tags=tuple(tags),
        rating=rating,
        cues=cues,
        at=root.pos,
        where=where,
    )
    if exercise.seconds > MAX_EXERCISE_SECONDS:
        r.report.error(
            where["steps"],
            _("this exercise lasts {length} in all; an exercise may last at most 3 hours").format(
                length=minutes_seconds(exercise.seconds, "up")
            ),
            rule="too-long",
        )
        return None
    if exercise.seconds > CLOSING_EXPECTED_AFTER and not isinstance(steps[-1], Prompt):
        r.report.warning(
            steps[-1].at,
            _(
                "this exercise lasts {length} and its last step is not a prompt; a closing "
                "moment of looking around the room, eyes open, is expected"
            ).format(length=minutes_seconds(exercise.seconds, "up")),
            rule="closing-moment",
        )
    return exercise


def _tags(node: Node, r: Reader) -> list[str]:
    items = r.list_of(node, "tags", 0, 40, "tags") or []
    tags = (r.text(item, "tags", limit=30, check_wording=False) for item in items)
    return [tag for tag in tags if tag is not None]


def _steps(node: Node, r: Reader, cues: Cues | None) -> list[Step]:
    items = r.list_of(node, "steps", 1, MAX_STEPS, "steps") or []
    steps = (step_from(item, r, cues) for item in items)
    return [step for step in steps if step is not None]


def _cues(node: Node, r: Reader) -> Cues | None:
    mapping = r.mapping(node, "'cues'")
    if mapping is None:
        return None
    keys = r.keys(mapping, CUE_KEYS)
    chosen: dict[str, Sound | None] = {}
    ok = True
    for name, (_key, value) in keys.items():
        good, sound = r.sound(value, name)
        ok = ok and good
        chosen[name] = sound
    if not ok:
        return None
    defaults = Cues()
    return Cues(
        start=chosen.get("start", defaults.start),
        step=chosen.get("step", defaults.step),
        breath=chosen.get("breath", defaults.breath),
        end=chosen.get("end", defaults.end),
    )


# BCP 47 as people write it: a language of 2-3 letters, then optional script, region or variant
# subtags ('es', 'es-MX', 'pt-BR', 'zh-Hant-TW'); '_' as in locale names is accepted too
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def language_tag(node: Node, r: Reader) -> str | None:
    """The language a file is written in: a tag the program checks against what it speaks."""
    if not isinstance(node, Scalar) or not _LANGUAGE_TAG.match(node.text):
        r.report.error(
            node.pos,
            _("'language' must be a language tag such as es, es-MX or en; got {found}").format(
                found=describe(node)
            ),
            rule="language",
        )
        return None
    tag = node.text.replace("_", "-")
    if i18n.have(tag) is None:
        spoken = ", ".join(f"{code} ({i18n.name_of(code)})" for code in i18n.languages())
        r.report.warning(
            node.pos,
            _(
                "regulate does not speak '{tag}' yet, so its own words (buttons, keys, the "
                "rating screen) will be in the person's language; it speaks {spoken}"
            ).format(tag=tag, spoken=spoken),
            rule="language-unknown",
        )
    return tag
