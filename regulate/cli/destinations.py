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
    """(regulate's own files, its own folders), as they are now (REGULATE_HOME included).
    The files are the names regulate gives; `_own_name` holds every name it makes from them."""
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


def _own_name(name: str, own: tuple[Path, ...]) -> bool:
    """Whether a name in the data or config folder is one regulate makes from its own: a file
    moved aside (history.unreadable-<date>.sqlite3 and its -wal), a half-written one
    (.settings.json.<random>.part), SQLite's companions: each begins with an own name's stem."""
    bare = name.lstrip(".")
    return any(bare == p.name or bare.startswith(f"{p.name.split('.')[0]}.") for p in own)


def _own(target: Path) -> bool:
    from regulate.system.paths import home_chosen

    files, folders = own_places()
    homes = folders[-2:]
    # the data and config folders regulate's installer names are regulate's alone; REGULATE_HOME
    # may well be the very folder a person works in: there, only the names regulate makes
    inner = (*folders[:-2], *(() if home_chosen() else homes))
    where = _resolved(target)
    if any(_same(target, own) for own in (*files, *folders)):
        return True
    if any(where.is_relative_to(_resolved(folder)) for folder in inner):
        return True
    for home in homes:
        if _same(where.parent, home) and _own_name(where.name, (*files, *folders)):
            return True
        if target.exists():  # a hard link or a link to a file regulate made there
            try:
                made = [home / n for n in os.listdir(home) if _own_name(n, (*files, *folders))]
            except OSError:
                made = []
            if any(_same(target, path) for path in made):
                return True
    return False


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
    its own folders (through a link, a hard link or `..` too), or a name regulate makes beside
    its own files (a history kept aside as unreadable); None for any other place."""
    if not _own(target):
        return None
    return _(
        "{path} is one of regulate's own files or folders, or inside one (its settings, history, "
        "kept sessions, packs or error log), so nothing was written there; you could choose "
        "another name with -o."
    ).format(path=printable(str(target)))


def refuse_destination(
    target: Path, *, given: str | None, force: bool, pack: Path | None = None
) -> str | None:
    """One sentence when a file should not be written at `target`, else None: a folder (or a
    name ending in a slash), one of regulate's own places, a place inside the pack being zipped
    (`pack`), or a file already there without --force. `given` is what -o said (None: the
    default name, in the folder the person is in, which the sentence then speaks of)."""
    path = printable(str(target))
    if _own(target):
        if given is not None:
            return refuse_own(target)
        return _(
            "The folder you are in is one of regulate's own (its history, kept sessions or "
            "packs), so {path} was not written there; you could give -o a place of your own."
        ).format(path=path)
    if target.is_dir():
        return _(
            "{path} is a folder, so nothing was written there; you could give -o the name of a "
            "file inside it."
        ).format(path=printable(given or str(target)))
    if given is not None and given.endswith(("/", os.sep)):  # a folder meant, not yet there
        return _(
            "{path} ends in a slash, so it names a folder, and nothing was written; you could "
            "give -o the name of a file."
        ).format(path=printable(given))
    if pack is not None and _resolved(target).is_relative_to(_resolved(pack)):
        if given is not None:
            return _(
                "{path} is inside the pack being zipped, so nothing was written there: it "
                "would replace one of the pack's files or go into its next zip. You could give "
                "-o a name outside the pack's folder."
            ).format(path=path)
        return _(
            "The folder you are in is the pack's own folder, so {path} was not written there: "
            "it would go into the pack's next zip. You could give -o a name outside it, such as "
            "-o ../{name}."
        ).format(path=path, name=printable(target.name))
    if not force and (target.exists() or target.is_symlink()):
        return _(
            "There is already a file at {path}, so nothing was written; you could add --force "
            "to replace it, or choose another name with -o."
        ).format(path=path)
    return None
