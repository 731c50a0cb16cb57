"""Every way the history leaves regulate, in one registry the command line reads: `--format`'s
choices for `report` and `history` come from here, so a new format is one module and one line.

A report format names the module that lays a report out (its `page(data)`), imported only when
that format is asked for; a history format is a function that writes sessions to a stream.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the command line reads the names at every start; the writers come later
    from regulate.history import Session
    from regulate.report.build import ReportData


@dataclass(frozen=True)
class ReportFormat:
    name: str  # as typed after --format
    suffix: str  # of the file it is written to
    module: str  # the module whose `page(data)` lays it out

    def render(self, data: ReportData) -> str:
        page: Callable[[ReportData], str] = importlib.import_module(self.module).page
        return page(data)


REPORT_FORMATS = {
    f.name: f
    for f in (
        ReportFormat("html", "html", "regulate.report.html"),  # with a chart; the default
        ReportFormat("md", "md", "regulate.report.markdown"),
    )
}


def lined_up(rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns lined up, for people reading a terminal."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


@dataclass(frozen=True)
class Extent:
    """What a table must know before its first row to line its columns up: every title in
    it, and the longest time played."""

    titles: Sequence[str]
    longest_played: float


def _table(sessions: Iterable[Session], out: TextIO, extent: Extent | None) -> None:
    from regulate.domain.durations import minutes_seconds
    from regulate.history import OUTCOME_WORDS, table_headings, table_rows
    from regulate.i18n import _
    from regulate.system.textsafe import printable

    headings = table_headings()
    if extent is None:  # nothing known ahead: read them all, then line them up
        for line in lined_up([headings, *table_rows(sessions)]):
            out.write(line + "\n")
        return
    # each column as wide as its widest possible cell, known before the first row: the rows
    # are written as SQLite finds them (the first at once, however long the history)
    widths = [
        len("2026-11-20 09:30"),
        max((len(printable(t)) for t in extent.titles), default=0),
        len("10 -> 10"),
        len(minutes_seconds(extent.longest_played, "nearest")),
        max(len(_("{outcome} (preview)").format(outcome=_(w))) for w in OUTCOME_WORDS.values()),
    ]
    widths = [max(w, len(h)) for w, h in zip(widths, headings, strict=True)]
    out.write(_lined(headings, widths) + "\n")
    for row in table_rows(sessions):
        out.write(_lined(row, widths) + "\n")


def _lined(row: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()


def _csv(sessions: Iterable[Session], out: TextIO, extent: Extent | None) -> None:
    import csv

    from regulate.history import COLUMNS
    from regulate.system.textsafe import spreadsheet_cell

    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    # a cell a spreadsheet would run as a formula is written as text
    for s in sessions:
        writer.writerow([spreadsheet_cell(_cell(s, c)) for c in COLUMNS])


def _cell(s: Session, column: str) -> object:
    """A field as a spreadsheet shows it: the choices as words joined by '; ', not a list."""
    value = getattr(s, column)
    return "; ".join(value) if column == "choices" else value


def _json(sessions: Iterable[Session], out: TextIO, extent: Extent | None) -> None:
    """The same text as json.dumps(list, indent=1), written one session at a time."""
    import json

    first = True
    for s in sessions:
        out.write("[\n " if first else ",\n ")
        out.write(json.dumps(s.as_dict(), indent=1).replace("\n", "\n "))
        first = False
    out.write("[]\n" if first else "\n]\n")


@dataclass(frozen=True)
class HistoryFormat:
    name: str
    write: Callable[[Iterable[Session], TextIO, Extent | None], None]
    says_when_empty: bool  # a table for people says 'No sessions yet'; data stays data
    lined_up: bool  # needs the Extent before its first row


HISTORY_FORMATS = {
    f.name: f
    for f in (
        HistoryFormat("table", _table, says_when_empty=True, lined_up=True),  # the default
        HistoryFormat("csv", _csv, says_when_empty=False, lined_up=False),
        HistoryFormat("json", _json, says_when_empty=False, lined_up=False),
    )
}
