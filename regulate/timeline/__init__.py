"""The timeline: which step and phase is on, and how far through, computed from the exercise and
a monotonic clock. `schedule` lays an exercise out, `clockwork` moves through it, `moments` holds
what it gives out (events, snapshots), `guide_words` says what the guide shows. No Textual here."""

from regulate.timeline.clockwork import EPSILON, SLEEP_GAP_SECONDS, Timeline
from regulate.timeline.guide_words import (
    PHASE_WORDS,
    breath_cue,
    guide_text,
    interlude_text,
    phase_line,
)
from regulate.timeline.moments import (
    CheckInAnswer,
    Clock,
    Event,
    Snapshot,
    Status,
    seconds_to_next_count,
)
from regulate.timeline.schedule import Segment, SegmentKind, schedule

__all__ = [
    "EPSILON",
    "PHASE_WORDS",
    "SLEEP_GAP_SECONDS",
    "CheckInAnswer",
    "Clock",
    "Event",
    "Segment",
    "SegmentKind",
    "Snapshot",
    "Status",
    "Timeline",
    "breath_cue",
    "guide_text",
    "interlude_text",
    "phase_line",
    "schedule",
    "seconds_to_next_count",
]
