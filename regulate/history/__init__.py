"""The history: every session and rating, kept in SQLite in the person's data folder. `store`
opens and writes it, `queries` reads it, `rows` is what the rest of the program sees, and
`errors` says what went wrong in a sentence."""

from regulate.history.errors import HistoryBusy, HistoryError, HistoryNewer
from regulate.history.migrations import MIGRATIONS, VERSION
from regulate.history.place import FILE_NAME, HistoryPlace, Place
from regulate.history.rows import (
    COLUMNS,
    OUTCOME_WORDS,
    DayTotals,
    ExerciseSummary,
    Outcome,
    Session,
    Tally,
    outcome_words,
    table_headings,
    table_rows,
    utc_stamp,
)
from regulate.history.store import History

__all__ = [
    "COLUMNS",
    "FILE_NAME",
    "MIGRATIONS",
    "OUTCOME_WORDS",
    "VERSION",
    "DayTotals",
    "ExerciseSummary",
    "History",
    "HistoryBusy",
    "HistoryError",
    "HistoryNewer",
    "HistoryPlace",
    "Outcome",
    "Place",
    "Session",
    "Tally",
    "outcome_words",
    "table_headings",
    "table_rows",
    "utc_stamp",
]
