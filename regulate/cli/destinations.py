"""Where a file regulate writes for the person may go, and what it is: a report's format from
its name, and never onto one of regulate's own files (a report written over the history or the
settings would lose what the person kept)."""

from __future__ import annotations

import os
from pathlib import Path

from regulate.i18n import _
from regulate.system.textsafe import printable

# the endings a report's name may have, and the format each one is (--format's names)
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
FORMAT_NAMES = {"html": "HTML", "md": "Markdown"}


def report_format(asked: str | None, output: str | None) -> tuple[str, str | None]:
    """(the format, None); or (the format asked, a sentence) when the file's name says another.
    Without --format, the name's ending chooses (`-o notes.md` is Markdown), else HTML."""
    named = SUFFIXES.get(Path(output).suffix.lower()) if output and output != "-" else None
    if asked is None:
        return named or "html", None
    if named is None or named == asked:
        return asked, None
    said = _(
        "The name {path} ends in {ending}, which is {named}, and --format asks for {asked}, so "
        "nothing was written; you could leave --format out, or give a name that ends in .{suffix}."
    ).format(
        path=printable(str(output)),
        ending=printable(Path(str(output)).suffix),
        named=FORMAT_NAMES.get(named, named),
        asked=FORMAT_NAMES.get(asked, asked),
        suffix=asked,
    )
    return asked, said


def own_places() -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """(regulate's own files, its own folders), as they are now (REGULATE_HOME included)."""
    from regulate import settings
    from regulate.history import HistoryPlace
    from regulate.packs import cache
    from regulate.system import faults
    from regulate.system.paths import config_dir, data_dir, packs_dir

    history = HistoryPlace.default()
    files = (
        config_dir() / settings.FILE_NAME,
        *(Path(f"{history.path}{end}") for end in ("", "-wal", "-shm", "-journal")),
        faults.log_path(),
        cache.location(),
    )
    folders = (history.kept_folder, packs_dir(), data_dir() / "takes", data_dir() / "locks")
    return files, (*folders, data_dir(), config_dir())


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return Path(os.path.abspath(path))


def _same(one: Path, other: Path) -> bool:
    try:
        return _resolved(one) == _resolved(other) or os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


def refuse_own(target: Path) -> str | None:
    """A sentence when `target` is one of regulate's own files or folders, or inside one of
    its own folders (through a link, a hard link or `..` too); None for any other place."""
    files, folders = own_places()
    # the data and config folders themselves are refused, not a new name beside their files
    # (REGULATE_HOME may well be the very folder a person works in)
    inner = folders[:-2]
    where = _resolved(target)
    if not (
        any(_same(target, own) for own in (*files, *folders))
        or any(where.is_relative_to(_resolved(folder)) for folder in inner)
    ):
        return None
    return _(
        "{path} is one of regulate's own files or folders, or inside one (its settings, history, "
        "kept sessions, packs or error log), so nothing was written there; you could choose "
        "another name with -o."
    ).format(path=printable(str(target)))
