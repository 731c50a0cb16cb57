"""How long a recording may last: below both the recordings a pack names (`recordings`) and
the voice extra that reads any phone's recording (`voice`), which each check it."""

from __future__ import annotations

from regulate.domain.durations import minutes_seconds
from regulate.i18n import _

MAX_RECORDING_SECONDS = 20 * 60


def length_problem(seconds: float) -> str | None:
    """What is wrong with a recording's length, if anything."""
    if seconds <= 0:
        return _("holds no sound")
    if seconds > MAX_RECORDING_SECONDS:
        return _(
            "lasts {length}; a recording may last at most 20 minutes (split a longer one "
            "across steps)"
        ).format(length=minutes_seconds(seconds, "nearest"))
    return None
