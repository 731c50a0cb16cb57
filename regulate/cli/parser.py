"""The arguments every command takes, in the person's language (argparse's own words too:
`parsing`)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from regulate import __version__
from regulate.cli.authoring import cmd_check, cmd_new, cmd_schema
from regulate.cli.handover import (
    cmd_pack_add,
    cmd_pack_help,
    cmd_pack_list,
    cmd_pack_remove,
    cmd_pack_zip,
)
from regulate.cli.parsing import RegulateParser
from regulate.cli.play import cmd_home, cmd_play
from regulate.cli.records import cmd_forget, cmd_history, cmd_report
from regulate.cli.voicing import cmd_record, cmd_voice_add, cmd_voice_help
from regulate.i18n import N_, _
from regulate.report.formats import HISTORY_FORMATS, REPORT_FORMATS

LANGUAGE_HELP = N_(
    "the language regulate speaks, such as es or en, for this run (the home screen's l key "
    "keeps a choice); a pack written in a language regulate speaks is shown in it"
)
Handler = Callable[[argparse.Namespace], int]


def _common_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--version and --language, on regulate and on every command."""
    parser.add_argument(
        "--version",
        action="version",
        version=f"regulate {__version__}",
        help=_("show the version of regulate"),
    )
    # SUPPRESS below the top: `regulate --language es history` keeps the language given first
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--language", metavar="TAG", default=default, help=_(LANGUAGE_HELP))


def build_parser() -> argparse.ArgumentParser:
    parser = RegulateParser(
        prog="regulate",
        description=_("Short guided regulation exercises, with a calm rating before and after."),
    )
    _common_options(parser, top=True)
    parser.set_defaults(func=cmd_home, speed=1.0, plain=False, sound=None, reduced_motion=None)
    _display_options(
        parser, _("plain lines instead of the full screen: your packs, read out one line at a time")
    )
    command = _adder(parser.add_subparsers(title=_("commands"), metavar="COMMAND"))
    # in the order --help lists them: the therapist's check first, then the person's commands
    _check_command(command)
    _play_command(command)
    _record_commands(command)
    _new_and_pack_commands(command)
    _voice_commands(command)
    _schema_command(command)
    return parser


Adder = Callable[[str, Handler, str], argparse.ArgumentParser]


def _adder(commands: Any) -> Adder:
    """A function that adds one command (its help, the common options, its handler)."""

    def command(name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        _common_options(sub)
        sub.set_defaults(func=func)
        return sub

    return command


def _check_command(command: Adder) -> None:
    check = command(
        "check", cmd_check, _("Check packs, folders of packs and exercise files for problems.")
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=_given,
        help=_("packs, folders or exercise files (none: this folder, when it is a pack)"),
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--strict",
        action="store_const",
        const="all",
        help=_(
            "treat warnings as errors; --strict=long-hold,eyes-closed does so for those rules "
            "only (every rule: docs/rules.md)"
        ),
    )
    # `--strict=RULES` arrives here (see _main): a bare --strict must never swallow a path
    check.add_argument("--strict-rules", dest="strict", help=argparse.SUPPRESS)


def _play_command(command: Adder) -> None:
    play = command("play", cmd_play, _("Play one exercise, or open a pack, straight away."))
    play.add_argument(
        "path", metavar="PATH", type=_given, help=_("an exercise file or a pack folder")
    )
    play.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="N",
        help=_("play N times faster, 1 to 100 (a preview; kept apart in your history)"),
    )
    _display_options(play, _("plain lines instead of the full screen"))


def _record_commands(command: Adder) -> None:
    history = command("history", cmd_history, _("List your sessions, newest first."))
    _filters(history)
    history.add_argument("--format", choices=tuple(HISTORY_FORMATS), default="table")

    report = command(
        "report", cmd_report, _("Write a report of your sessions to bring to your therapist.")
    )
    _filters(report)
    report.add_argument(
        "--format",
        choices=tuple(REPORT_FORMATS),
        help=_("html (with a chart) or md; left out, the name given to -o chooses, else html"),
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=_given,
        help=_("where to write it ('-' for the screen)"),
    )
    report.add_argument(
        "--force", action="store_true", help=_("replace the file named with -o if there is one")
    )
    report.add_argument(
        "--with-notes",
        action="store_true",
        help=_("include your personal notes (left out unless asked)"),
    )
    report.add_argument(
        "--name",
        metavar="TEXT",
        type=_given,
        help=_("a name or label to put at the top, such as your first name (none unless given)"),
    )

    forget = command("forget", cmd_forget, _("Delete sessions from your history."))
    what = forget.add_mutually_exclusive_group(required=True)
    what.add_argument("--all", action="store_true", help=_("every session"))
    what.add_argument("--pack", metavar="ID", type=_given, help=_("the sessions of one pack"))
    what.add_argument("--before", metavar="DATE", type=_date, help=_("sessions before a date"))
    forget.add_argument("--yes", action="store_true", help=_("do not ask first"))


