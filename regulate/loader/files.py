"""Reading one exercise file: its bytes, its YAML, its problems (capped), and its model."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from regulate import door
from regulate.domain.model import (
    Exercise,
)
from regulate.domain.problems import START, Problem, Report
from regulate.i18n import _
from regulate.loader.exercise import exercise_from
from regulate.loader.grammar import MAX_PROBLEMS_PER_FILE
from regulate.loader.reader import Reader
from regulate.loader.yamltree import MAX_BYTES, Map, describe, parse
from regulate.system.textsafe import printable


def read_bytes(path: Path, report: Report) -> bytes | None:
    try:
        return door.read_bytes(path, kind="pack", limit=MAX_BYTES)
    except door.DoorRefused as exc:
        if exc.reason == "too-big":
            report.error(START, _too_big(path), rule="file")
        elif exc.reason == "folder":
            report.error(START, _("this is a folder, not a file"), rule="file")
        else:
            report.error(
                START,
                _("this file can't be read ({reason})").format(reason=exc.strerror),
                rule="file",
            )
    except OSError as exc:
        report.error(
            START,
            _("this file can't be read ({reason})").format(reason=exc.strerror or exc),
            rule="file",
        )
    return None


def _too_big(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = MAX_BYTES + 1
    return _(
        "this file is {size:.1f} MiB; regulate reads files of at most 1 MiB (the "
        "limit that keeps the player quick)"
    ).format(size=size / 1024 / 1024)


def capped(problems: list[Problem], file: str) -> list[Problem]:
    """One file's problems in the order they stand in it, with a cap on very broken files."""
    problems = sorted(problems, key=lambda p: (p.line, p.col))
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    kept = problems[:MAX_PROBLEMS_PER_FILE]
    rest = len(problems) - len(kept)
    last = kept[-1]
    note = _("{rest} more problems in this file are not shown; fix these first").format(rest=rest)
    return [*kept, Problem(file, last.line, last.col, last.severity, note, "more-problems")]


@dataclass(frozen=True)
class Loaded:
    """What loading gave: the model (None when any error was found) and every problem."""

    value: Any
    problems: tuple[Problem, ...]
    files: int = 1

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_exercise(path: Path, display: str | None = None, folder: Path | None = None) -> Loaded:
    """Load one exercise file; `folder` is where its audio may live (its own folder by default)."""
    shown = printable(display or str(path))
    report = Report(shown)
    if printable(path.name) != path.name:
        # bytes from another encoding (caf\xe9.yaml, as Latin-1 tools write it) or control
        # characters: the name becomes the exercise's id in history, so it must be plain text
        report.error(
            START,
            _(
                "this file's name ({name}) has characters that can't be shown as text; rename it "
                "with plain letters, such as cafe.yaml"
            ).format(name=printable(path.name)),
            rule="file",
        )
        return Loaded(None, tuple(report.problems))
    exercise = _exercise_file(path, report, folder or path.parent)
    problems = capped(report.problems, shown)
    return Loaded(None if report.has_errors else exercise, tuple(problems))


def _exercise_file(path: Path, report: Report, folder: Path) -> Exercise | None:
    data = read_bytes(path, report)
    if data is None:
        return None
    root = parse(data, report)
    if root is None:
        return None
    reader = Reader(report, folder)
    if not isinstance(root, Map):
        report.error(
            root.pos,
            _(
                "an exercise file must be a mapping of keys such as title, kind and steps; this "
                "one is {found}"
            ).format(found=describe(root)),
            rule="value-type",
        )
        return None
    exercise = exercise_from(root, reader, path)
    if exercise is None:
        return None
    return _with_source(exercise, path, data)


def _with_source(exercise: Exercise, path: Path, data: bytes) -> Exercise:
    return replace(exercise, source=path, sha256=hashlib.sha256(data).hexdigest())
