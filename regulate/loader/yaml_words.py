"""The words for what is wrong in a YAML file: values quoted safely (control characters and
direction marks shown, never obeyed), and a syntax mistake said where it starts, in plain
words. Used by the tree's reader (yamltree.py) and the readers of its values."""

from __future__ import annotations

import re
from typing import Any

import yaml

from regulate.domain.problems import START, Pos
from regulate.i18n import N_, _

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def quote(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    shown = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", shown).replace("\n", "\\n")
    return "'" + shown + "'"


BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def inert_bidi(text: str) -> str:
    return BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def bidi_message(char: str) -> str:
    return _(
        "this text holds a direction mark (U+{code:04X}) that can make a terminal show words in "
        "another order than they are written; regulate shows it as \\u{code:04x} instead of "
        "obeying it - right-to-left languages read correctly without it, so you might remove it"
    ).format(code=ord(char))


_CONTROL_NAMES = {
    "\x1b": N_("an escape character"),
    "\x07": N_("a bell character"),
    "\x00": N_("a null character"),
    "\x08": N_("a backspace character"),
}


def control_message(char: str) -> str:
    what = _(_CONTROL_NAMES.get(char, N_("a control character")))
    return _(
        "this text holds {what} (U+{code:04X}); text may hold letters, newlines and tabs, "
        "but not control characters"
    ).format(what=what, code=ord(char))


def mark_pos(mark: Any) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def syntax_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[Pos, str]:
    """Where a YAML mistake starts, in plain words. PyYAML notices a mistake where it gives
    up (often the end of the file); its `context_mark` is where the broken part began."""
    context, problem = exc.context or "", exc.problem or ""
    start, stop = exc.context_mark, exc.problem_mark

    def line_at(mark: Any) -> str:
        return lines[mark.line] if mark is not None and mark.line < len(lines) else ""

    if "quoted scalar" in context and start is not None:
        quote = line_at(start)[start.column : start.column + 1] or '"'
        return mark_pos(start), (
            _("this quote is never closed; add the closing {quote} where the text ends").format(
                quote=quote
            )
        )
    if stop is not None and line_at(stop)[stop.column : stop.column + 1] == "\t":
        return mark_pos(stop), (
            _("tabs can't indent YAML; use spaces (most editors can turn tabs into spaces)")
        )
    if "simple key" in context and "':'" in problem and start is not None:
        words = line_at(start)[start.column :].split()
        if words:
            return mark_pos(start), _("a ':' seems to be missing after '{word}'").format(
                word=words[0]
            )
        return mark_pos(start), _("a ':' seems to be missing")
    for opener, closer, kind in (("[", "]", "flow sequence"), ("{", "}", "flow mapping")):
        if kind in context and start is not None:
            return mark_pos(start), _("this '{opener}' is never closed with '{closer}'").format(
                opener=opener, closer=closer
            )
    mark = stop or start
    return (mark_pos(mark) if mark is not None else START), (
        _(
            "this is not valid YAML here; check the indentation, colons, quotes and brackets "
            "near this place"
        )
    )