def _new_and_pack_commands(command: Adder) -> None:
    new = command("new", cmd_new, _("Write a new pack to edit, with comments on every field."))
    new.add_argument("folder", metavar="DIR", type=_given)
    new.add_argument(
        "--from",
        dest="template",
        choices=("blank", "starter"),
        default="blank",
        help=_("start from a blank example (default) or a copy of the starter pack"),
    )

    pack = command("pack", cmd_pack_help, _("Hand packs over: zip, add, list and remove them."))
    pack_commands = pack.add_subparsers(title=_("pack commands"), metavar="COMMAND")

    pack_command = _adder(pack_commands)

    zip_ = pack_command("zip", cmd_pack_zip, _("Check a pack and write it as one zip file."))
    zip_.add_argument("folder", metavar="DIR", type=_given)
    zip_.add_argument(
        "-o", "--output", metavar="FILE", type=_given, help=_("the zip to write (default: ID.zip)")
    )
    zip_.add_argument(
        "--draft",
        action="store_true",
        help=_("zip it even though it still holds words from 'regulate new', to try it out"),
    )
    zip_.add_argument(
        "--force", action="store_true", help=_("replace a file already there (-o's or ID.zip)")
    )
    add = pack_command("add", cmd_pack_add, _("Check a pack (folder or zip) and add it."))
    add.add_argument("source", metavar="PATH_OR_ZIP", type=_given)
    add.add_argument("--replace", action="store_true", help=_("replace a pack with the same id"))
    pack_command("list", cmd_pack_list, _("List the packs you have."))
    remove = pack_command("remove", cmd_pack_remove, _("Remove an added pack (history is kept)."))
    remove.add_argument("pack_id", metavar="ID", type=_given)
    remove.add_argument("--yes", action="store_true", help=_("do not ask first"))


def _voice_commands(command: Adder) -> None:
    voice = command("voice", cmd_voice_help, _("Put your voice into a pack: voice add."))
    voice_commands = voice.add_subparsers(title=_("voice commands"), metavar="COMMAND")
    add = _adder(voice_commands)(
        "add", cmd_voice_add,
        _("Put a recording (from any phone: M4A, Opus, AMR...) into a step of a pack."),
    )  # fmt: skip
    record = command("record", cmd_record, _("Record a step of a pack from the microphone."))
    for sub in (add, record):
        sub.add_argument("pack", metavar="DIR", type=_given, help=_("the pack's folder"))
        sub.add_argument("exercise", metavar="EXERCISE", type=_given,
                         help=_("the exercise's id or file name"))  # fmt: skip
        sub.add_argument("step", metavar="STEP", type=_step_number,
                         help=_("the step's number, from 1"))  # fmt: skip
    add.add_argument("file", metavar="FILE", type=_given, help=_("the recording"))
    for sub in (add, record):
        sub.add_argument("--replace", action="store_true",
                         help=_("replace the step's recording without asking"))  # fmt: skip
    record.add_argument("--seconds", type=_record_seconds, default=300.0,
                        help=_("record at most this long (default 300)"))  # fmt: skip
    record.add_argument("--count-in", type=int, choices=range(0, 11), default=3,
                        metavar="N", help=_("count N seconds down first (default 3)"))  # fmt: skip


def _step_number(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a step number; steps are counted from 1").format(text=text)
        )
    return int(text)


def _record_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 1 <= value <= 1200:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a length from 1 to 1200 seconds").format(text=text)
        )
    return value


def _schema_command(command: Adder) -> None:
    schema = command("schema", cmd_schema, _("Print the JSON Schema of pack.yaml or an exercise."))
    schema.add_argument("kind", nargs="?", choices=("pack", "exercise"))
    schema.add_argument(
        "--write",
        metavar="DIR",
        type=_given,
        help=_("write both schema files into DIR instead of printing"),
    )


def _given(text: str) -> str:
    """A value the person typed: an empty or blank one says nothing (and `--pack ''` must not
    quietly mean every pack), so it is refused with a sentence."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            _("an empty value says nothing here; give one, or leave the option out")
        )
    return text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date; write it as YYYY-MM-DD, such as 2026-11-01").format(
                text=text
            )
        ) from None


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a speed from 1 to 100").format(text=text)
        )
    return value


def _display_options(sub: argparse.ArgumentParser, plain_help: str) -> None:
    """--plain, --sound, --no-sound, --reduced-motion: on regulate and on play alike, so they
    may come before or after the command (`regulate --plain play starter`). No defaults here
    (the top parser's set_defaults gives them): a command's own default would overwrite what
    was given before it."""
    absent = argparse.SUPPRESS
    sub.add_argument("--plain", action="store_true", default=absent, help=plain_help)
    sound = sub.add_mutually_exclusive_group()
    sound.add_argument(
        "--sound",
        dest="sound",
        action="store_true",
        default=absent,
        help=_("gentle sound cues on, for this run"),
    )
    sound.add_argument(
        "--no-sound",
        dest="sound",
        action="store_false",
        default=absent,
        help=_("no sound, for this run"),
    )
    sub.add_argument(
        "--reduced-motion",
        action="store_true",
        default=absent,
        help=_("nothing moves: a text-only breathing guide"),
    )


def _filters(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--pack", metavar="ID", type=_given, help=_("only this pack's sessions"))
    sub.add_argument(
        "--since", metavar="DATE", type=_date, help=_("only sessions from this date on")
    )
    sub.add_argument(
        "--include-previews",
        action="store_true",
        help=_("include sessions played faster (previews)"),
    )
