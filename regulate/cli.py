"""The command line: parse arguments and hand each command to the module that does the work."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from regulate import __version__
from regulate.i18n import N_, _, ngettext
from regulate.paths import read_file
from regulate.textsafe import printable, stream_safe

if TYPE_CHECKING:
    from regulate.history import History
    from regulate.model import Exercise, Pack
    from regulate.problems import Problem

Handler = Callable[[argparse.Namespace], int]


LANGUAGE_HELP = N_(
    "the language regulate speaks, such as es or en, for this run (the home screen's l key "
    "keeps a choice); a pack written in a language regulate speaks is shown in it"
)
# argparse's own words, as it asks gettext for them, so --help and its complaints are in the
# person's language too (the words of other Python versions that differ stay English)
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("invalid %(type)s value: %(value)r"),
)


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regulate",
        description=_("Short guided regulation exercises, with a calm rating before and after."),
    )
    _common_options(parser, top=True)
    parser.set_defaults(func=_cmd_home)
    _display_options(parser)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    def command(name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common_options(sub)
        sub.set_defaults(func=func)
        return sub

    check = command(
        "check", _cmd_check, _("Check packs, folders of packs and exercise files for problems.")
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
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

    play = command("play", _cmd_play, _("Play one exercise, or open a pack, straight away."))
    play.add_argument("path", metavar="PATH", help=_("an exercise file or a pack folder"))
    play.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="N",
        help=_("play N times faster, 1 to 100 (a preview; kept apart in your history)"),
    )
    play.add_argument(
        "--plain", action="store_true", help=_("plain lines instead of the full screen")
    )
    _display_options(play)

    history = command("history", _cmd_history, _("List your sessions, newest first."))
    _filters(history)
    history.add_argument("--format", choices=("table", "csv", "json"), default="table")

    report = command(
        "report", _cmd_report, _("Write a report of your sessions to bring to your therapist.")
    )
    _filters(report)
    report.add_argument("--format", choices=("html", "md"), default="html")
    report.add_argument(
        "-o", "--output", metavar="FILE", help=_("where to write it ('-' for the screen)")
    )
    report.add_argument(
        "--with-notes",
        action="store_true",
        help=_("include your personal notes (left out unless asked)"),
    )
    report.add_argument(
        "--name",
        metavar="TEXT",
        help=_("a name or label to put at the top, such as your first name (none unless given)"),
    )

    forget = command("forget", _cmd_forget, _("Delete sessions from your history."))
    what = forget.add_mutually_exclusive_group(required=True)
    what.add_argument("--all", action="store_true", help=_("every session"))
    what.add_argument("--pack", metavar="ID", help=_("the sessions of one pack"))
    what.add_argument("--before", metavar="DATE", type=_date, help=_("sessions before a date"))
    forget.add_argument("--yes", action="store_true", help=_("do not ask first"))

    new = command("new", _cmd_new, _("Write a new pack to edit, with comments on every field."))
    new.add_argument("folder", metavar="DIR")
    new.add_argument(
        "--from",
        dest="template",
        choices=("blank", "starter"),
        default="blank",
        help=_("start from a blank example (default) or a copy of the starter pack"),
    )

    pack = command("pack", _cmd_pack_help, _("Hand packs over: zip, add, list and remove them."))
    pack_commands = pack.add_subparsers(title=_("pack commands"), metavar="COMMAND")

    def pack_command(name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = pack_commands.add_parser(name, help=help_text, description=help_text)
        _common_options(sub)
        sub.set_defaults(func=func)
        return sub

    zip_ = pack_command("zip", _cmd_pack_zip, _("Check a pack and write it as one zip file."))
    zip_.add_argument("folder", metavar="DIR")
    zip_.add_argument(
        "-o", "--output", metavar="FILE", help=_("the zip to write (default: ID.zip)")
    )
    add = pack_command("add", _cmd_pack_add, _("Check a pack (folder or zip) and add it."))
    add.add_argument("source", metavar="PATH_OR_ZIP")
    add.add_argument("--replace", action="store_true", help=_("replace a pack with the same id"))
    pack_command("list", _cmd_pack_list, _("List the packs you have."))
    remove = pack_command("remove", _cmd_pack_remove, _("Remove an added pack (history is kept)."))
    remove.add_argument("pack_id", metavar="ID")
    remove.add_argument("--yes", action="store_true", help=_("do not ask first"))

    schema = command("schema", _cmd_schema, _("Print the JSON Schema of pack.yaml or an exercise."))
    schema.add_argument("kind", nargs="?", choices=("pack", "exercise"))
    schema.add_argument(
        "--write", metavar="DIR", help=_("write both schema files into DIR instead of printing")
    )
    return parser


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


def _display_options(sub: argparse.ArgumentParser) -> None:
    sound = sub.add_mutually_exclusive_group()
    sound.add_argument(
        "--sound",
        dest="sound",
        action="store_true",
        default=None,
        help=_("gentle sound cues on, for this run"),
    )
    sound.add_argument(
        "--no-sound", dest="sound", action="store_false", help=_("no sound, for this run")
    )
    sub.add_argument(
        "--reduced-motion",
        action="store_true",
        default=None,
        help=_("nothing moves: a text-only breathing guide"),
    )


def _filters(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--pack", metavar="ID", help=_("only this pack's sessions"))
    sub.add_argument(
        "--since", metavar="DATE", type=_date, help=_("only sessions from this date on")
    )
    sub.add_argument(
        "--include-previews",
        action="store_true",
        help=_("include sessions played faster (previews)"),
    )


class _SafeStream:
    """Standard output or error with every control and bidi character escaped on the way out:
    whatever a pack, a file name, a zip or a note holds, no byte of it can move the cursor or
    recolour the terminal, on any path, including ones written after this."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(stream_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, buffer, encoding...
        return getattr(self._stream, name)


