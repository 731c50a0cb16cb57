"""The person's own record: history, report and forget."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regulate import door
from regulate.i18n import _, ngettext
from regulate.system.textsafe import printable

if TYPE_CHECKING:
    from regulate.history import History, Place


def open_history(*, reading: bool = False) -> History | None:
    from regulate.history import History, HistoryError

    try:
        store = History.open(reading=reading)
    except HistoryError as exc:
        print(str(exc), file=sys.stderr)
        return None
    for notice in store.notices:
        print(notice, file=sys.stderr)
    return store


def open_for_play() -> tuple[History | None, Place]:
    """The history, read for the homework line, and where the session is written. A history
    busy (another program holds it) or written by a newer regulate never holds the start: the
    session's writer writes it once the file frees, or keeps it aside, and says so then."""
    from regulate.history import History, HistoryError, HistoryPlace

    try:
        store = History.open(reading=True)  # waits a second at most, not 10
    except HistoryError:
        return None, HistoryPlace.default()
    for notice in store.notices:
        print(notice, file=sys.stderr)
    return store, store


def cmd_history(args: argparse.Namespace) -> int:
    from regulate.history import HistoryError
    from regulate.report.formats import HISTORY_FORMATS, Extent

    store = open_history(reading=True)
    if store is None:
        return 1
    chosen = HISTORY_FORMATS[args.format]
    asked = (args.pack, args.since, args.include_previews)
    with store:
        try:
            sessions = store.each_session(*asked)
            first = next(sessions, None)
            if first is None:
                if chosen.says_when_empty:
                    print(_("No sessions yet.") if not (args.pack or args.since)
                          else _("No sessions match."))  # fmt: skip
                else:
                    chosen.write([], sys.stdout, None)
                return 0
            # written as they are read: the first line at once, however long the history
            extent = Extent(*store.listing_extent(*asked)) if chosen.lined_up else None
            chosen.write(itertools.chain([first], sessions), sys.stdout, extent)
        except HistoryError as exc:  # a damaged page met on the way: said, never a traceback
            sys.stdout.flush()
            print(str(exc), file=sys.stderr)
            return 1
    return 0


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Columns lined up, for people reading a terminal."""
    from regulate.report.formats import lined_up

    for line in lined_up(rows):
        print(line)


def confirm(question: str) -> bool:
    """Ask before doing something that can't be undone; only a yes goes ahead."""
    try:
        answer = input(question)
    except EOFError:
        answer = ""
    said = answer.strip().lower()
    # 'yes' in the person's language too ('sí', and 'si' as it is often typed)
    yes = _("yes").lower()
    plain = unicodedata.normalize("NFKD", yes).encode("ascii", "ignore").decode()
    return said in ("y", "yes", yes, plain)


def cmd_report(args: argparse.Namespace) -> int:
    from regulate.cli.destinations import refuse_destination, report_format
    from regulate.history import HistoryError
    from regulate.packs.library import load_library
    from regulate.report import build as report
    from regulate.report.formats import REPORT_FORMATS

    name, contradiction = report_format(args.format, args.output)
    if contradiction:
        print(contradiction, file=sys.stderr)
        return 2
    chosen = REPORT_FORMATS[name]
    if args.output != "-":
        target = Path(args.output) if args.output else _unused_name(chosen.suffix)
        # before anything is read: nothing of theirs is at risk, and nothing is built in vain
        if refused := refuse_destination(target, given=args.output, force=args.force):
            print(refused, file=sys.stderr)
            return 1
    store = open_history(reading=True)
    if store is None:
        return 1
    with store:
        try:
            data = report.build(
                store,
                load_library(language=args.person_language).by_id(),
                pack=args.pack,
                since=args.since,
                with_notes=args.with_notes,
                include_previews=args.include_previews,
                name=args.name,
            )
        except HistoryError as exc:  # a damaged page met on the way: said, never a traceback
            print(str(exc), file=sys.stderr)
            return 1
        if data.total == 0:  # a report of nothing is not handed over: said, and not written
            print(_nothing_to_report(args, store, load_library), file=sys.stderr)
            return 1
    text = chosen.render(data)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        # personal data (0600), whole or not at all, never onto the history being read
        reading = [Path(f"{store.path}{suffix}") for suffix in ("", "-wal", "-shm")]
        door.write_text(target, text, private=True, not_onto=reading)
    except OSError as exc:
        print(
            _("The report could not be written to {path} ({problem}).").format(
                path=printable(str(target)), problem=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return 1
    print(
        ngettext(
            "Your report is in {path}. It holds {n} session.",
            "Your report is in {path}. It holds {n} sessions.",
            data.total,
        ).format(path=printable(str(target)), n=data.total)
    )
    return 0


def _nothing_to_report(args: argparse.Namespace, store: History, load_library: Any) -> str:
    """Why there is no report: no such pack, or no sessions (of it, since the day asked)."""
    unknown = args.pack and args.pack not in load_library(language=args.person_language).by_id()
    if unknown and not store.sessions(pack=args.pack, include_previews=True, limit=1):
        return _(
            "There is no pack with the id '{pack_id}' among your packs or in your history, "
            "so no report was written. `regulate pack list` shows the ids."
        ).format(pack_id=printable(args.pack))
    if args.since:
        return _("There are no sessions since {day} to report, so no report was written.").format(
            day=args.since.isoformat()
        )
    return _("There are no sessions to report yet, so no report was written.")


def _unused_name(suffix: str) -> Path:
    """Today's report name; a second report on the same day gets its own name (-2, -3...),
    never replacing the first."""
    day = dt.date.today().isoformat()
    for n in range(1, 1000):
        target = Path(f"regulate-report-{day}{f'-{n}' if n > 1 else ''}.{suffix}")
        if not target.exists() and not target.is_symlink():
            return target
    return Path(f"regulate-report-{day}-{os.getpid()}.{suffix}")


def cmd_forget(args: argparse.Namespace) -> int:
    store = open_history()
    if store is None:
        return 1
    with store:
        kwargs = {"everything": args.all, "pack": args.pack, "before": args.before}
        count = store.forget(**kwargs, dry_run=True)
        if count == 0:
            print(_("There are no sessions like that, so nothing was deleted."))
            return 0
        what = (
            _("every session")
            if args.all
            else _("the sessions of pack '{pack}'").format(pack=args.pack)
            if args.pack
            else _("the sessions before {before}").format(before=args.before.isoformat())
        )
        print(
            ngettext(
                "This deletes {count} session from your history: {what}. It can't be brought back.",
                "This deletes {count} sessions from your history: {what}. They can't be brought "
                "back.",
                count,
            ).format(count=count, what=what)
        )
        if not args.yes and not confirm(
            _("Delete them? Type yes to delete, or press Enter to keep them: ")
        ):
            print(_("Nothing was deleted."))
            return 0
        deleted = store.forget(**kwargs)
    print(
        ngettext("Deleted {count} session.", "Deleted {count} sessions.", deleted).format(
            count=deleted
        )
    )
    return 0
