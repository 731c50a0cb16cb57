"""Problems found in pack files: one line each, in the form editors understand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from regulate.system.textsafe import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    col: int


START = Pos(1, 1)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    severity: Severity
    message: str
    rule: str  # an id of regulate.loader.rules: what JSON carries and --strict=RULE narrows to

    def __str__(self) -> str:
        from regulate.i18n import _

        said = (
            _("{place}: error: {message}")
            if self.severity == "error"
            else _("{place}: warning: {message}")
        )  # the place as editors read it (file:line:col), the word in the person's language
        # a file's name may hold a newline or an escape: shown escaped, one line a problem
        place = f"{printable(self.file)}:{self.line}:{self.col}"
        return said.format(place=place, message=self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "severity": self.severity,
            "message": self.message,
            "rule": self.rule,
        }


class PackError(Exception):
    """A pack operation refused, said as a sentence; `problems` when it didn't check."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class Report:
    """Collects the problems of one file; every check adds to it rather than stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, pos: Pos, message: str, *, rule: str) -> None:
        self.problems.append(Problem(self.file, pos.line, pos.col, "error", message, rule))

    def warning(self, pos: Pos, message: str, *, rule: str) -> None:
        self.problems.append(Problem(self.file, pos.line, pos.col, "warning", message, rule))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def summary(problems: list[Problem], files: int) -> str:
    """'2 errors, 1 warning in 3 files' - or a plain all-clear."""
    from regulate.i18n import _, ngettext

    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems and files == 0:
        return _("No pack or exercise files were found there, so there was nothing to check.")
    where = ngettext("{count} file", "{count} files", files).format(count=files)
    if not problems:
        return _("No problems found in {where}.").format(where=where)
    e = ngettext("{count} error", "{count} errors", errors).format(count=errors)
    w = ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)
    return _("{errors}, {warnings} in {where}").format(errors=e, warnings=w, where=where)
