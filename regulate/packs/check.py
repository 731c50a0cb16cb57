"""`regulate check`: find the packs and lone exercise files under some paths and load them all."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from regulate import door
from regulate.domain.durations import minutes_seconds
from regulate.domain.model import Breathe, Exercise, Pack, Scan
from regulate.domain.problems import START, Pos, Problem, Report
from regulate.i18n import _
from regulate.loader import Loaded, load_exercise, load_pack
from regulate.packs.leftovers import file_leftovers, folder_leftovers


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
    for here, files in _folders(root):
        if "pack.yaml" in files and here != root:
            found.append(Target("pack", here, _shown(arg, here, root)))
            continue
        for name in sorted(files):
            if name.endswith(".yaml") and not name.startswith("."):
                found.append(Target("exercise", here / name, _shown(arg, here / name, root)))
    return found


MAX_FOLDER_DEPTH = 16  # a library of packs is a few levels deep; a thousand is not a library


def _folders(root: Path) -> Iterator[tuple[Path, set[str]]]:
    """Each folder under root, in order, with its files - without recursion (a folder a
    thousand deep is walked in constant stack) and no deeper than MAX_FOLDER_DEPTH; links to
    folders are not followed; a pack's own subfolders (voice/, ...) are part of it."""
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        files = {e.name for e in entries if _is_file(e)}
        yield here, files
        if ("pack.yaml" in files and here != root) or depth >= MAX_FOLDER_DEPTH:
            continue
        subdirs = [e for e in entries if not e.name.startswith(".") and _is_folder(e)]
        stack.extend((Path(e.path), depth + 1) for e in reversed(subdirs))


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


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
                extra, count = _unlisted(target.path, target.shown, loaded)
                problems.extend(extra)
                files += count
                extra = folder_leftovers(target.path, target.shown, loaded.problems)
                if isinstance(loaded.value, Pack):
                    extra += settle_problems(loaded.value, target.shown)
            else:
                loaded = load_exercise(target.path, target.shown)
                extra = file_leftovers(target.path, target.shown)
            problems.extend(loaded.problems)
            problems.extend(extra)
            files += loaded.files
            folder = target.path if target.kind == "pack" else target.path.parent
            shown = target.shown if target.kind == "pack" else str(Path(target.shown).parent)
            lines, heard = _recordings(loaded.value, folder, shown)
            recordings.extend(lines)
            problems.extend(heard)
    return CheckResult(tuple(problems), files, tuple(missing), tuple(recordings), texts)


def settle_problems(pack: Pack, shown: str) -> list[Problem]:
    """A warning when the exercise offered after a hard moment (the pack's 'settle') asks for
    breath work, holds or a body scan: it is offered as the gentler choice, so it should be
    grounding (eyes open, the room, the feet)."""
    settle = pack.exercise(pack.settle) if pack.settle else None
    if settle is None:
        return []
    asks = [
        _("breath holds") if isinstance(step, Breathe) and step.has_holds
        else _("breath work") if isinstance(step, Breathe)
        else _("a body scan")
        for step in settle.steps
        if isinstance(step, Breathe | Scan)
    ]  # fmt: skip
    if not asks:
        return []
    report = Report(f"{shown.rstrip('/')}/pack.yaml" if shown else "pack.yaml")
    report.warning(pack.where.get("settle", pack.at), _(
        "'settle' offers '{title}', which asks for {what}; it is offered after a low rating or "
        "an exercise that felt harder, when breath and body work can stir more up - you might "
        "name a grounding exercise instead (eyes open, the room, the feet on the floor)"
    ).format(title=settle.title, what=", ".join(dict.fromkeys(asks))),
       rule="settle-gentle")  # fmt: skip
    return report.problems


def _unlisted(folder: Path, shown: str, loaded: Loaded) -> tuple[list[Problem], int]:
    """The exercise files in a pack's folder that its 'exercises' list leaves out: checked
    too, so a misspelled name in pack.yaml never leaves the real file unchecked (a pack with no
    list reads every file already)."""
    listed = _listed_names(folder / "pack.yaml")
    if listed is None:
        return [], 0
    said = {p.file for p in loaded.problems}
    problems: list[Problem] = []
    count = 0
    for path in sorted(folder.glob("*.yaml")):
        name = f"{shown.rstrip('/')}/{path.name}" if shown else path.name
        if path.name in ("pack.yaml", *listed) or path.name.startswith(".") or name in said:
            continue
        problems.extend(load_exercise(path, name, folder=folder).problems)
        count += 1
    return problems, count


def _listed_names(manifest: Path) -> list[str] | None:
    """The names under a pack's 'exercises', or None when it has no such list (or can't be
    read: its own problems say why)."""
    import yaml

    try:
        data = yaml.safe_load(door.read_bytes(manifest, kind="pack"))
    except Exception:  # a broken pack.yaml is reported by the pack's own check
        return None
    names = data.get("exercises") if isinstance(data, dict) else None
    if not isinstance(names, list):
        return None
    return [name for name in names if isinstance(name, str)]


