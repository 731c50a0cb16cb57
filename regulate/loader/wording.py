"""The wording warnings of docs/FORMAT.md: phrases that command or promise where a text
should invite."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regulate.domain.model import Support
from regulate.i18n import N_, _


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
            r"|\byou(?: are|'re) (?:okay|ok|fine|all right|alright) now\b"
            r"|\beverything (?:is|will be) (?:okay|ok|fine|all right|alright)\b"
            r"|\best(?:á|a)s? (?:completamente |totalmente |ahora )?a salvo\b"
            r"|\bnada (?:te|le) (?:puede|va a) (?:hacer daño|dañar)"
            r"|\bya est(?:á|a)s? bien\b|\best(?:á|a)s? bien ahora\b"
            r"|\btodo (?:est(?:á|a)|va a estar|estar(?:á|a)) bien\b"
        ),
        N_(
            "'{phrase}' promises safety, which only the person can judge; you might invite them to "
            "notice what tells them this moment is okay enough"
        ),
    ),
    (
        "promises-calm",
        re.compile(
            r"\b(?:this|it) will (?:calm|relax|settle|soothe) you(?: down)?\b"
            r"|\byou(?: will|'ll) (?:feel |be )(?:much |more |very )?(?:calm|calmer|relaxed|"
            r"better|peaceful|at peace)\b"
            r"|\besto te (?:calmar(?:á|a)|relajar(?:á|a)|tranquilizar(?:á|a))\b"
            r"|\bte (?:sentir(?:á|a)s|vas a sentir) (?:mucho |más |mas )?(?:(?:tranquil|calmad|"
            r"relajad)\w*|mejor|en calma|en paz)"
        ),
        N_(
            "'{phrase}' promises a feeling that may not come, and a person may then feel they did "
            "it wrong; you might say what some people notice, for example 'some people find "
            "their breath slows a little'"
        ),
    ),
    (
        "commands-feeling",
        re.compile(
            r"\bjust relax\b|\brelax (?:your|the|all|every) \w+|\brelax now\b"
            r"|(?:^|(?<=[.!?:;] ))relax\b"
            r"|\bcalm (?:yourself )?down\b"
            r"|\brel(?:á|a)j(?:ate|ese|aos|ense)\b|\brelaja (?:tus|tu|los|las|el|la)\b"
            r"|\bc(?:á|a)lm(?:ate|ese)\b|\btranquil(?:í|i)z(?:ate|ese)\b"
        ),
        N_(
            "'{phrase}' commands a feeling; you might invite instead, for example "
            "'you might let your shoulders soften, if that feels okay'"
        ),
    ),
    (
        "you-should",
        re.compile(
            r"\byou should\b|\byou must\b|\bdeber(?:í|i)as?\b|\bdebes\b"
            r"|\btienes que\b|\btiene que\b"
        ),
        N_("'{phrase}' commands; you might invite instead: 'you might...', 'if it feels okay...'"),
    ),
    (
        "deep-breathing",
        re.compile(
            r"\bbreathe (?:in )?(?:very |really |more |as )?deeply\b"
            r"|\b(?:take|taking|draw|drawing) (?:a |some |one )?(?:big |long |full )?deep "
            r"breaths?\b|(?<!no )(?<!not )(?<!without )(?<!no big )\bdeep breaths?\b"
            r"|\bfill (?:your|the|both) lungs\b"
            r"|\b(?:breathe|breath|inhale|air)\b[^.!?]{0,30}\bas (?:deeply|much|far|fully) as "
            r"you can\b"
            r"|\b(?:breathe|breath) in (?:fully|all the way)\b"
            r"|\brespir(?:a|e|ad|en) (?:muy |más |mas )?(?:profundo|profundamente|hondo)\b"
            r"|\b(?:toma|tome|tomad|tomen|coge|inspira|inspire) (?:el |un )?aire "
            r"(?:muy |más |mas )?(?:profundamente|profundo|hondo)\b"
            r"|\b(?:inspira|inspire) (?:muy |más |mas )?(?:profundamente|hondo)\b"
            r"|\brespiraci(?:ó|o)n(?:es)? (?:muy )?profundas?\b"
            r"|\bllen(?:a|e|ad|en) (?:tus |los |sus )?pulmones\b"
            r"|\b(?:aire|respira|inspira)\b[^.!?]{0,30}\btodo (?:el aire )?lo que "
            r"(?:puedas|pueda)\b"
        ),
        N_(
            "'{phrase}' asks for deep or full breaths, which can bring on dizziness or panic in "
            "some people; invite gentle breathing instead, for example 'breathe gently, not "
            "deeply'"
        ),
    ),
    (
        "dont-move",
        re.compile(
            r"\b(?:don't|do not) move\b|\b(?:keep|stay|hold|remain) (?:completely |very |"
            r"perfectly )?still\b"
            r"|\bno (?:te|se|os) mueva(?:s|n)?\b"
            r"|\b(?:qu(?:é|e)date|qu(?:é|e)dese|mantente|mant(?:é|e)ngase|permanece) "
            r"(?:completamente |muy )?(?:quiet[oa]s?|inm(?:ó|o)vil)"
        ),
        N_(
            "'{phrase}' commands stillness, which can feel trapping; you might say that moving "
            "is always fine"
        ),
    ),
    (
        "clear-mind",
        re.compile(
            r"\blet go of (?:all |every |your |all your )?(?:thoughts?|thinking)\b"
            r"|\b(?:clear|empty|quiet) your mind\b|\bstop thinking\b"
            r"|\b(?:deja|suelta|dejar|soltar) (?:ir )?(?:todos )?(?:los |tus )?pensamientos\b"
            r"|\b(?:vac(?:í|i)a|despeja) (?:tu |la )?mente\b"
            r"|\bdeja de pensar\b|\bmente en blanco\b"
        ),
        N_(
            "'{phrase}' asks for an empty mind, which no one can do on request, and trying can "
            "bring thoughts closer; you might say that thoughts come and go, and that is fine"
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
