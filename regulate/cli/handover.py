"""Handing packs over: zip, add, list and remove."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from regulate import door
from regulate.cli.authoring import print_problems
from regulate.cli.destinations import refuse_destination
from regulate.cli.records import confirm, print_table
from regulate.i18n import _, ngettext
from regulate.system.textsafe import printable

if TYPE_CHECKING:
    from regulate.domain.model import Pack
    from regulate.domain.problems import Problem


def cmd_pack_help(args: argparse.Namespace) -> int:
    print(
        _("Say what to do with packs: regulate pack zip | add | list | remove (--help for more).")
    )
    return 2


def cmd_pack_zip(args: argparse.Namespace) -> int:
    from regulate.domain.problems import PackError
    from regulate.packs.archive import zip_pack

    if not Path(args.folder).is_dir():
        print(_("regulate pack zip: there is no pack folder at '{folder}'").format(
            folder=printable(args.folder)), file=sys.stderr)  # fmt: skip
        return 2
    folder = Path(args.folder)

    def refuse(target: Path) -> str | None:
        return refuse_destination(target, given=args.output, force=args.force, pack=folder)

    if args.output and (refused := refuse(Path(args.output))):  # before the pack is read
        print(refused, file=sys.stderr)
        return 1
    warned = _warnings_before_zip(args.folder)
    template = [p for p in warned if p.rule in TEMPLATE_RULES]
    if template and not args.draft:
        print(_refusal(template), file=sys.stderr)
        return 1
    try:
        done = zip_pack(folder, Path(args.output) if args.output else None, refuse=refuse)
    except PackError as exc:
        print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    if done.left_out:
        print(
            ngettext(
                "Left out {count} recording that no step or cue plays: {names}",
                "Left out {count} recordings that no step or cue plays: {names}",
                len(done.left_out),
            ).format(count=len(done.left_out), names=", ".join(map(printable, done.left_out)))
        )
    if done.converted:
        print(
            ngettext(
                "Made {count} recording ready for every client (MP3, trimmed, at one loudness):",
                "Made {count} recordings ready for every client (MP3, trimmed, at one loudness):",
                len(done.converted),
            ).format(count=len(done.converted))
        )
        for item in done.converted:
            was = f"{item.lufs_before:.0f}" if item.lufs_before > -70 else _("silent")
            line = _("  {name} -> {new_name}: loudness {before} -> {after:.0f} LUFS").format(
                name=item.name, new_name=item.new_name, before=was, after=item.lufs_after
            )
            if item.limited:
                line += _(" (a little quieter, so that it never clips)")
            print(line)
        print(_("Your own files are unchanged."))
    print(_("Wrote {path} ({files} files, {size}).").format(
        path=printable(str(done.path)), files=done.files, size=_megabytes(done.size)))  # fmt: skip
    if template:
        print(_("It is a draft: it still holds words from 'regulate new', so it is for trying "
                "out, not yet for a client."))  # fmt: skip
    print(f"SHA-256: {done.sha256}")
    print(_("Your client can compare this with what 'regulate pack add' prints."))
    if done.size > EMAIL_BYTES:
        print(
            _(
                "At {megabytes} this zip is more than most email can carry (about {limit}). "
                "To make it smaller, save the recordings as MP3 (mono at 64 kb/s is plenty for a "
                "voice: about half a megabyte a minute), or share the zip through a file-sharing "
                "link. Its largest files:"
            ).format(megabytes=_megabytes(done.size), limit=_megabytes(EMAIL_BYTES))
        )
        for name, size in done.largest:
            print(f"  {name}: {_megabytes(size)}")
    return 0


TEMPLATE_RULES = ("template-words", "support-placeholder")
SHOWN_AT_MOST = 10  # warnings printed by `pack zip`; `check` shows them all


def _warnings_before_zip(folder: str) -> list[Problem]:
    """Every warning `check` would give the pack, printed (the first few when there are many),
    so nothing a therapist would want to know is hidden by the zip; errors are said by the zip
    itself, which refuses them."""
    from regulate.packs.check import check

    warned = [p for p in check([folder]).problems if p.severity == "warning"]
    for problem in warned[:SHOWN_AT_MOST]:
        print(f"{problem}  [{problem.rule}]", file=sys.stderr)
    if len(warned) > SHOWN_AT_MOST:
        more = len(warned) - SHOWN_AT_MOST
        print(ngettext("...and {count} more warning; 'regulate check {folder}' shows it.",
                       "...and {count} more warnings; 'regulate check {folder}' shows them all.",
                       more).format(count=more, folder=folder), file=sys.stderr)  # fmt: skip
    return warned


def _refusal(template: list[Problem]) -> str:
    """Why a pack still holding the template's words was not zipped, and where they are."""
    places = "; ".join(
        _("{file} line {line}").format(file=printable(p.file), line=p.line) for p in template
    )
    return _(
        "This pack still holds words from 'regulate new' that your client would see ({places}), "
        "so it was not zipped. Write your own there, or give --draft to zip it as a draft to "
        "try out."
    ).format(places=places)


