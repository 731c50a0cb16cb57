"""Where the history lives, apart from any open connection to it: all a session's writer needs
(it opens its own connection, on its own thread) to write the session there once the file is
free, or to keep it aside beside it should the file never free or refuse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from regulate.history.kept import FOLDER as KEPT_FOLDER
from regulate.system import paths

FILE_NAME = "history.sqlite3"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Place(Protocol):
    """A history's file, its clock and its kept-sessions folder: an open `History` is one, and
    so is a `HistoryPlace` for a history that could not be opened (busy, or newer)."""

    @property
    def path(self) -> Path: ...

    @property
    def now(self) -> Callable[[], dt.datetime]: ...

    @property
    def kept_folder(self) -> Path: ...


@dataclass(frozen=True, eq=False)  # one place per run: the writers of a run follow each other
class HistoryPlace:
    path: Path
    now: Callable[[], dt.datetime] = field(default=utc_now)

    @property
    def kept_folder(self) -> Path:
        return self.path.parent / KEPT_FOLDER

    @classmethod
    def default(cls) -> HistoryPlace:
        """The person's own history, in the data folder (made by whoever first writes)."""
        return cls(paths.data_dir() / FILE_NAME)