def _check_zip(arg: str, today: dt.date | None, texts: dict[str, str]) -> tuple[list[Problem], int]:
    """A pack zip checked as `pack add` would take it: its problems, shown as zip/inner/file."""
    from regulate.domain.problems import PackError
    from regulate.loader import as_handed_over, slugify
    from regulate.packs.archive import unpacked

    try:
        with unpacked(Path(arg)) as (root, inner):
            shown = f"{arg}/{inner}" if inner else arg
            with as_handed_over():  # checked as a client's install takes it
                loaded = load_pack(root, shown, today=today, default_id=slugify(root.name))
            extra = folder_leftovers(root, shown, loaded.problems)
            if loaded.value is not None:
                extra += settle_problems(loaded.value, shown)
            for path in root.rglob("*.yaml"):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    name = f"{shown}/{path.relative_to(root).as_posix()}"
                    texts[name] = door.read_text(path, kind="pack", encoding="utf-8-sig")
            return [*loaded.problems, *extra], loaded.files
    except PackError as exc:
        report = Report(arg)
        said = str(exc).removesuffix(" " + _("Nothing was added."))
        refuse = _("{said} 'regulate pack add' would refuse it too.").format(said=said)
        report.error(START, refuse, rule="zip")
        return report.problems, 1


def _recordings(
    value: Pack | Exercise | None, folder: Path, shown: str
) -> tuple[list[str], list[Problem]]:
    """One line per step with a recording: how long it is, and how long its step; where the
    voice extra is installed, how loud each is, with a warning for one far from the others,
    clipped, or starting with a long silence."""
    exercises = value.exercises if isinstance(value, Pack) else (value,) if value else ()
    lines: list[str] = []
    found: list[tuple[Exercise, Path, str, str]] = []
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
            found.append((exercise, audio.path, name, _shown_file(exercise, root, shown)))
    from regulate.audio import voice

    if not found or not voice.available():
        return lines, []
    return _loudness(lines, found)


def _shown_file(exercise: Exercise, root: Path, shown: str) -> str:
    """An exercise's file as the person's path names it, as its other problems are."""
    source = exercise.source
    if source is None:
        return shown
    with contextlib.suppress(ValueError):
        inside = source.resolve().relative_to(root).as_posix()
        return f"{shown.rstrip('/')}/{inside}" if shown not in ("", ".") else inside
    return str(source)


def _loudness(
    lines: list[str], found: list[tuple[Exercise, Path, str, str]]
) -> tuple[list[str], list[Problem]]:
    import statistics

    from regulate.audio import voice

    measured: dict[Path, voice.Measured | None] = {}
    for _exercise, path, _name, _file in found:
        if path not in measured:
            try:
                measured[path] = voice.measure(voice.read(path))
            except voice.VoiceError:
                measured[path] = None
    levels = [m.lufs for m in measured.values() if m is not None and m.lufs > -70]
    middle = statistics.median(levels) if levels else None
    problems: list[Problem] = []
    told: set[Path] = set()
    for index, (exercise, path, name, file) in enumerate(found):
        heard = measured[path]
        if heard is None:
            continue
        level = _("silent") if heard.lufs <= -70 else f"{heard.lufs:.0f} LUFS"
        lines[index] += _("; loudness {level}").format(level=level)
        if path in told:
            continue
        told.add(path)
        report = Report(file)
        pos = _where_named(exercise.source, name)
        if middle is not None and len(levels) > 1 and abs(heard.lufs - middle) > voice.FAR_LU:
            report.warning(pos, _(
                "'{name}' is {difference:.0f} dB {way} than the pack's other recordings "
                "({level:.0f} LUFS against {middle:.0f}); 'regulate pack zip' brings every "
                "recording to one loudness"
            ).format(
                name=name, difference=abs(heard.lufs - middle), level=heard.lufs, middle=middle,
                way=_("louder") if heard.lufs > middle else _("quieter"),
            ), rule="loudness")  # fmt: skip
        if heard.clipped:
            report.warning(pos, _(
                "'{name}' is clipped: its loudest moments are cut flat at full scale, heard as "
                "a crackle; record it again a little further from the microphone"
            ).format(name=name), rule="loudness")  # fmt: skip
        if heard.silence_before > voice.LONG_SILENCE_SECONDS:
            report.warning(pos, _(
                "'{name}' starts with {seconds:.0f} seconds of silence; 'regulate pack zip' "
                "trims it"
            ).format(name=name, seconds=heard.silence_before), rule="leading-silence")  # fmt: skip
        problems.extend(report.problems)
    return lines, problems


def _where_named(source: Path | None, name: str) -> Pos:
    """The line and column where an exercise file names a recording (its start if unknown)."""
    if source is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = door.read_text(source, kind="pack", encoding="utf-8-sig")
            for number, line in enumerate(text.splitlines(), 1):
                column = line.find(name)
                if column >= 0 and ":" in line[:column]:
                    return Pos(number, column + 1)
    return START
