"""Small widgets drawn from the domain's data. Each renders from state it is given; none keeps
time of its own."""

from regulate.tui.widgets.chart import chart_lines, columns, legend
from regulate.tui.widgets.guide import BreathGuide, Line, bar, fullness, phase_text
from regulate.tui.widgets.rating_row import RatingRow

__all__ = [
    "BreathGuide",
    "Line",
    "RatingRow",
    "bar",
    "chart_lines",
    "columns",
    "fullness",
    "legend",
    "phase_text",
]
