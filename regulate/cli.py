"""The command line: parse arguments and hand each command to the module that does the work."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from regulate import __version__

Handler = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regulate",
        description="Short guided regulation exercises, with a calm rating before and after.",
    )
    parser.add_argument("--version", action="version", version=f"regulate {__version__}")
    parser.set_defaults(func=_cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--version", action="version", version=f"regulate {__version__}")
        sub.set_defaults(func=func)
        return sub

    check = command(
        "check", _cmd_check, "Check packs, folders of packs and exercise files for problems."
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    schema = command("schema", _cmd_schema, "Print the JSON Schema of pack.yaml or an exercise.")
    schema.add_argument("kind", nargs="?", choices=("pack", "exercise"))
    schema.add_argument(
        "--write", metavar="DIR", help="write both schema files into DIR instead of printing"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    func: Handler = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


# ---------------------------------------------------------------- commands


def _cmd_home(args: argparse.Namespace) -> int:
    from regulate.paths import starter_pack

    print(f"regulate {__version__}: the starter pack is at {starter_pack()}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from regulate.check import check
    from regulate.problems import summary

    result = check(args.paths)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in result.problems], indent=2))
    else:
        for problem in result.problems:
            print(problem)
        print(summary(list(result.problems), result.files))
    for path in result.missing:
        print(f"regulate check: there is no file or folder at '{path}'", file=sys.stderr)
    if result.missing:
        return 2
    if result.errors or (args.strict and result.warnings):
        return 1
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from regulate.paths import schema_file

    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in ("pack", "exercise"):
            target = folder / f"{kind}.schema.json"
            target.write_text(schema_file(kind).read_text(encoding="utf-8"), encoding="utf-8")
            print(f"wrote {target}")
        return 0
    if args.kind:
        print(schema_file(args.kind).read_text(encoding="utf-8"), end="")
        return 0
    both = {k: json.loads(schema_file(k).read_text(encoding="utf-8")) for k in ("pack", "exercise")}
    print(json.dumps(both, indent=2))
    return 0
