"""`regulate check`: find the packs and lone exercise files under some paths and load them all."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from regulate.durations import minutes_seconds
from regulate.i18n import _
from regulate.loader import load_exercise, load_pack
from regulate.model import Exercise, Pack
from regulate.problems import START, Problem, Report


@dataclass(frozen=True)
class Target:
    kind: str  # "pack" or "exercise"
    path: Path
    shown: str  # the path as the person wrote it, for messages


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...]
    files: int
    missing: tuple[str, ...]  # paths that do not exist
    recordings: tuple[str, ...] = ()  # each recording, its length and its step's
    # the text of files read from a zip (unpacked only while checking), for the caret lines
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _shown(base: str, path: Path, root: Path) -> str:
    if path == root:
        return base
    rel = path.relative_to(root).as_posix()
    return f"{base.rstrip('/')}/{rel}" if base not in ("", ".") else rel


def discover(arg: str) -> list[Target]:
    """A pack folder, a lone exercise file, or a folder holding packs and exercise files."""
    root = Path(arg)
    if root.is_file():
        if root.name == "pack.yaml":
            return [Target("pack", root.parent, str(Path(arg).parent))]
        return [Target("exercise", root, arg)]
    if (root / "pack.yaml").is_file():
        return [Target("pack", root, arg)]
    found: list[Target] = []
    for folder, subdirs, files in os.walk(root):
        here = Path(folder)
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        if "pack.yaml" in files and here != root:
            found.append(Target("pack", here, _shown(arg, here, root)))
            subdirs[:] = []  # a pack's own subfolders (voice/, ...) are part of it
            continue
        for name in sorted(files):
            if name.endswith(".yaml") and not name.startswith("."):
                found.append(Target("exercise", here / name, _shown(arg, here / name, root)))
    return found


def check(paths: list[str], today: dt.date | None = None) -> CheckResult:
    problems: list[Problem] = []
    recordings: list[str] = []
    files = 0
    missing: list[str] = []
    texts: dict[str, str] = {}
    for arg in paths:
        if not os.path.exists(arg):
            missing.append(arg)
            continue
        if os.path.isfile(arg) and (arg.lower().endswith(".zip") or zipfile.is_zipfile(arg)):
            found, count = _check_zip(arg, today, texts)
            problems.extend(found)
            files += count
            continue
        for target in discover(arg):
            if target.kind == "pack":
                loaded = load_pack(target.path, target.shown, today=today)
            else:
                loaded = load_exercise(target.path, target.shown)
            problems.extend(loaded.problems)
            files += loaded.files
            folder = target.path if target.kind == "pack" else target.path.parent
            shown = target.shown if target.kind == "pack" else str(Path(target.shown).parent)
            recordings.extend(_recordings(loaded.value, folder, shown))
    return CheckResult(tuple(problems), files, tuple(missing), tuple(recordings), texts)


def _check_zip(arg: str, today: dt.date | None, texts: dict[str, str]) -> tuple[list[Problem], int]:
    """A pack zip checked as `pack add` would take it: its problems, shown as zip/inner/file."""
    from regulate.loader import slugify
    from regulate.packs.archive import unpacked
    from regulate.problems import PackError

    try:
        with unpacked(Path(arg)) as (root, inner):
            shown = f"{arg}/{inner}" if inner else arg
            loaded = load_pack(root, shown, today=today, default_id=slugify(root.name))
            for path in root.rglob("*.yaml"):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    name = f"{shown}/{path.relative_to(root).as_posix()}"
                    texts[name] = path.read_text(encoding="utf-8-sig")
            return list(loaded.problems), loaded.files
    except PackError as exc:
        report = Report(arg)
        said = str(exc).removesuffix(" " + _("Nothing was added."))
        refuse = _("{said} 'regulate pack add' would refuse it too.").format(said=said)
        report.error(START, refuse, rule="zip")
        return report.problems, 1


def _recordings(value: Pack | Exercise | None, folder: Path, shown: str) -> list[str]:
    """One line per step with a recording: how long it is, and how long its step."""
    exercises = value.exercises if isinstance(value, Pack) else (value,) if value else ()
    lines = []
    root = folder.resolve()
    for exercise in exercises:
        for number, step in enumerate(exercise.steps, 1):
            audio = getattr(step, "audio", None)
            if audio is None or audio.path is None or audio.seconds is None:
                continue
            name = audio.path.relative_to(root).as_posix()
            where = f"{shown.rstrip('/')}/{name}" if shown not in ("", ".") else name
            said = _("{where}: {length}, in step {number} of '{title}' ({step_length})")
            lines.append(
                said.format(
                    where=where,
                    length=minutes_seconds(audio.seconds, "nearest"),
                    number=number,
                    title=exercise.title,
                    step_length=minutes_seconds(step.seconds, "nearest"),
                )
            )
    return lines
