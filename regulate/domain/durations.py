"""Lengths of time as a person reads them: m:ss, or h:mm:ss past an hour. One format, with the
rounding said at each use, because what is shown decides it:

- `up`: a total or a time left, never understated (a 59.2 s step is 1:00);
- `down`: time already passed, never overstated (at 59.8 s into it, 0:59);
- `nearest`: a measured length (a recording, the time a session was played).
"""

from __future__ import annotations

import math
from typing import Literal

Rounding = Literal["up", "down", "nearest"]


def minutes_seconds(seconds: float, rounding: Rounding) -> str:
    if rounding == "up":
        whole = math.ceil(round(seconds, 6))
    elif rounding == "down":
        whole = math.floor(seconds + 1e-6)
    else:
        whole = round(seconds)
    hours, rest = divmod(max(0, whole), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
