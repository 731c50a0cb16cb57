"""The history: a chart of calm before and after over time, by day or by week, and the sessions."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from regulate import history
from regulate.domain.durations import minutes_seconds
from regulate.history import Session, outcome_words
from regulate.i18n import N_, _, datetime_words
from regulate.tui.screens.base import COMMON, Base, literal
from regulate.tui.widgets import chart_lines, columns, legend
from regulate.tui.widgets.chart import LABEL_WIDTH, Span


class HistoryScreen(Base[None]):
    """Given the person's date today and the sessions, newest first (None while the history
    is still being opened: the app gives them with `show_sessions` once it can)."""

    BINDINGS = [
        Binding("escape", "app.home", N_("Back")),
        Binding("w", "span('week')", N_("By week")),
        Binding("w", "span('day')", N_("By day")),
        Binding("h", "app.home", N_("Back"), show=False),
        # the arrows move through the sessions, the list coming into sight below the chart;
        # named in the footer as one key (the list's own arrows would say nothing there)
        Binding("down", "scroll(1)", N_("Scroll"), key_display="↑↓", priority=True),
        Binding("up", "scroll(-1)", N_("Scroll"), show=False, priority=True),
        *COMMON,
    ]

    def __init__(self, today: dt.date, sessions: list[Session] | None) -> None:
        super().__init__()
        self.span: Span = "day"
        self.today = today
        self.sessions = sessions

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield Static(_("Your sessions"), classes="title", markup=False)
            yield literal("").add_class("chart")
            yield literal("").add_class("hint")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*history.table_headings())
        self.show_sessions(self.sessions)

    def show_sessions(self, sessions: list[Session] | None) -> None:
        """The sessions: at once, and again when a history still being opened as this screen
        came (opened off the event loop) has arrived."""
        self.sessions = sessions
        table = self.query_one(DataTable)
        table.clear()
        table.display = bool(sessions)  # no bare header under "No sessions yet"
        for s in (sessions or [])[:200]:  # the table lists the newest 200
            before = "-" if s.before_rating is None else str(s.before_rating)
            after = "-" if s.after_rating is None else str(s.after_rating)
            table.add_row(
                datetime_words(s.started_local, "d MMM HH:mm"),
                Text(s.exercise_title),  # a Rich Text cell is shown literally
                f"{before} -> {after}",
                minutes_seconds(s.played_seconds, "nearest"),
                outcome_words(s),
            )
        self.refresh_keys()
        self.draw()
        table.focus(scroll_visible=False)  # the chart first; the list follows below

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # on a short window the list sits below the chart: moving in it brings it into sight
        if event.cursor_row > 0:
            self.query_one(VerticalScroll).scroll_end(animate=False)

    def on_resize(self) -> None:
        self.draw()

    def action_scroll(self, step: int) -> None:
        """Down: the next session in the list (the list comes into sight). Up: the one
        before, and from the first, back to the chart."""
        page = self.query_one(VerticalScroll)
        table = self.query_one(DataTable)
        if not table.display or not table.row_count:
            page.scroll_relative(y=step, animate=False)  # no list: the page itself
        elif step < 0 and table.cursor_row == 0:
            page.scroll_home(animate=False)
        elif step < 0:
            table.action_cursor_up()
        else:
            table.action_cursor_down()
            page.scroll_end(animate=False)  # a list of one row comes into sight too

    def action_span(self, span: Span) -> None:
        self.span = span
        self.refresh_bindings()
        self.refresh_keys()
        self.draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # one 'w' at a time: "By week" while days show, "By day" while weeks do
        if action == "span" and parameters and parameters[0] == self.span:
            return False
        return super().check_action(action, parameters)

    def draw(self) -> None:
        chart = self.query_one(".chart", Static)
        hint = self.query_one(".hint", Static)
        if self.sessions is None:
            chart.update(_("Reading your history..."))
            hint.update("")
            return
        if not self.sessions:
            chart.update(_("No sessions yet. They will show here after your first exercise."))
            hint.update("")
            return
        room = max(10, self.size.width - 6 - LABEL_WIDTH)  # padding and a scroll bar
        # a day is two columns wide when a month of days fits, else one
        per = 2 if self.span == "day" and room >= 56 else 3 if self.span == "week" else 1
        count = room // per
        cols = columns(self.sessions, self.today, count, self.span)
        # few columns (a short history): wider ones, up to a date label's width, so that each
        # column's date can stand under it
        per = max(per, min(room // max(len(cols), 1), 4 if self.span == "day" else 7))
        chart.update(Content("\n".join(chart_lines(cols, per, self.span))))
        hint.update(Content(legend(self.span)))
