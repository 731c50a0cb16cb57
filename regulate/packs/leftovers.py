"""The words `regulate new` leaves in a pack for the therapist to replace: its support
placeholder, "Your name" as the author, and the example exercise's title, description and steps.
`check` warns about them and `pack zip` refuses a pack that still holds them (unless asked for a
draft), so a client never reads "TODO: write a few sentences" at their hardest moment.

The phrases are read from the templates themselves (every language), so a template that changes
changes what is looked for. They are looked for in the text, line by line, outside comments (the
template's own comments say "Your name" too): a pack too broken to load is still searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from regulate import door, package_folder
from regulate.domain.problems import Pos, Problem, Report
from regulate.i18n import N_, _
from regulate.loader import PLACEHOLDER_MARK

TEMPLATES = package_folder() / "templates"

PLACEHOLDER = N_("the support placeholder '{phrase}'")
AUTHOR = N_("'{phrase}' as the author")
TITLE = N_("the example's title '{phrase}'")
ABOUT = N_("the example's description ('{phrase}')")
STEPS = N_("the example's steps, unchanged ('{phrase}'...)")


@dataclass(frozen=True)
class Leftover:
    at: Pos
    what: str  # one of the N_ sentences above, untranslated
    phrase: str  # as the template has it

    def said(self) -> str:
        return _(self.what).format(phrase=_short(self.phrase))


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 3].rstrip() + "..."


def _squeezed(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class _Phrases:
    single: tuple[tuple[str, str], ...]  # (phrase, what): each flagged wherever it is
    steps: tuple[tuple[str, ...], ...]  # each language's example steps: flagged all together


@cache
def _phrases() -> _Phrases:
    import yaml

    single: list[tuple[str, str]] = [(PLACEHOLDER_MARK, PLACEHOLDER)]
    steps: list[tuple[str, ...]] = []
    for folder in sorted(p for p in TEMPLATES.iterdir() if p.is_dir()):
        example = yaml.safe_load(door.read_text(folder / "example.yaml", kind="text").format())
        manifest = door.read_text(folder / "pack.yaml", kind="text")
        pack = yaml.safe_load(manifest.format(folder="p", name="P", slug="p"))
        single += [(str(example["title"]), TITLE), (str(pack["author"]), AUTHOR)]
        single.append((" ".join(str(example["about"]).split()), ABOUT))
        texts = []
        for step in example["steps"]:
            body = next(iter(step.values()))
            text = body.get("text") if isinstance(body, dict) else body
            if isinstance(text, str):
                texts.append(" ".join(text.split()))
        steps.append(tuple(texts))
    return _Phrases(tuple(single), tuple(steps))


_COMMENT = re.compile(r"(?:^|\s)#.*$")


def _value_lines(text: str) -> list[str]:
    """Each line with its comment taken off ('' for a comment line), casefolded; a '#' inside a
    value (rare in a pack) cuts the search short there, which only ever misses a phrase."""
    return [_COMMENT.sub("", line).casefold() for line in text.splitlines()]


def leftovers(text: str) -> list[Leftover]:
    """Every place an exercise or pack file still holds the template's own words, in order."""
    lines = _value_lines(text)
    phrases = _phrases()
    found: list[Leftover] = []
    for phrase, what in phrases.single:
        wanted = _squeezed(phrase)
        for number, line in enumerate(lines, 1):
            if what == AUTHOR:  # the author's value exactly: "Your name's friend" is a name
                value = re.fullmatch(r"\s*author:\s*(['\"]?)(.*?)\1\s*", line)
                hit = 1 if value and _squeezed(value.group(2)) == wanted else -1
            else:
                hit = " ".join(line.split()).find(wanted)
            if hit >= 0:
                column = len(line) - len(line.lstrip()) + 1
                found.append(Leftover(Pos(number, column), what, phrase))
    for texts in phrases.steps:
        places = [_first_line(lines, _squeezed(t)) for t in texts]
        if texts and all(place is not None for place in places):
            first = min(p for p in places if p is not None)
            line = lines[first - 1]
            found.append(Leftover(Pos(first, len(line) - len(line.lstrip()) + 1), STEPS, texts[0]))
    return sorted(found, key=lambda f: f.at)


def _first_line(lines: list[str], wanted: str) -> int | None:
    for number, line in enumerate(lines, 1):
        if wanted in " ".join(line.split()):
            return number
    return None


def file_leftovers(path: Path, shown: str, placeholder: bool = True) -> list[Problem]:
    """The template words in one file, as warnings of the rule 'template-words' (the support
    placeholder left out when `placeholder` is False: its own rule has said it)."""
    try:
        text = door.read_bytes(path, kind="pack").decode("utf-8-sig", errors="replace")
    except OSError:
        return []  # a file that can't be read is reported by its own check
    report = Report(shown)
    for leftover in leftovers(text):
        if leftover.what == PLACEHOLDER and not placeholder:
            continue
        report.warning(
            leftover.at,
            _(
                "this still holds {what} from 'regulate new'; write your own before you hand the "
                "pack over ('regulate pack zip' refuses it until then)"
            ).format(what=leftover.said()),
            rule="template-words",
        )
    return report.problems


def folder_leftovers(folder: Path, shown: str, said: Iterable[Problem] = ()) -> list[Problem]:
    """The template words in every YAML file of a pack's folder (`said`: the problems found
    already, so a placeholder warned of as 'support-placeholder' is not said twice)."""
    told = {p.file for p in said if p.rule == "support-placeholder"}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith(".") or not path.is_file():
            continue
        name = f"{shown.rstrip('/')}/{path.name}" if shown else path.name  # as the loader says it
        problems += file_leftovers(path, name, placeholder=name not in told)
    return problems
