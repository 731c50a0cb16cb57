"""Faults leave a trace: what went wrong inside regulate, written to `error.log` in the data
folder (0600, never through a link, through the door), for the command line and the app alike.
The person is told in a sentence elsewhere; this is the detail for whoever they report it to."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

FILE_NAME = "error.log"


def log_path() -> Path:
    from regulate.system.paths import data_dir

    return data_dir() / FILE_NAME


def record(exc: BaseException, where: str = "") -> Path | None:
    """Add the fault, with its traceback, to error.log; its path, or None when it could not be
    written (a full disk, a link in its place): a fault while telling of a fault says nothing."""
    from regulate import door

    try:
        path = log_path()
        door.make_folder(path.parent, private=True)
        said = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        heading = f"--- {dt.datetime.now().isoformat()}{f' ({where})' if where else ''}"
        door.append_text(path, f"{heading}\n{said}\n", private=True)  # personal: paths, packs
    except Exception:
        return None
    return path
