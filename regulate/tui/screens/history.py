"""The history: sessions, their ratings and the chart."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from regulate.tui.screens.base import (
    COMMON,
    Base,
    footer,
    literal,
)
from regulate.tui.widgets import chart_lines


class HistoryScreen(Base):
    BINDINGS = [
        Binding("escape", "app.home", "Back"),
        Binding("h", "app.home", "Back", show=False),
        *COMMON,
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page"):
            yield Static("Your sessions", classes="title")
            yield literal("").add_class("chart")
            yield literal("o before   * after   (most recent on the right)").add_class("hint")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield footer()

    def on_mount(self) -> None:
        sessions = self.rapp.recent_sessions()
        table = self.query_one(DataTable)
        table.add_columns("date", "exercise", "before -> after", "min", "how it ended")
        for s in sessions:
            before = "-" if s.before_rating is None else str(s.before_rating)
            after = "-" if s.after_rating is None else str(s.after_rating)
            table.add_row(
                s.started_local.strftime("%d %b %H:%M"),
                Text(s.exercise_title),  # a Rich Text cell is shown literally
                f"{before} -> {after}",
                f"{s.played_seconds / 60:.1f}",
                {"stopped": "stopped early"}.get(s.outcome, s.outcome),
            )
        chart = self.query_one(".chart", Static)
        if sessions:
            width = max(20, self.size.width - 4)
            chart.update(Content("\n".join(chart_lines(sessions, width))))
        else:
            chart.update("No sessions yet. They will show here after your first exercise.")
        table.focus()
