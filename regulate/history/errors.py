"""What can go wrong with the history file, said so a person understands: busy is not broken."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from regulate.i18n import N_, _
from regulate.system.processes import pid_alive as pid_alive


class HistoryError(Exception):
    """A problem with the history file, said in words a person understands."""


class HistoryNewer(HistoryError):
    """Written by a newer regulate: left as it is; sessions wait beside it for that regulate."""


class HistoryBusy(HistoryError):
    """Another program holds the history locked: nothing is wrong with it, try again later."""


BUSY = N_(
    "Your history is busy: another program (perhaps another regulate window) is using it. "
    "Nothing has been changed or lost; please try again in a moment."
)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def plain_error(exc: sqlite3.Error, path: Path) -> HistoryError:
    if _is_busy(exc):
        return HistoryBusy(_(BUSY))
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "permission" in text:
        why = _("the file or its folder can't be written to (it is read-only)")
    elif "disk is full" in text or "full" in text:
        why = _("the disk is full")
    elif "unable to open" in text:
        why = _("the file can't be opened")
    else:
        why = _("of a problem with the file ({problem})").format(problem=exc)
    return HistoryError(
        _(
            "Your history at {path} can't be saved or read right now, because {why}. "
            "Nothing already saved has been lost."
        ).format(path=path, why=why)
    )


def keep_private(path: Path, mode: int) -> None:
    """Personal files stay this user's alone each time they are opened, not only when made
    (a copy or an editor may have widened them). Only what we own is touched."""
    with contextlib.suppress(OSError):
        info = path.stat()
        shared = info.st_mode & 0o1000 or path.resolve() in (Path.home(), Path("/"))
        # Windows has no owners or modes to narrow (os.getuid is POSIX's): there the history
        # is protected by the user's own profile folder, which other accounts can't read
        owner = getattr(os, "getuid", None)
        if owner is None:
            return
        if info.st_uid == owner() and info.st_mode & 0o777 != mode and not shared:
            path.chmod(mode)  # never a sticky folder such as /tmp, the home folder or /
