"""Small widgets drawn from the domain's data. Each renders from state it is given; none keeps
time of its own."""

from typing import TYPE_CHECKING

from regulate.tui.lazy import lazy_names

if TYPE_CHECKING:
    from regulate.tui.widgets.chart import chart_lines, columns, legend
    from regulate.tui.widgets.guide import BreathGuide, bar, fullness, phase_text
    from regulate.tui.widgets.line import Line
    from regulate.tui.widgets.line_cache import KeptLines, KeptVertical
    from regulate.tui.widgets.rating_row import RatingRow

# Each is imported when first asked for (PEP 562): the home screen needs only Line, and the
# guide brings in the timeline, so the first screen is drawn sooner without them.
_WHERE = {
    "BreathGuide": "guide",
    "KeptLines": "line_cache",
    "KeptVertical": "line_cache",
    "Line": "line",
    "RatingRow": "rating_row",
    "bar": "guide",
    "chart_lines": "chart",
    "columns": "chart",
    "fullness": "guide",
    "legend": "chart",
    "phase_text": "guide",
}


__getattr__ = lazy_names(__name__, _WHERE)


__all__ = [
    "BreathGuide",
    "KeptLines",
    "KeptVertical",
    "Line",
    "RatingRow",
    "bar",
    "chart_lines",
    "columns",
    "fullness",
    "legend",
    "phase_text",
]
