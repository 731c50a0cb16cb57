"""argparse in the person's language, without touching argparse: a parser and a help formatter
of regulate's own that say argparse's words through regulate's catalogue. argparse asks its
module's `gettext` for its words; replacing that would change every other program's argparse in
the same process, so the words are put in the person's language here, where they leave."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from regulate.i18n import N_, _

# argparse's own words, as its English reads them (and as the catalogue holds them); the words
# of other Python versions that differ stay English
USAGE = N_("usage: ")
OPTIONS = N_("options")
POSITIONALS = N_("positional arguments")
HELP = N_("show this help message and exit")
ERROR = N_("%(prog)s: error: %(message)s\n")
# the complaints argparse hands to `error`, already put together in English: each is read back
# into its parts (the `argument ...` one first: its message may be one of the others)
ARGUMENT = N_("argument %(argument_name)s: %(message)s")
COMPLAINTS = (
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
)

_PLACE = re.compile(r"%(?:\((\w+)\))?[sr]")


def _reader(template: str) -> re.Pattern[str]:
    """A pattern that reads a message made from `template` back into its values."""
    parts: list[str] = []
    end = 0
    for number, place in enumerate(_PLACE.finditer(template)):
        parts.append(re.escape(template[end : place.start()]))
        parts.append(f"(?P<{place.group(1) or f'_{number}'}>.*?)")
        end = place.end()
    parts.append(re.escape(template[end:]))
    return re.compile("".join(parts), re.DOTALL)


_READERS = tuple((template, _reader(template)) for template in (ARGUMENT, *COMPLAINTS))


def _filled(template: str, values: dict[str, str], message: str) -> str:
    """The translated `template` with the values read from the English message, each as it
    was shown there (a `%r` value was already quoted when argparse made its message)."""
    positional = iter(value for name, value in values.items() if name.startswith("_"))

    def put(place: re.Match[str]) -> str:
        return values[place.group(1)] if place.group(1) else next(positional, "")

    try:
        return _PLACE.sub(put, _(template))
    except KeyError:  # a translation naming a value the English has not: the English, whole
        return message


def in_persons_words(message: str) -> str:
    """One of argparse's complaints, said in the person's language; any other message (a
    sentence regulate wrote itself, already translated) as it is."""
    for template, reader in _READERS:
        found = reader.fullmatch(message)
        if found is None:
            continue
        values = {name: value or "" for name, value in found.groupdict().items()}
        if template == ARGUMENT:
            values["message"] = in_persons_words(values["message"])
        return _filled(template, values, message)
    return message


class RegulateFormatter(argparse.HelpFormatter):
    """argparse's help, with its `usage: ` in the person's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _(USAGE) if prefix is None else prefix)


class RegulateParser(argparse.ArgumentParser):
    """argparse's parser, saying argparse's words (usage, the headings, -h's help, every
    complaint) in the person's language; its commands' parsers are made of the same class."""

    def __init__(
        self,
        *,
        add_help: bool = True,
        formatter_class: type[argparse.HelpFormatter] = RegulateFormatter,
        **kwargs: Any,
    ) -> None:
        super().__init__(add_help=False, formatter_class=formatter_class, **kwargs)
        # the two headings argparse made in English a moment ago (the names argparse itself
        # has kept for them since Python 2.7)
        self._positionals.title = _(POSITIONALS)
        self._optionals.title = _(OPTIONS)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=_(HELP)
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        said = _(ERROR) % {"prog": self.prog, "message": in_persons_words(message)}
        self.exit(2, said)