@contextlib.contextmanager
def _safe_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _SafeStream(sys.stdout))
    sys.stderr = cast(TextIO, _SafeStream(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    with _safe_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    argv = [
        f"--strict-rules={arg.partition('=')[2]}" if arg.startswith("--strict=") else arg
        for arg in argv
    ]
    # the language first, so that --help and argparse's complaints are in it too
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--language")
    language = _speak(early.parse_known_args(argv)[0])
    argparse._ = _  # type: ignore[attr-defined]  # argparse asks its module's `_` (gettext)
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    args = _parser().parse_args(argv)
    args.person_language = language
    func: Handler = args.func
    if problem := _home_problem():
        print(problem, file=sys.stderr)
        return 2
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `regulate history | head`: the reader had enough
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a path that can't be used: say which, and why, in a sentence
        return _cannot_use(exc)
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        return _unexpected(exc)


def _speak(args: argparse.Namespace) -> str:
    """The person's language: --language, the setting, the system, then English."""
    from regulate import i18n, settings

    asked = getattr(args, "language", None)
    language = i18n.use(i18n.choose(None, asked or settings.load().language or None))
    if asked and i18n.have(asked) is None:
        spoken = ", ".join(f"{c} ({i18n.name_of(c)})" for c in i18n.languages())
        print(
            i18n._("regulate does not speak '{tag}' yet; it speaks {spoken}.").format(
                tag=asked, spoken=spoken
            ),
            file=sys.stderr,
        )
    return language


def _home_problem() -> str | None:
    """REGULATE_HOME must name a folder (or a place one can be made)."""
    value = os.environ.get("REGULATE_HOME")
    if not value:
        return None
    home = Path(value).expanduser()
    shown = printable(value)
    if home.is_symlink() and not home.exists():
        what = _("a link to something that is not there")
    elif home.exists() and not home.is_dir():
        what = "a file, not a folder"
    else:
        return None
    return _(
        "REGULATE_HOME is set to {shown}, which is {what}. Point it at a folder (it is made if "
        "it does not exist yet), or unset it to keep things in the usual place."
    ).format(shown=shown, what=what)


def _cannot_use(exc: OSError) -> int:
    where = f" {printable(os.fsdecode(exc.filename))}" if exc.filename else ""
    why = exc.strerror or str(exc)
    print(
        _("regulate could not use{where}: {why}. Nothing else was changed.").format(
            where=where, why=why
        ),
        file=sys.stderr,
    )
    return 1


def _unexpected(exc: Exception) -> int:
    import traceback

    from regulate.paths import data_dir

    where = _("regulate's data folder")
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "error.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat()}\n{traceback.format_exc()}\n")
        where = str(log)
    except OSError:
        pass
    print(
        _(
            "Something went wrong inside regulate, and it stopped. Nothing you saved has been "
            "lost. The details are in {where}, in case you want to report it."
        ).format(where=where),
        file=sys.stderr,
    )
    return 1


def _open_history() -> History | None:
    from regulate.history import History, HistoryError

    try:
        store = History.open()
    except HistoryError as exc:
        print(str(exc), file=sys.stderr)
        return None
    for notice in store.notices:
        print(notice, file=sys.stderr)
    return store


# ---------------------------------------------------------------- commands


def _no_screen() -> str | None:
    """Why the full screen can't be drawn here, if it can't: it needs a real terminal."""
    try:
        both = sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        both = False
    if not both:
        return _("regulate's full screen needs a terminal, and this is not one.")
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return _("regulate's full screen needs a terminal that can draw it, and this one can't.")
    return None


NO_SCREEN_HINT = N_(
    " `regulate play --plain PATH` works anywhere, one line at a time (the starter pack: "
    "regulate play --plain {starter})."
)


def _cmd_home(args: argparse.Namespace) -> int:
    if reason := _no_screen():
        from regulate.paths import starter_pack

        print(reason + _(NO_SCREEN_HINT).format(starter=starter_pack()), file=sys.stderr)
        return 2
    from regulate.tui.app import run_app

    return _leave(
        run_app(sound=args.sound, reduced_motion=args.reduced_motion, language=args.language)
    )


def _leave(code: int) -> int:
    """After the full-screen app: everything is saved by now. If the terminal went away
    (closed window, SIGHUP), Textual's input thread can go on polling the dead terminal and
    keep the process alive at full speed; end the process rather than leave it spinning."""
    import os
    import threading

    others = [
        t for t in threading.enumerate()
        if t is not threading.main_thread() and t.is_alive() and not t.daemon
    ]  # fmt: skip
    for thread in others:
        thread.join(timeout=1.0)
    if any(t.is_alive() for t in others):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _load_target(path: str) -> tuple[Pack | None, Exercise | None, int]:
    """(pack, exercise, exit code): an exercise file (in its pack when it has one) or a pack."""
    from regulate.loader import load_exercise, load_pack

    target = Path(path)
    if not target.exists():
        print(
            _("regulate play: there is no file or folder at '{path}'").format(path=path),
            file=sys.stderr,
        )
        return None, None, 2
    folder = target if target.is_dir() else target.parent
    if (folder / "pack.yaml").is_file():
        loaded = load_pack(folder, str(folder))
        if loaded.value is not None and target.is_file() and target.name != "pack.yaml":
            exercise = loaded.value.exercise(target.stem)
            if exercise is None:
                print(
                    _("'{name}' is not one of the exercises of its pack.").format(name=target.name),
                    file=sys.stderr,
                )
                return None, None, 1
            return loaded.value, exercise, 0
    elif target.is_dir():
        print(
            _(
                "regulate play: '{path}' has no pack.yaml; name an exercise file in it instead."
            ).format(path=path),
            file=sys.stderr,
        )
        return None, None, 2
    else:
        loaded = load_exercise(target, str(target))
        if loaded.value is not None:
            return None, loaded.value, 0
    errors = loaded.errors
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print(_("This can't be played until these problems are fixed."), file=sys.stderr)
        return None, None, 1
    return loaded.value, None, 0


def _cmd_play(args: argparse.Namespace) -> int:
    pack, exercise, code = _load_target(args.path)
    if code:
        return code
    if not args.plain and (reason := _no_screen()):
        again = _("{reason} To play it line by line: regulate play --plain {path}")
        print(again.format(reason=reason, path=printable(args.path)), file=sys.stderr)
        return 2
    if not args.plain:
        from regulate.tui.app import run_app

        return _leave(
            run_app(
                sound=args.sound,
                reduced_motion=args.reduced_motion,
                pack=pack,
                exercise=exercise,
                speed=args.speed,
                language=getattr(args, "language", None),
            )
        )
    return _play_plain(args, pack, exercise)


def _play_plain(args: argparse.Namespace, pack: Pack | None, exercise: Exercise | None) -> int:
    import signal

    from regulate import i18n, plain, settings
    from regulate.audio import make_player
    from regulate.paths import starter_pack

    def stop(signum: int, frame: object) -> None:
        raise plain.Stop(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, stop)
    # the pack's language while it is in use, when the program speaks it
    written = pack.language if pack is not None else exercise.language if exercise else None
    i18n.use(i18n.choose(written, args.person_language))
    console = plain.stdin_console()
    if exercise is None:
        assert pack is not None
        try:
            exercise = plain.choose_exercise(console, pack)
            if exercise is None:
                console.write(_("No exercise chosen. That is fine."))
                return 0
        except plain.Stop as gone:
            return gone.code
    saved = settings.load()
    sound = args.sound if args.sound is not None else bool(saved.sound)
    store = _open_history()
    starter = _starter(starter_pack(args.person_language))
    front = plain.Plain(
        console, store, starter=starter, player=make_player(sound, saved.volume), speed=args.speed,
        sound=lambda on: make_player(on, saved.volume),
    )  # fmt: skip
    try:
        return front.play(exercise, pack)
    except plain.Stop as gone:  # the output went away before the exercise began
        return gone.code
    finally:
        if not front.close(timeout=5.0):
            print(
                _("Your history was still busy, so the end of this session could not be saved."),
                file=sys.stderr,
            )
        if store is not None:
            store.close()


def _starter(folder: Path) -> Pack | None:
    from regulate.loader import load_pack

    loaded: Pack | None = load_pack(folder).value
    return loaded


def _cmd_check(args: argparse.Namespace) -> int:
    from regulate.check import check
    from regulate.problems import summary

    strict = _strict_rules(args.strict)
    if strict is None:
        return 2
    result = check(args.paths)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in result.problems], indent=2))
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
        print(summary(list(result.problems), result.files))
    for path in result.missing:
        print(
            _("regulate check: there is no file or folder at '{path}'").format(path=path),
            file=sys.stderr,
        )
    if result.missing:
        return 2
    if result.errors or any(p.rule in strict for p in result.problems):
        return 1
    return 0


