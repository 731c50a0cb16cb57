"""For the therapist writing a pack: check, schema and new."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from regulate import door
from regulate.i18n import _, ngettext
from regulate.system.textsafe import printable

if TYPE_CHECKING:
    from regulate.domain.problems import Problem
    from regulate.packs.check import CheckResult


def cmd_check(args: argparse.Namespace) -> int:
    from regulate.domain.problems import summary
    from regulate.packs.check import check

    strict = _strict_rules(args.strict)
    if strict is None:
        return 2
    paths = _paths_to_check(args.paths)
    if paths is None:
        return 2
    # a pipe or a device: reading one may never end, and no pack is in it
    odd = [path for path in paths if os.path.exists(path) and not _file_or_folder(path)]
    result = check([path for path in paths if path not in odd])
    if args.format == "json":
        # each recording (length, step, loudness) as a note after the problems: a line of
        # information, never counted as a problem
        notes = [{"file": line.split(": ", 1)[0], "line": 1, "column": 1, "severity": "note",
                  "message": line, "rule": "recording"} for line in result.recordings]  # fmt: skip
        print(json.dumps([*(p.as_dict() for p in result.problems), *notes], indent=2))
    else:
        sources: dict[str, list[str] | None] = {
            name: text.splitlines() for name, text in result.texts.items()
        }
        for problem in result.problems:
            print(f"{problem}  [{problem.rule}]")  # as mypy shows its codes: editors keep it
            for line in _source_lines(problem, sources):
                print(line)
        if result.recordings:
            print(_("Recordings:"))
            for line in result.recordings:
                print(f"  {line}")
        if result.files or not (result.missing or odd):  # the path's own sentence, alone
            print(summary(list(result.problems), result.files) + _strict_said(args.strict, result))
    for path in result.missing:
        print(
            _("regulate check: there is no file or folder at '{path}'").format(
                path=printable(path)
            ),
            file=sys.stderr,
        )
    for path in odd:
        said = _(
            "regulate check: '{path}' is neither a file nor a folder (it is a pipe, a device or "
            "the like), so it holds no pack; you might give a pack's folder or an exercise file."
        )
        print(said.format(path=printable(path)), file=sys.stderr)
    if result.missing or odd:
        return 2
    if result.errors or any(p.rule in strict for p in result.problems):
        return 1
    return 0


def _paths_to_check(paths: list[str]) -> list[str] | None:
    """The paths given; none given, this folder when it is a pack (a therapist inside their
    pack's folder). None, with a sentence, when there is nothing a pack could be in."""
    if not paths:
        try:
            door.inspect(Path("pack.yaml"), kind="pack")
            return ["."]
        except OSError as exc:
            if not isinstance(exc, door.DoorRefused) or exc.reason != "missing":
                print(_here_but_not_a_file(exc), file=sys.stderr)
                return None
        print(
            _(
                "There is no pack.yaml here, so this folder is not a pack. You could type "
                "regulate check followed by a pack's folder or an exercise file (regulate check "
                ". checks everything under this folder)."
            ),
            file=sys.stderr,
        )
        return None
    return paths


def _here_but_not_a_file(exc: OSError) -> str:
    """Why the pack.yaml in this folder can't be read (a folder, a pipe, a device, a link)."""
    return _(
        "There is a pack.yaml here, but {why}, so this folder can't be checked as a pack. You "
        "could make pack.yaml a plain file, or type regulate check followed by a pack's folder "
        "or an exercise file."
    ).format(why=exc.strerror or exc)


def _file_or_folder(path: str) -> bool:
    return os.path.isfile(path) or os.path.isdir(path)


def _strict_said(value: str | None, result: CheckResult) -> str:
    """What --strict did to the warnings found, said after the summary."""
    if value is None or not result.warnings:
        return ""
    if value == "all":
        return _("; with --strict, warnings count as errors")
    return _("; with --strict, warnings of {rules} count as errors").format(
        rules=printable(", ".join(part.strip() for part in value.split(",") if part.strip()))
    )


def _strict_rules(value: str | None) -> frozenset[str] | None:
    """The warnings --strict turns into errors; None (and a sentence) for a rule that isn't."""
    from regulate.loader.rules import WARNING_IDS

    if value is None:
        return frozenset()
    if value == "all":
        return frozenset(WARNING_IDS)
    asked = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(asked - set(WARNING_IDS))
    if unknown or not asked:
        print(
            ngettext(
                "--strict takes warning rules, and {asked} is not one; the warning rules are: "
                "{rules}.",
                "--strict takes warning rules, and {asked} are not; the warning rules are: "
                "{rules}.",
                max(len(unknown), 1),
            ).format(asked=printable(", ".join(unknown) or value), rules=", ".join(WARNING_IDS)),
            file=sys.stderr,
        )
        return None
    return frozenset(asked)


def _source_lines(problem: Problem, cache: dict[str, list[str] | None]) -> list[str]:
    """The line a problem is on, with a caret under its column, as compilers show it."""
    if problem.file not in cache:
        try:
            text = door.read_bytes(Path(problem.file), kind="pack").decode("utf-8-sig", "replace")
            cache[problem.file] = text.splitlines()
        except (OSError, ValueError):
            cache[problem.file] = None
    lines = cache[problem.file]
    if not lines or not 1 <= problem.line <= len(lines) or problem.line == 1 == problem.col:
        return []  # a whole-file problem, or a file that can't be read again
    source = printable(lines[problem.line - 1].expandtabs(1))
    number = str(problem.line)
    caret = " " * (min(problem.col, len(source) + 1) - 1) + "^"
    return [f"  {number} | {source}", f"  {' ' * len(number)} | {caret}"]


def cmd_schema(args: argparse.Namespace) -> int:
    from regulate.system.paths import schema_file

    if args.write:
        folder = Path(args.write)
        if folder.exists() and not folder.is_dir():
            said = _("--write takes a folder, and {folder} is a file; nothing was written.")
            print(said.format(folder=printable(args.write)), file=sys.stderr)
            return 2
        door.make_folder(folder, private=False)
        for kind in ("pack", "exercise"):
            target = folder / f"{kind}.schema.json"
            door.write_text(target, door.read_text(schema_file(kind), kind="text"), private=False)
            print(f"wrote {printable(str(target))}")
        return 0
    if args.kind:
        print(door.read_text(schema_file(args.kind), kind="text"), end="")
        return 0
    both = {
        k: json.loads(door.read_bytes(schema_file(k), kind="text")) for k in ("pack", "exercise")
    }
    print(json.dumps(both, indent=2))
    return 0


def print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def cmd_new(args: argparse.Namespace) -> int:
    from regulate.packs.folders import PackError, new_pack

    folder = Path(args.folder)
    try:
        written = new_pack(folder, args.template, args.person_language)
    except PackError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    shown = printable(str(folder))
    print(_("Wrote a new pack in {folder}:").format(folder=shown))
    for path in written:
        print(f"  {printable(str(path))}")
    print(_("Edit it in any editor, then run: regulate check {folder}").format(folder=shown))
    return 0
