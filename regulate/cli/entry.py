"""Where every command starts: the language, output that never breaks, and a plain sentence for
whatever goes wrong."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from regulate.cli import play
from regulate.cli.parser import Handler, build_parser
from regulate.cli.parsing import RegulateParser
from regulate.i18n import _
from regulate.system import collector
from regulate.system.textsafe import printable, stream_safe


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
    output_closed = _stand_in_for_closed_streams()
    with _safe_output():
        code = _main(argv)
    _flush_or_let_go()
    # nothing could be said: the status says it (what was to be kept is kept)
    return code or 1 if output_closed else code


def _flush_or_let_go() -> None:
    """What is still buffered for standard output or error, written now; where the terminal
    has gone (a closed window: EIO) or the pipe's reader left, the stream is pointed at nothing,
    so that Python's own flush at exit says nothing ('Exception ignored on flushing sys.stdout'
    was the last thing plain mode said after a hang-up, on Python 3.13)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)


def _stand_in_for_closed_streams() -> bool:
    """A standard stream closed before regulate started (`regulate history >&-`, `<&-`) is
    None in Python: the null device stands in for it, so input ends at once and output goes
    nowhere, and no command crashes on it. True when standard output was closed."""
    closed_out = sys.stdout is None
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return closed_out


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    argv = [
        f"--strict-rules={arg.partition('=')[2]}" if arg.startswith("--strict=") else arg
        for arg in argv
    ]
    # the language first, so that --help and argparse's complaints are in it too
    language = _speak(_language_asked(argv))
    args = build_parser().parse_args(argv)
    args.person_language = language
    func: Handler = args.func
    if func not in (play.cmd_home, play.cmd_play):
        collector.settle()  # started; the app lets it go once its first screen is drawn
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


def _language_asked(argv: list[str]) -> argparse.Namespace:
    """--language, read before the rest; a --language without its tag is left for the whole
    parser to point out, in the language of the setting."""
    early = RegulateParser(add_help=False, exit_on_error=False)
    early.add_argument("--language")
    try:
        return early.parse_known_args(argv)[0]
    except argparse.ArgumentError:
        # a --language with no tag (`--language es --language`): the whole parser's complaint
        # is still said in the language of the last --language that had one
        return argparse.Namespace(language=_last_tag(argv))


def _last_tag(argv: list[str]) -> str | None:
    tag = None
    for word, after in zip(argv, [*argv[1:], None], strict=True):
        name, equals, value = word.partition("=")
        if len(name) > 2 and "--language".startswith(name):
            given = value if equals else after
            if given and not given.startswith("-"):
                tag = given
    return tag


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
        what = _("a file, not a folder")
    else:
        return None
    return _(
        "REGULATE_HOME is set to {shown}, which is {what}. You could point it at a folder (it "
        "is made if it does not exist yet), or unset it to keep things in the usual place."
    ).format(shown=shown, what=what)


def _cannot_use(exc: OSError) -> int:
    why = exc.strerror or str(exc)
    if exc.filename:
        where = f" {printable(os.fsdecode(exc.filename))}"
        said = _("regulate could not use{where}: {why}. Nothing else was changed.")
    else:  # never "could not use: ...", a sentence without its object
        where = ""
        said = _("regulate could not finish: the system said '{why}'. Nothing else was changed.")
    print(said.format(where=where, why=why), file=sys.stderr)
    return 1


def _unexpected(exc: Exception) -> int:
    from regulate.system import faults

    log = faults.record(exc)
    where = str(log) if log is not None else _("regulate's data folder")
    print(
        _(
            "Something went wrong inside regulate, and it stopped. Nothing you saved has been "
            "lost. The details are in {where}, in case you want to report it."
        ).format(where=where),
        file=sys.stderr,
    )
    return 1