def _strict_rules(value: str | None) -> frozenset[str] | None:
    """The warnings --strict turns into errors; None (and a sentence) for a rule that isn't."""
    from regulate.rules import WARNING_IDS

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
            text = read_file(Path(problem.file), 1 << 20).decode("utf-8-sig", errors="replace")
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


def _cmd_schema(args: argparse.Namespace) -> int:
    from regulate.paths import schema_file

    if args.write:
        folder = Path(args.write)
        if folder.exists() and not folder.is_dir():
            said = _("--write takes a folder, and {folder} is a file; nothing was written.")
            print(said.format(folder=printable(args.write)), file=sys.stderr)
            return 2
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


def _cmd_history(args: argparse.Namespace) -> int:
    import csv

    from regulate.history import COLUMNS, table_headings, table_rows

    store = _open_history()
    if store is None:
        return 1
    with store:
        sessions = store.sessions(args.pack, args.since, args.include_previews)
    if args.format == "json":
        print(json.dumps([s.as_dict() for s in sessions], indent=1))
    elif args.format == "csv":
        from regulate.textsafe import spreadsheet_cell

        writer = csv.writer(sys.stdout)
        writer.writerow(COLUMNS)
        writer.writerows([spreadsheet_cell(getattr(s, c)) for c in COLUMNS] for s in sessions)
    elif not sessions:
        print(_("No sessions yet.") if not (args.pack or args.since) else _("No sessions match."))
    else:
        _print_table([table_headings(),
                      *table_rows(sessions)])  # fmt: skip
    return 0


