"""What the format allows: the keys it knows, its limits, the forms a duration takes, and ids."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

from regulate.i18n import N_, _
from regulate.system.textsafe import printable

MAX_TEXT = 2000
MAX_TITLE = 80
MAX_STEPS = 500
MAX_EXERCISES = 200
MAX_REGIONS = 40
MAX_STEP_SECONDS = 3600.0
MAX_EXERCISE_SECONDS = 3 * 3600.0
MAX_PROBLEMS_PER_FILE = 200
HOLD_WARNING_SECONDS = 4
PLACEHOLDER_MARK = "TODO:"  # what 'regulate new' leaves in the support text to fill in
CLOSING_EXPECTED_AFTER = 180.0
SUPPORT_REVIEW_DAYS = 366

STEP_KINDS = ("prompt", "breathe", "scan", "check_in")
STEP_BESIDE = {
    "prompt": ("for", "audio", "cue"),
    "breathe": ("audio", "cue"),
    "scan": ("audio", "cue"),
    "check_in": ("cue",),
}
BESIDE_ANY = frozenset(k for keys in STEP_BESIDE.values() for k in keys)
EXERCISE_KEYS = (
    "format", "title", "kind", "language", "about", "tags", "rating", "cues", "steps",
)  # fmt: skip
PACK_KEYS = (
    "format", "name", "id", "author", "language", "message", "exercises",
    "homework", "rating", "support", "settle",
)  # fmt: skip
BREATHE_KEYS = ("inhale", "hold", "exhale", "pause", "cycles", "for", "text")
SCAN_KEYS = ("regions", "each", "text")
CUE_KEYS = ("start", "step", "breath", "end")
HOMEWORK_KEYS = ("times", "per", "from", "until")
RATING_KEYS = ("question", "low", "mid", "high", "threshold")
SUPPORT_KEYS = ("text", "before", "after", "contact", "emergency", "reviewed")

DURATION_FORMS = N_(
    "a number of seconds (20, 7.5), '20s', '2m', '1m30s', '1.5m', or a clock time m:ss (1:30, 0:30)"
)
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d+):([0-5]\d)\s*$")  # m:ss or h:mm:ss
_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s?)?\s*$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def unknown_key_message(name: str, known: Iterable[str]) -> str:
    name = printable(name)  # a key is pack text: its control characters are shown, not obeyed
    options = list(known)
    close = difflib.get_close_matches(name.lower(), options, n=1, cutoff=0.6)
    if close:
        return _("unknown key '{name}'; did you mean '{suggestion}'?").format(
            name=name, suggestion=close[0]
        )
    return _("unknown key '{name}'; the keys here are: {choices}").format(
        name=name, choices=", ".join(options)
    )


def parse_duration(value: Any) -> float | None:
    """Seconds from 20, 7.5, '20s', '2m', '1m30s', '1.5m' or a clock time '1:30' / '0:30' /
    '1:00:00'; None if it is none of these. (YAML 1.1 reads an unquoted 1:30 as 90 itself, but
    not 0:30, and editors using YAML 1.2 read both as text: all of them mean m:ss here.)"""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    if clock := _CLOCK.match(value):
        hours, minutes, seconds = clock.groups()
        return float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
    match = _DURATION.match(value)
    if not match or not any(match.groups()):
        return None
    minutes, seconds = match.groups()
    return float(minutes or 0) * 60 + float(seconds or 0)


MAX_ID_CHARS = 64


def slugify(name: str) -> str:
    """A pack id from a folder's name: what an id may hold, at most MAX_ID_CHARS long."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:MAX_ID_CHARS].strip("-") or "pack"