EMAIL_BYTES = 18_000_000  # what common email services carry, once attachments are encoded


def _megabytes(size: int) -> str:
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"


def cmd_pack_add(args: argparse.Namespace) -> int:
    import hashlib

    from regulate.packs import folders as packs

    source = Path(args.source)
    if not source.exists():
        print(
            _("regulate pack add: there is no file or folder at '{source}'").format(source=source),
            file=sys.stderr,
        )
        return 2
    try:
        staging, pack = packs.prepare(source)
    except packs.PackError as exc:
        print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    if source.is_file():
        digest = hashlib.sha256(door.read_bytes(source, kind="zip")).hexdigest()
        print(f"SHA-256 of {source.name}: {digest}")
    _say_if_draft(pack)
    existing = packs.installed(pack.id)
    if (
        existing is not None
        and not args.replace
        and not confirm(
            _(
                "A pack with the id '{id}' is already here. Replace it with this one? Type yes "
                "to replace, or press Enter to keep the one you have: "
            ).format(id=pack.id)
        )
    ):
        packs.discard(staging)
        print(_("Nothing was changed."))
        return 0
    added = packs.install(staging, pack)
    count = len(added.pack.exercises)
    if added.replaced:
        said = ngettext(
            "Replaced '{name}' ({id}) with {count} exercise.",
            "Replaced '{name}' ({id}) with {count} exercises.",
            count,
        )
    else:
        said = ngettext(
            "Added '{name}' ({id}) with {count} exercise.",
            "Added '{name}' ({id}) with {count} exercises.",
            count,
        )
    print(said.format(name=added.pack.name, id=added.pack.id, count=count))
    return 0


def _say_if_draft(pack: Pack) -> None:
    """A pack still holding the template's words is a draft: the person adding it is told what
    they would see, and where (it is still added: they may be the therapist trying it out)."""
    from regulate.packs.leftovers import folder_leftovers

    if pack.folder is None:
        return
    found = folder_leftovers(pack.folder, "")
    if not found:
        return
    places = "; ".join(
        _("{file} line {line}").format(file=printable(p.file), line=p.line) for p in found
    )
    print(_(
        "This pack looks like a draft: it still holds words from 'regulate new' that are meant "
        "to be replaced ({places}). If it came from your therapist, you might ask them for the "
        "finished one."
    ).format(places=places))  # fmt: skip


def cmd_pack_list(args: argparse.Namespace) -> int:
    from regulate.domain import homework
    from regulate.packs.folders import STARTER_ID
    from regulate.packs.library import load_library

    library = load_library(language=args.person_language)
    rows = [("id", _("name"), _("author"), _("exercises"), _("homework"), _("where"))]
    for pack in library.packs:
        where = _("bundled") if pack.id == STARTER_ID else str(pack.folder)
        plan = homework.describe(pack.homework) if pack.homework else "-"
        rows.append((pack.id, pack.name, pack.author or "-", str(len(pack.exercises)), plan, where))
    print_table(rows)
    for folder, _problems in library.broken:
        print(
            _("({folder} could not be opened; regulate check {folder} shows why)").format(
                folder=folder
            )
        )
    return 0


def cmd_pack_remove(args: argparse.Namespace) -> int:
    from regulate.packs import folders as packs
    from regulate.packs.library import load_library

    home = packs.installed(args.pack_id)
    if home is None:
        known = load_library(language=args.person_language).get(args.pack_id)
        if known is not None:
            print(
                _("'{pack_id}' comes with regulate and can't be removed.").format(
                    pack_id=args.pack_id
                ),
                file=sys.stderr,
            )
        else:
            print(
                _("There is no added pack with the id '{pack_id}'.").format(pack_id=args.pack_id),
                file=sys.stderr,
            )
        return 1
    if not args.yes and not confirm(
        _(
            "Remove the pack '{pack_id}'? Your history of its sessions is kept. Type yes to "
            "remove it, or press Enter to keep it: "
        ).format(pack_id=args.pack_id)
    ):
        print(_("Nothing was changed."))
        return 0
    try:
        packs.remove(args.pack_id)
    except packs.PackError as exc:  # another window removed it between the question and now
        print(str(exc), file=sys.stderr)
        return 1
    print(
        _("Removed '{pack_id}'. Your history of its sessions is kept.").format(pack_id=args.pack_id)
    )
    return 0