def _print_table(rows: Sequence[Sequence[str]]) -> None:
    """Columns lined up, for people reading a terminal."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _confirm(question: str) -> bool:
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


def _cmd_report(args: argparse.Namespace) -> int:
    import os

    from regulate import report
    from regulate.library import load_library

    store = _open_history()
    if store is None:
        return 1
    with store:
        data = report.build(
            store,
            load_library(language=args.person_language).by_id(),
            pack=args.pack,
            since=args.since,
            with_notes=args.with_notes,
            include_previews=args.include_previews,
            name=args.name,
        )
    text = report.to_html(data) if args.format == "html" else report.to_markdown(data)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output or f"regulate-report-{dt.date.today().isoformat()}.{args.format}")
    try:
        # the report holds personal data: readable by this user only
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(
            _("The report could not be written to {path} ({problem}).").format(
                path=target, problem=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return 1
    print(
        ngettext(
            "Your report is in {path}. It holds {n} session.",
            "Your report is in {path}. It holds {n} sessions.",
            data.total,
        ).format(path=target, n=data.total)
    )
    return 0


def _cmd_forget(args: argparse.Namespace) -> int:
    store = _open_history()
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
        if not args.yes and not _confirm(
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


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _cmd_new(args: argparse.Namespace) -> int:
    from regulate.packs import PackError, new_pack

    folder = Path(args.folder)
    try:
        written = new_pack(folder, args.template, args.person_language)
    except PackError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(_("Wrote a new pack in {folder}:").format(folder=folder))
    for path in written:
        print(f"  {path}")
    print(_("Edit it in any editor, then run: regulate check {folder}").format(folder=folder))
    return 0


def _cmd_pack_help(args: argparse.Namespace) -> int:
    print(
        _("Say what to do with packs: regulate pack zip | add | list | remove (--help for more).")
    )
    return 2


def _cmd_pack_zip(args: argparse.Namespace) -> int:
    from regulate.packs import PackError, zip_pack

    try:
        done = zip_pack(Path(args.folder), Path(args.output) if args.output else None)
    except PackError as exc:
        _print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Wrote {done.path} ({done.files} files, {_megabytes(done.size)}).")
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


EMAIL_BYTES = 18_000_000  # what common email services carry, once attachments are encoded


def _megabytes(size: int) -> str:
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"


def _cmd_pack_add(args: argparse.Namespace) -> int:
    import hashlib

    from regulate import packs

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
        _print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    if source.is_file():
        print(f"SHA-256 of {source.name}: {hashlib.sha256(source.read_bytes()).hexdigest()}")
    existing = packs.installed(pack.id)
    if (
        existing is not None
        and not args.replace
        and not _confirm(
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


def _cmd_pack_list(args: argparse.Namespace) -> int:
    from regulate import homework
    from regulate.library import load_library
    from regulate.packs import STARTER_ID

    library = load_library(language=args.person_language)
    rows = [("id", _("name"), _("author"), _("exercises"), _("homework"), _("where"))]
    for pack in library.packs:
        where = _("bundled") if pack.id == STARTER_ID else str(pack.folder)
        plan = homework.describe(pack.homework) if pack.homework else "-"
        rows.append((pack.id, pack.name, pack.author or "-", str(len(pack.exercises)), plan, where))
    _print_table(rows)
    for folder, _problems in library.broken:
        print(
            _("({folder} could not be opened; regulate check {folder} shows why)").format(
                folder=folder
            )
        )
    return 0


def _cmd_pack_remove(args: argparse.Namespace) -> int:
    from regulate import packs
    from regulate.library import load_library

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
    if not args.yes and not _confirm(
        _(
            "Remove the pack '{pack_id}'? Your history of its sessions is kept. Type yes to "
            "remove it, or press Enter to keep it: "
        ).format(pack_id=args.pack_id)
    ):
        print(_("Nothing was changed."))
        return 0
    packs.remove(args.pack_id)
    print(
        _("Removed '{pack_id}'. Your history of its sessions is kept.").format(pack_id=args.pack_id)
    )
    return 0
