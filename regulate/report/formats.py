"""Every way the history leaves regulate, in one registry the command line reads: `--format`'s
choices for `report` and `history` come from here, so a new format is one module and one line.

A report format names the module that lays a report out (its `page(data)`), imported only when
that format is asked for; a history format is a function that writes sessions to a stream.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
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


def _table(sessions: Sequence[Session], out: TextIO) -> None:
    from regulate.history import table_headings, table_rows

    for line in lined_up([table_headings(), *table_rows(sessions)]):
        out.write(line + "\n")


def _csv(sessions: Sequence[Session], out: TextIO) -> None:
    import csv

    from regulate.history import COLUMNS
    from regulate.textsafe import spreadsheet_cell

    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    # a cell a spreadsheet would run as a formula is written as text
    writer.writerows([spreadsheet_cell(getattr(s, c)) for c in COLUMNS] for s in sessions)


def _json(sessions: Sequence[Session], out: TextIO) -> None:
    import json

    out.write(json.dumps([s.as_dict() for s in sessions], indent=1) + "\n")


@dataclass(frozen=True)
class HistoryFormat:
    name: str
    write: Callable[[Sequence[Session], TextIO], None]
    says_when_empty: bool  # a table for people says 'No sessions yet'; data stays data


HISTORY_FORMATS = {
    f.name: f
    for f in (
        HistoryFormat("table", _table, says_when_empty=True),  # the default
        HistoryFormat("csv", _csv, says_when_empty=False),
        HistoryFormat("json", _json, says_when_empty=False),
    )
}
