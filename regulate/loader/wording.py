"""The wording warnings of docs/FORMAT.md: phrases that command or promise where a text
should invite."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regulate.i18n import N_, _
from regulate.model import Support


@dataclass(frozen=True)
class Finding:
    offset: int  # where in the text the phrase starts
    message: str
    rule: str  # its id in regulate.loader.rules


# Every language the program speaks is checked in every text: a phrase of one language does not
# occur by chance in another, and a pack may say nothing of its language.
# 'close your eyes', 'shut your eyes', 'with your eyes closed', 'eyes shut';
# 'cierra los ojos', 'cierre los ojos', 'con los ojos cerrados'
_EYES_CLOSED = re.compile(
    r"\b(?:close|shut) (?:your |the )?eyes\b|\b(?:your |the )?eyes (?:closed|shut)\b"
    r"|\b(?:cierra|cierre|cerrad|cierren|cerrar) (?:los |tus |sus )?ojos\b"
    r"|\bojos cerrados\b"
)
# any of these in the same text counts as offering an eyes-open alternative
_EYES_OPEN = re.compile(
    r"\bopen\b|\bgaze\b|\bone spot\b|\ba spot\b|\blower your eyes\b"
    r"|\babiertos\b|\babrir\b|\bun punto\b|\bla mirada\b"
)
# words that show a support text already says where to turn in an emergency
_EMERGENCY = re.compile(r"\bemergenc|\burgencia|\b112\b|\b911\b|\b999\b|\b000\b")

_PHRASES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "promises-safety",
        re.compile(
            r"\byou(?: are|'re) (?:completely |totally |now )?safe\b"
            r"|\bnothing (?:can|will|could) (?:hurt|harm) you\b"
            r"|\best(?:á|a)s? (?:completamente |totalmente |ahora )?a salvo\b"
            r"|\bnada (?:te|le) (?:puede|va a) (?:hacer daño|dañar)"
        ),
        N_(
            "'{phrase}' promises safety, which only the person can judge; you might invite them to "
            "notice what tells them this moment is okay enough"
        ),
    ),
    (
        "commands-feeling",
        re.compile(r"\bjust relax\b|\brel(?:á|a)j(?:ate|ese|aos|ense)\b"),
        N_(
            "'{phrase}' commands a feeling; you might invite instead, for example "
            "'you might let your shoulders soften, if that feels okay'"
        ),
    ),
    (
        "you-should",
        re.compile(r"\byou should\b|\bdeber(?:í|i)as?\b|\btienes que\b|\btiene que\b"),
        N_("'{phrase}' commands; you might invite instead: 'you might...', 'if it feels okay...'"),
    ),
    (
        "deep-breathing",
        re.compile(
            r"\bbreathe (?:very |really |more )?deeply\b"
            r"|\brespir(?:a|e|ad|en) (?:muy |más )?(?:profundo|profundamente|hondo)\b"
        ),
        N_(
            "'{phrase}' can bring on dizziness or panic in some people; invite gentle breathing "
            "instead, for example 'breathe gently, not deeply'"
        ),
    ),
    (
        "dont-move",
        re.compile(r"\b(?:don't|do not) move\b|\bno (?:te|se|os) mueva(?:s|n)?\b"),
        N_(
            "'{phrase}' commands stillness, which can feel trapping; you might say that moving "
            "is always fine"
        ),
    ),
)


def findings(text: str) -> list[Finding]:
    """Every commanding or promising phrase in one text, in order."""
    lowered = text.lower().replace("\u2019", "'")
    found: list[Finding] = []
    closed = _EYES_CLOSED.search(lowered)
    if closed and not _EYES_OPEN.search(lowered):
        found.append(
            Finding(
                closed.start(),
                _(
                    "'{phrase}' with no eyes-open choice in the same text; some people need "
                    "their eyes open - you might add 'or keep them open, resting on one spot'"
                ).format(phrase=text[closed.start() : closed.end()]),
                "eyes-closed",
            )
        )
    for rule, pattern, message in _PHRASES:
        for match in pattern.finditer(lowered):
            said = _(message).format(phrase=text[match.start() : match.end()])
            found.append(Finding(match.start(), said, rule))
    return sorted(found, key=lambda f: f.offset)


def names_emergency(support: Support) -> bool:
    """Whether a support text already says what to do in an emergency (in any language the
    program speaks), so the program's own line is not added."""
    said = f"{support.text} {support.emergency or ''}".lower()
    return _EMERGENCY.search(said) is not None
