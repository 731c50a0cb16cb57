"""YAML pack files -> the model, with every problem reported at its line and column.

The loader never stops at the first problem: each check reports into a `Report` and carries on,
so a therapist sees everything at once. A file with any error yields no model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from regulate import i18n, wording
from regulate.i18n import N_, _
from regulate.model import (
    BUNDLED_CUES,
    DEFAULT_RATING,
    FORMAT_VERSION,
    KINDS,
    Breathe,
    CheckIn,
    Cues,
    Exercise,
    Homework,
    Kind,
    Pack,
    Prompt,
    RatingScale,
    Scan,
    Sound,
    Step,
    Support,
)
from regulate.paths import read_file
from regulate.phrases import clock_time as fmt_seconds
from regulate.problems import START, Pos, Problem, Report
from regulate.recordings import clock as recording_clock
from regulate.recordings import inspect as inspect_recording
from regulate.recordings import is_recording_name
from regulate.textsafe import printable
from regulate.yamltree import MAX_BYTES, Map, Node, Scalar, Seq, describe, inert_bidi, parse, quote

MAX_TEXT = 2000
MAX_TITLE = 80
MAX_STEPS = 500
MAX_EXERCISES = 200
MAX_REGIONS = 40
MAX_STEP_SECONDS = 3600.0
MAX_EXERCISE_SECONDS = 3 * 3600.0
MAX_PROBLEMS_PER_FILE = 200
HOLD_WARNING_SECONDS = 4
PLACEHOLDER_MARK = "TODO:"  # what 'regulate new' leaves in the support text to fill in
CLOSING_EXPECTED_AFTER = 180.0
SUPPORT_REVIEW_DAYS = 366

STEP_KINDS = ("prompt", "breathe", "scan", "check_in")
STEP_BESIDE = {
    "prompt": ("for", "audio", "cue"),
    "breathe": ("audio", "cue"),
    "scan": ("audio", "cue"),
    "check_in": ("cue",),
}
_BESIDE_ANY = frozenset(k for keys in STEP_BESIDE.values() for k in keys)
EXERCISE_KEYS = (
    "format", "title", "kind", "language", "about", "tags", "rating", "cues", "steps",
)  # fmt: skip
PACK_KEYS = (
    "format", "name", "id", "author", "language", "message", "exercises",
    "homework", "rating", "support", "settle",
)  # fmt: skip
BREATHE_KEYS = ("inhale", "hold", "exhale", "pause", "cycles", "for", "text")
SCAN_KEYS = ("regions", "each", "text")
CUE_KEYS = ("start", "step", "breath", "end")
HOMEWORK_KEYS = ("times", "per", "from", "until")
RATING_KEYS = ("question", "low", "mid", "high", "threshold")
SUPPORT_KEYS = ("text", "contact", "emergency", "reviewed")

DURATION_FORMS = N_(
    "a number of seconds (20, 7.5), '20s', '2m', '1m30s', '1.5m', or a clock time m:ss (1:30, 0:30)"
)
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d+):([0-5]\d)\s*$")  # m:ss or h:mm:ss
_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s?)?\s*$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")

# ---------------------------------------------------------------- small readers


class _Reader:
    """The checks every file shares, bound to one file's report and folder."""

    def __init__(self, report: Report, folder: Path) -> None:
        self.report = report
        self.folder = folder
        # (mapping position, key) pairs already suggested for a typo; not reported missing again
        self.suggested: set[tuple[Pos, str]] = set()

    # -- mappings and keys

    def mapping(self, node: Node, what: str) -> Map | None:
        if isinstance(node, Map):
            return node
        self.report.error(
            node.pos,
            _("{what} must be a mapping (keys with values); got {found}").format(
                what=what, found=describe(node)
            ),
            rule="value-type",
        )
        return None

    def keys(self, node: Map, known: Sequence[str]) -> dict[str, tuple[Scalar, Node]]:
        """The known keys of a mapping; unknown and repeated keys are reported."""
        found: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.entries:
            name = key.text
            if name in found:
                first = found[name][0].pos
                self.report.error(
                    key.pos,
                    _("the key '{name}' is given twice (first on line {line}); keep one").format(
                        name=name, line=first.line
                    ),
                    rule="duplicate-key",
                )
                continue
            if name not in known:
                self.report.error(key.pos, unknown_key_message(name, known), rule="unknown-key")
                close = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
                if close:
                    self.suggested.add((node.pos, close[0]))
                continue
            found[name] = (key, value)
        return found

    def required(
        self, keys: dict[str, tuple[Scalar, Node]], name: str, at: Pos, where: str
    ) -> Node | None:
        if name in keys:
            return keys[name][1]
        if (at, name) not in self.suggested:
            self.report.error(
                at,
                _("{where} needs '{name}', which is missing").format(where=where, name=name),
                rule="missing-key",
            )
        return None

    # -- values

    def text(
        self, node: Node, name: str, *, limit: int = MAX_TEXT, check_wording: bool = True
    ) -> str | None:
        if not isinstance(node, Scalar) or (node.value is None and node.plain):
            self.report.error(
                node.pos,
                _("'{name}' must be text; got {found}").format(name=name, found=describe(node)),
                rule="value-type",
            )
            return None
        value = node.text.rstrip()  # block scalars end in a newline that is not part of the text
        if not value.strip():
            self.report.error(
                node.pos,
                _("'{name}' is empty; write a few words here").format(name=name),
                rule="text-length",
            )
            return None
        if len(value) > limit:
            self.report.error(
                node.pos,
                _(
                    "'{name}' is {count:,} characters long; it may be at most {limit:,} characters"
                ).format(name=name, count=len(value), limit=limit),
                rule="text-length",
            )
            return None
        if check_wording:
            for finding in wording.findings(value):
                self.report.warning(node.locate(finding.offset), finding.message, rule=finding.rule)
        return inert_bidi(value)  # warned about when read; shown, never obeyed

    def number(
        self,
        node: Node,
        name: str,
        low: float,
        high: float,
        *,
        unit: str = "seconds",
        whole: bool = False,
    ) -> float | None:
        raw = node.value if isinstance(node, Scalar) else None
        ok = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
        value = float(cast(float, raw)) if ok else math.nan
        if ok and whole:
            ok = value.is_integer()
        if not ok or not low <= value <= high:
            if unit:  # only seconds are counted in a unit
                kind = _("a whole number of seconds") if whole else _("a number of seconds")
            else:
                kind = _("a whole number") if whole else _("a number")
            self.report.error(
                node.pos,
                _("'{name}' must be {kind} from {low} to {high}; got {found}").format(
                    name=name,
                    kind=kind,
                    low=_num(low),
                    high=_num(high),
                    found=describe(node),
                ),
                rule="number-range",
            )
            return None
        return value

    def duration(self, node: Node, name: str) -> float | None:
        seconds = parse_duration(node.value if isinstance(node, Scalar) else None)
        if seconds is None or not 1 <= seconds <= MAX_STEP_SECONDS:
            self.report.error(
                node.pos,
                _(
                    "'{name}' must be a duration from 1 second to 1 hour, written as {forms}; "
                    "got {found}"
                ).format(name=name, forms=_(DURATION_FORMS), found=describe(node)),
                rule="duration",
            )
            return None
        return seconds

    def date(self, node: Node, name: str) -> dt.date | None:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.report.error(
            node.pos,
            _(
                "'{name}' must be a date written as YYYY-MM-DD, such as 2026-11-20; got {found}"
            ).format(name=name, found=describe(node)),
            rule="date",
        )
        return None

    def boolean(self, node: Node, name: str) -> bool | None:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, bool):
            return value
        self.report.error(
            node.pos,
            _("'{name}' must be true or false; got {found}").format(
                name=name, found=describe(node)
            ),
            rule="value-type",
        )
        return None

    def choice(self, node: Node, name: str, choices: Sequence[str]) -> str | None:
        if isinstance(node, Scalar) and node.text in choices:
            return node.text
        shown = " | ".join(choices)
        hint = ""
        if isinstance(node, Scalar):
            close = difflib.get_close_matches(node.text.lower(), choices, n=1, cutoff=0.6)
            hint = _("; did you mean '{suggestion}'?").format(suggestion=close[0]) if close else ""
        self.report.error(
            node.pos,
            _("'{name}' must be one of {shown}; got {found}{hint}").format(
                name=name, shown=shown, found=describe(node), hint=hint
            ),
            rule="choice",
        )
        return None

    def list_of(self, node: Node, name: str, low: int, high: int, what: str) -> list[Node] | None:
        if not isinstance(node, Seq):
            self.report.error(
                node.pos,
                _("'{name}' must be a list of {what}; got {found}").format(
                    name=name, what=what, found=describe(node)
                ),
                rule="value-type",
            )
            return None
        if not low <= len(node.items) <= high:
            self.report.error(
                node.pos,
                _("'{name}' has {count} {what}; it may have {low} to {high}").format(
                    name=name, count=len(node.items), what=what, low=low, high=high
                ),
                rule="number-range",
            )
            return None
        return node.items

    def format_version(self, mapping: Map) -> bool:
        """False when the file was written for a newer regulate: nothing else is read, since
        a newer format may have keys this version does not know."""
        node = mapping.get("format")
        if node is None:
            return True
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > FORMAT_VERSION:
            self.report.error(
                node.pos,
                _(
                    "this file was made for a newer version of regulate (format {value}); this "
                    "version reads format {version} - updating regulate will read it"
                ).format(value=value, version=FORMAT_VERSION),
                rule="format-version",
            )
            return False
        if value != FORMAT_VERSION or isinstance(value, bool):
            self.report.error(
                node.pos,
                _("'format' must be {version} (or left out); got {found}").format(
                    version=FORMAT_VERSION, found=describe(node)
                ),
                rule="format-version",
            )
        return True

    # -- sounds

    def sound(self, node: Node, name: str) -> tuple[bool, Sound | None]:
        """(ok, sound): a bundled cue, 'none' (None), or a checked WAV inside the folder."""
        if not isinstance(node, Scalar) or node.value is None:
            self.report.error(
                node.pos,
                _(
                    "'{name}' must be a bundled cue ({choices}), none, or a recording in the "
                    "pack folder (WAV, FLAC, MP3 or Ogg Vorbis); got {found}"
                ).format(name=name, choices=", ".join(BUNDLED_CUES), found=describe(node)),
                rule="audio",
            )
            return False, None
        if node.text == "none":
            return True, None
        if node.text in BUNDLED_CUES:
            return True, Sound(name=node.text)
        if not is_recording_name(node.text):
            close = difflib.get_close_matches(node.text, (*BUNDLED_CUES, "none"), n=1, cutoff=0.6)
            hint = _("; did you mean '{suggestion}'?").format(suggestion=close[0]) if close else ""
            self.report.error(
                node.pos,
                _(
                    "'{name}' must be a bundled cue ({choices}), none, or a recording in the "
                    "pack folder (WAV, FLAC, MP3 or Ogg Vorbis); got {found}{hint}"
                ).format(
                    name=name, choices=", ".join(BUNDLED_CUES), found=describe(node), hint=hint
                ),
                rule="audio",
            )
            return False, None
        sound = self.recording(node, name)
        return (sound is not None), sound

    def recording(self, node: Scalar, name: str) -> Sound | None:
        """A recording inside the folder that the player can play, with its length."""
        path = self.audio_path(node, name)
        if path is None:
            return None
        info = inspect_recording(path)
        if isinstance(info, str):
            self.report.error(node.pos, f"'{name}' {quote(node.text)} {info}", rule="audio")
            return None
        return Sound(path=path, seconds=info.seconds)

    def audio_path(self, node: Scalar, name: str) -> Path | None:
        written = node.text
        if (
            Path(written).is_absolute()
            or written.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", written)
        ):
            self.report.error(
                node.pos,
                _(
                    "'{name}' must be a path inside the pack folder, such as voice/intro.wav; "
                    "got the absolute path {written}"
                ).format(name=name, written=quote(written)),
                rule="path",
            )
            return None
        if "\\" in written:
            self.report.error(
                node.pos,
                _(
                    "'{name}' {written} uses '\\' between folders; write {suggested} - '/' works "
                    "on every computer"
                ).format(
                    name=name,
                    written=quote(written),
                    suggested=quote(written.replace(chr(92), "/")),
                ),
                rule="path",
            )
            return None
        root = self.folder.resolve()
        target = (self.folder / written).resolve()
        on_disk = _as_on_disk(self.folder, written)
        if on_disk is not None and on_disk != written:
            self.report.error(
                node.pos,
                _(
                    "'{name}' {written} differs in letter case from the file {on_disk}; write it "
                    "exactly as the file is named (some computers tell the two apart, so it "
                    "would play on yours and not on your client's)"
                ).format(name=name, written=quote(written), on_disk=quote(on_disk)),
                rule="path",
            )
            return None
        if not target.is_relative_to(root):
            self.report.error(
                node.pos,
                _(
                    "'{name}' {written} leads outside the pack folder; keep audio files inside "
                    "the folder and name them from there"
                ).format(name=name, written=quote(written)),
                rule="path",
            )
            return None
        if not target.is_file():
            what = _("it is not a plain file") if target.exists() else _("there is no such file")
            self.report.error(
                node.pos,
                _("'{name}' names {written}, but {what}").format(
                    name=name, written=quote(written), what=what
                ),
                rule="path",
            )
            return None
        return target


def _as_on_disk(folder: Path, written: str) -> str | None:
    """`written` as the names really are on disk, matched without regard to letter case
    (None when there is no such file either way)."""
    here, parts = folder, []
    for part in Path(written).parts:
        if part in (".", ".."):
            here = here / part
            parts.append(part)
            continue
        try:
            names = os.listdir(here)
        except OSError:
            return None
        match = (
            part
            if part in names
            else next((n for n in names if n.casefold() == part.casefold()), None)
        )
        if match is None:
            return None
        here = here / match
        parts.append(match)
    return "/".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def unknown_key_message(name: str, known: Iterable[str]) -> str:
    options = list(known)
    close = difflib.get_close_matches(name.lower(), options, n=1, cutoff=0.6)
    if close:
        return _("unknown key '{name}'; did you mean '{suggestion}'?").format(
            name=name, suggestion=close[0]
        )
    return _("unknown key '{name}'; the keys here are: {choices}").format(
        name=name, choices=", ".join(options)
    )


def parse_duration(value: Any) -> float | None:
    """Seconds from 20, 7.5, '20s', '2m', '1m30s', '1.5m' or a clock time '1:30' / '0:30' /
    '1:00:00'; None if it is none of these. (YAML 1.1 reads an unquoted 1:30 as 90 itself, but
    not 0:30, and editors using YAML 1.2 read both as text: all of them mean m:ss here.)"""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    if clock := _CLOCK.match(value):
        hours, minutes, seconds = clock.groups()
        return float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
    match = _DURATION.match(value)
    if not match or not any(match.groups()):
        return None
    minutes, seconds = match.groups()
    return float(minutes or 0) * 60 + float(seconds or 0)


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "pack"


# ---------------------------------------------------------------- files


def _read(path: Path, report: Report) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error(
                START,
                _(
                    "this file is {size:.1f} MiB; regulate reads files of at most 1 MiB (the "
                    "limit that keeps the player quick)"
                ).format(size=size / 1024 / 1024),
                rule="file",
            )
            return None
        return read_file(path, MAX_BYTES)
    except IsADirectoryError:
        report.error(START, _("this is a folder, not a file"), rule="file")
    except OSError as exc:
        report.error(
            START,
            _("this file can't be read ({reason})").format(reason=exc.strerror or exc),
            rule="file",
        )
    return None


def _capped(problems: list[Problem], file: str) -> list[Problem]:
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
    problems = _capped(report.problems, shown)
    return Loaded(None if report.has_errors else exercise, tuple(problems))


def _exercise_file(path: Path, report: Report, folder: Path) -> Exercise | None:
    data = _read(path, report)
    if data is None:
        return None
    root = parse(data, report)
    if root is None:
        return None
    reader = _Reader(report, folder)
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
    exercise = _exercise(root, reader, path)
    if exercise is None:
        return None
    return _with_source(exercise, path, data)


def _with_source(exercise: Exercise, path: Path, data: bytes) -> Exercise:
    return replace(exercise, source=path, sha256=hashlib.sha256(data).hexdigest())


def _exercise(root: Map, r: _Reader, path: Path) -> Exercise | None:
    if not r.format_version(root):
        return None
    keys = r.keys(root, EXERCISE_KEYS)
    where = {name: value.pos for name, (_key, value) in keys.items()}

    title = None
    if (node := r.required(keys, "title", root.pos, _("an exercise"))) is not None:
        title = r.text(node, "title", limit=MAX_TITLE)
    kind = None
    if (node := r.required(keys, "kind", root.pos, _("an exercise"))) is not None:
        kind = r.choice(node, "kind", KINDS)
    about = r.text(keys["about"][1], "about") if "about" in keys else None
    language = _language(keys["language"][1], r) if "language" in keys else None
    tags: list[str] = []
    if "tags" in keys and (items := r.list_of(keys["tags"][1], "tags", 0, 40, "tags")) is not None:
        for item in items:
            tag = r.text(item, "tags", limit=30, check_wording=False)
            if tag is not None:
                tags.append(tag)
    rating = True
    if "rating" in keys:
        rating = bool(r.boolean(keys["rating"][1], "rating"))
    cues = _cues(keys["cues"][1], r) if "cues" in keys else Cues()

    steps: list[Step] = []
    node = r.required(keys, "steps", root.pos, _("an exercise"))
    if node is not None:
        items = r.list_of(node, "steps", 1, MAX_STEPS, "steps")
        if items is not None:
            for item in items:
                step = _step(item, r, cues)
                if step is not None:
                    steps.append(step)

    if r.report.has_errors or title is None or kind is None or cues is None:
        return None
    exercise = Exercise(
        id=path.stem,
        title=title,
        kind=cast(Kind, kind),
        steps=tuple(steps),
        about=about,
        language=language,
        tags=tuple(tags),
        rating=rating,
        cues=cues,
        at=root.pos,
        where=where,
    )
    if exercise.seconds > MAX_EXERCISE_SECONDS:
        r.report.error(
            where["steps"],
            _("this exercise lasts {length} in all; an exercise may last at most 3 hours").format(
                length=fmt_seconds(exercise.seconds)
            ),
            rule="too-long",
        )
        return None
    if exercise.seconds > CLOSING_EXPECTED_AFTER and not isinstance(steps[-1], Prompt):
        r.report.warning(
            steps[-1].at,
            _(
                "this exercise lasts {length} and its last step is not a prompt; a closing "
                "moment of looking around the room, eyes open, is expected"
            ).format(length=fmt_seconds(exercise.seconds)),
            rule="closing-moment",
        )
    return exercise


def _cues(node: Node, r: _Reader) -> Cues | None:
    mapping = r.mapping(node, "'cues'")
    if mapping is None:
        return None
    keys = r.keys(mapping, CUE_KEYS)
    chosen: dict[str, Sound | None] = {}
    ok = True
    for name, (_key, value) in keys.items():
        good, sound = r.sound(value, name)
        ok = ok and good
        chosen[name] = sound
    if not ok:
        return None
    defaults = Cues()
    return Cues(
        start=chosen.get("start", defaults.start),
        step=chosen.get("step", defaults.step),
        breath=chosen.get("breath", defaults.breath),
        end=chosen.get("end", defaults.end),
    )


def _step(node: Node, r: _Reader, cues: Cues | None) -> Step | None:
    if not isinstance(node, Map):
        r.report.error(
            node.pos,
            _(
                "each step must be a mapping with one of prompt, breathe, scan or check_in; got "
                "{found}"
            ).format(found=describe(node)),
            rule="value-type",
        )
        return None
    kinds = [key for key, _ in node.entries if key.text in STEP_KINDS]
    if len(kinds) > 1:
        r.report.error(
            kinds[1].pos,
            _(
                "a step has exactly one of prompt, breathe, scan or check_in; this one has "
                "'{first}' and '{second}' - start a new step with '- '"
            ).format(first=kinds[0].text, second=kinds[1].text),
            rule="step-kind",
        )
        return None
    if not kinds:
        everything = (*STEP_KINDS, *sorted(_BESIDE_ANY))
        unknown = [k for k, _ in node.entries if k.text not in everything]
        for key in unknown:
            r.report.error(key.pos, unknown_key_message(key.text, everything), rule="unknown-key")
        if not unknown:
            r.report.error(
                node.pos,
                _("this step needs one of prompt, breathe, scan or check_in"),
                rule="step-kind",
            )
        return None
    kind = kinds[0].text
    allowed = (kind, *STEP_BESIDE[kind])
    # a key that belongs beside another kind of step gets its own, clearer sentence
    misplaced = [k for k, _ in node.entries if k.text in _BESIDE_ANY and k.text not in allowed]
    for key in misplaced:
        r.report.error(
            key.pos,
            _(
                "'{key}' does not belong in a {kind} step; beside '{kind}' a step may have: "
                "{choices}"
            ).format(key=key.text, kind=kind, choices=", ".join(STEP_BESIDE[kind])),
            rule="step-kind",
        )
    rest = [(k, v) for k, v in node.entries if k not in misplaced]
    keys = r.keys(Map(node.pos, entries=rest), allowed)
    where = {name: value.pos for name, (_key, value) in keys.items()}
    value = keys[kind][1]

    cue: Sound | None = cues.step if cues else None
    cue_ok = True
    if "cue" in keys:
        cue_ok, cue = r.sound(keys["cue"][1], "cue")
    audio: Sound | None = None
    if "audio" in keys:
        audio_node = keys["audio"][1]
        if isinstance(audio_node, Scalar) and audio_node.value is not None:
            audio = r.recording(audio_node, "audio")
            cue_ok = cue_ok and audio is not None
        else:
            r.report.error(
                audio_node.pos,
                _(
                    "'audio' must be a recording in the pack folder, such as voice/intro.mp3; "
                    "got {found}"
                ).format(found=describe(audio_node)),
                rule="audio",
            )
            cue_ok = False

    step: Step | None
    if kind == "prompt":
        text = r.text(value, "prompt")
        seconds = None
        if (dur := r.required(keys, "for", node.pos, _("a prompt step"))) is not None:
            if isinstance(dur, Scalar) and dur.value == "recording":
                seconds = _as_long_as(audio, keys, dur, r)
            else:
                seconds = r.duration(dur, "for")
                _warn_if_cut(audio, seconds, keys, r)
        step = None
        if text is not None and seconds is not None:
            step = Prompt(text, seconds, audio, cue, node.pos, where)
    elif kind == "check_in":
        text = r.text(value, "check_in")
        step = CheckIn(text, cue, node.pos, where) if text is not None else None
    elif kind == "breathe":
        step = _breathe(value, r, audio, cue, node.pos, where)
    else:
        step = _scan(value, r, audio, cue, node.pos, where)
    return step if cue_ok else None


def _as_long_as(audio: Sound | None, keys: Any, node: Scalar, r: _Reader) -> float | None:
    """`for: recording`: the step lasts exactly as long as its recording."""
    if "audio" not in keys:
        r.report.error(
            node.pos,
            _("'for: recording' needs an 'audio' recording in the same step"),
            rule="missing-key",
        )
        return None
    if audio is None or audio.seconds is None:
        return None  # the recording's own problem has been said
    return max(1.0, audio.seconds)


def _warn_if_cut(audio: Sound | None, seconds: float | None, keys: Any, r: _Reader) -> None:
    if audio is None or audio.seconds is None or seconds is None:
        return
    if audio.seconds > seconds + 0.05:
        r.report.warning(
            keys["audio"][1].pos,
            _(
                "the recording lasts {length} but its step only {step_length}, so its end won't "
                "be heard; 'for: recording' makes the step exactly as long as the recording"
            ).format(length=recording_clock(audio.seconds), step_length=recording_clock(seconds)),
            rule="recording-longer",
        )


def _breathe(
    node: Node, r: _Reader, audio: Sound | None, cue: Sound | None, at: Pos, where: dict[str, Pos]
) -> Breathe | None:
    mapping = r.mapping(node, "'breathe'")
    if mapping is None:
        return None
    keys = r.keys(mapping, BREATHE_KEYS)
    inner = {name: value.pos for name, (_key, value) in keys.items()}
    inhale = exhale = None
    if (n := r.required(keys, "inhale", mapping.pos, "'breathe'")) is not None:
        inhale = r.number(n, "inhale", 1, 15)
    if (n := r.required(keys, "exhale", mapping.pos, "'breathe'")) is not None:
        exhale = r.number(n, "exhale", 1, 20)
    hold = r.number(keys["hold"][1], "hold", 0, 15) if "hold" in keys else 0.0
    pause = r.number(keys["pause"][1], "pause", 0, 15) if "pause" in keys else 0.0
    for name, value in (("hold", hold), ("pause", pause)):
        if value is not None and value > HOLD_WARNING_SECONDS:
            r.report.warning(
                keys[name][1].pos,
                _(
                    "a {name} of {seconds} seconds is long; holding the breath is hard for some "
                    "people - the player always offers to skip holds, and {gentle} seconds or "
                    "less is gentler"
                ).format(name=name, seconds=_num(value), gentle=HOLD_WARNING_SECONDS),
                rule="long-hold",
            )
    text = r.text(keys["text"][1], "text") if "text" in keys else None
    cycles: int | None = None
    if "cycles" in keys and "for" in keys:
        r.report.error(
            keys["for"][0].pos,
            _("'breathe' takes either 'cycles' or 'for', not both; keep the one you mean"),
            rule="step-kind",
        )
    elif "cycles" in keys:
        n = keys["cycles"][1]
        got = r.number(n, "cycles", 1, 200, unit="", whole=True)
        cycles = int(got) if got is not None else None
    elif "for" in keys:
        wanted = r.duration(keys["for"][1], "for")
        if wanted is not None and None not in (inhale, exhale, hold, pause):
            one = float(inhale + exhale + hold + pause)  # type: ignore[operator]
            # rounded up to whole cycles; the tiny tolerance keeps 60/6 at 10, not 11
            cycles = math.ceil(wanted / one - 1e-9)
    else:
        r.report.error(
            mapping.pos,
            _("'breathe' needs 'cycles' (how many breaths) or 'for' (how long); neither is given"),
            rule="missing-key",
        )
    if None in (inhale, exhale, hold, pause, cycles) or r.report.has_errors:
        return None
    step = Breathe(
        inhale=cast(float, inhale), exhale=cast(float, exhale), cycles=cast(int, cycles),
        hold=cast(float, hold), pause=cast(float, pause), text=text, audio=audio, cue=cue,
        at=at, where={**where, **inner},
    )  # fmt: skip
    if step.seconds > MAX_STEP_SECONDS:
        r.report.error(
            mapping.pos,
            _("this breathing step lasts {length}; a step may last at most 1 hour").format(
                length=fmt_seconds(step.seconds)
            ),
            rule="too-long",
        )
        return None
    return step


def _scan(
    node: Node, r: _Reader, audio: Sound | None, cue: Sound | None, at: Pos, where: dict[str, Pos]
) -> Scan | None:
    mapping = r.mapping(node, "'scan'")
    if mapping is None:
        return None
    keys = r.keys(mapping, SCAN_KEYS)
    inner = {name: value.pos for name, (_key, value) in keys.items()}
    regions: list[str] = []
    ok = True
    if (n := r.required(keys, "regions", mapping.pos, "'scan'")) is not None:
        items = r.list_of(n, "regions", 1, MAX_REGIONS, "regions")
        ok = items is not None
        for item in items or ():
            region = r.text(item, "regions", limit=MAX_TITLE)
            ok = ok and region is not None
            if region is not None:
                regions.append(region)
    else:
        ok = False
    each = None
    if (n := r.required(keys, "each", mapping.pos, "'scan'")) is not None:
        each = r.duration(n, "each")
    text = Scan.text
    if "text" in keys:
        got = r.text(keys["text"][1], "text")
        ok = ok and got is not None
        text = got or text
        text_node = keys["text"][1]
        for match in _PLACEHOLDER.finditer(text):
            if match.group() != "{region}" and isinstance(text_node, Scalar):
                r.report.warning(
                    text_node.locate(match.start()),
                    _(
                        "'{written}' will be shown as written; only {{region}} is replaced by "
                        "the region's name"
                    ).format(written=match.group()),
                    rule="region-placeholder",
                )
    if not ok or each is None:
        return None
    step = Scan(tuple(regions), each, text, audio, cue, at, {**where, **inner})
    if step.seconds > MAX_STEP_SECONDS:
        r.report.error(
            mapping.pos,
            _("this scan lasts {length}; a step may last at most 1 hour").format(
                length=fmt_seconds(step.seconds)
            ),
            rule="too-long",
        )
        return None
    return step


# ---------------------------------------------------------------- packs


def load_pack(
    folder: Path,
    display: str | None = None,
    today: dt.date | None = None,
    default_id: str | None = None,
) -> Loaded:
    """Load a pack folder: its manifest and every exercise it names.

    `files` in the result counts the files read, for the summary line.
    """
    shown = display if display is not None else str(folder)
    manifest = folder / "pack.yaml"
    report = Report(_join(shown, "pack.yaml"))
    r = _Reader(report, folder)
    data = _read(manifest, report)
    root = parse(data, report) if data is not None else None
    if root is not None and not isinstance(root, Map):
        report.error(
            root.pos,
            _(
                "pack.yaml must be a mapping of keys such as name, message and exercises; this "
                "one is {found}"
            ).format(found=describe(root)),
            rule="value-type",
        )
        root = None
    if root is None:
        # pack.yaml can't be read: its exercises are still checked, so one broken quote does
        # not hide every other mistake (taken as if 'exercises' listed them all)
        problems = _capped(report.problems, report.file)
        files = _exercise_files(folder, None, _Reader(Report(report.file), folder))
        for file_name, path in files:
            problems.extend(load_exercise(path, _join(shown, file_name), folder).problems)
        return Loaded(None, tuple(problems), files=1 + len(files))
    if not r.format_version(root):
        return Loaded(None, tuple(_capped(report.problems, report.file)))
    keys = r.keys(root, PACK_KEYS)

    name = None
    if (node := r.required(keys, "name", root.pos, "pack.yaml")) is not None:
        name = r.text(node, "name", limit=MAX_TITLE)
    pack_id = default_id or slugify(folder.resolve().name)
    if "id" in keys:
        node = keys["id"][1]
        if isinstance(node, Scalar) and _ID.match(node.text) and len(node.text) <= 64:
            pack_id = node.text
        else:
            report.error(
                node.pos,
                _(
                    "'id' may hold lower-case letters, digits and '-' (such as week3-settling); "
                    "got {found}"
                ).format(found=describe(node)),
                rule="pack-id",
            )
    author = r.text(keys["author"][1], "author", limit=200) if "author" in keys else None
    language = _language(keys["language"][1], r) if "language" in keys else None
    message = r.text(keys["message"][1], "message") if "message" in keys else None
    homework = _homework(keys["homework"][1], r) if "homework" in keys else None
    rating = _rating(keys["rating"][1], r) if "rating" in keys else DEFAULT_RATING
    support = _support(keys["support"][1], r, today) if "support" in keys else None
    if "support" not in keys:
        report.warning(
            root.pos,
            _(
                "this pack has no 'support'; a client who feels worse will see only a short "
                "general text - you might add a support block written for this client"
            ),
            rule="no-support",
        )

    files = _exercise_files(folder, keys.get("exercises"), r)
    settle: str | None = None
    if "settle" in keys:
        node = keys["settle"][1]
        listed = {file_name: path.stem for file_name, path in files}
        if isinstance(node, Scalar) and node.text in listed:
            settle = listed[node.text]
        else:
            report.error(
                node.pos,
                _(
                    "'settle' must name one of this pack's exercise files, such as {example}; "
                    "got {found}"
                ).format(example=next(iter(listed), "orienting.yaml"), found=describe(node)),
                rule="exercise-list",
            )

    exercises: list[Exercise] = []
    problems = _capped(report.problems, report.file)
    for file_name, path in files:
        loaded = load_exercise(path, _join(shown, file_name), folder)
        problems.extend(loaded.problems)
        if loaded.value is not None:
            exercises.append(loaded.value)

    failed = any(p.severity == "error" for p in problems) or name is None
    pack = None
    if not failed:
        pack = Pack(
            id=pack_id, name=cast(str, name), exercises=tuple(exercises), author=author,
            language=language, message=message, homework=homework, rating=rating or DEFAULT_RATING,
            support=support, settle=settle, folder=folder, at=root.pos,
            where={k: v.pos for k, (_key, v) in keys.items()},
        )  # fmt: skip
    return Loaded(pack, tuple(problems), files=1 + len(files))


def _join(shown: str, name: str) -> str:
    return f"{shown.rstrip('/')}/{name}" if shown else name


def _exercise_files(
    folder: Path, listed: tuple[Scalar, Node] | None, r: _Reader
) -> list[tuple[str, Path]]:
    """The (name, path) of each exercise, in the order shown; problems reported on the way."""
    on_disk = sorted(
        p.name for p in _safe_iterdir(folder) if p.suffix == ".yaml" and p.name != "pack.yaml"
    )
    if listed is None:
        chosen = [(name, folder / name) for name in on_disk]
        if not chosen:
            r.report.error(
                START,
                _("this pack has no exercises; put exercise .yaml files beside pack.yaml"),
                rule="exercise-list",
            )
        elif len(chosen) > MAX_EXERCISES:
            r.report.error(
                START,
                _("this pack has {count} exercise files; a pack may have at most {most}").format(
                    count=len(chosen), most=MAX_EXERCISES
                ),
                rule="exercise-list",
            )
            return []
        return chosen
    items = r.list_of(listed[1], "exercises", 1, MAX_EXERCISES, _("exercise files"))
    if items is None:
        return []
    chosen = []
    seen: dict[str, Pos] = {}
    root = folder.resolve()
    for item in items:
        if not isinstance(item, Scalar) or item.value is None:
            r.report.error(
                item.pos,
                _("each entry under exercises must be a file name; got {found}").format(
                    found=describe(item)
                ),
                rule="exercise-list",
            )
            continue
        name = item.text
        if name in seen:
            r.report.error(
                item.pos,
                _("'{name}' is listed twice under exercises (first on line {line})").format(
                    name=name, line=seen[name].line
                ),
                rule="exercise-list",
            )
            continue
        seen[name] = item.pos
        path = folder / name
        if not name.endswith(".yaml") or name == "pack.yaml":
            r.report.error(
                item.pos,
                _(
                    "'{name}' can't be an exercise; exercises are .yaml files other than pack.yaml"
                ).format(name=name),
                rule="exercise-list",
            )
        elif Path(name).is_absolute() or not path.resolve().is_relative_to(root):
            r.report.error(
                item.pos,
                _("'{name}' leads outside the pack folder; keep exercises inside it").format(
                    name=name
                ),
                rule="exercise-list",
            )
        elif not path.is_file():
            r.report.error(
                item.pos,
                _("'{name}' is listed under exercises but there is no such file").format(name=name),
                rule="exercise-list",
            )
        else:
            chosen.append((name, path))
    for name in on_disk:
        if name not in seen:
            r.report.warning(
                listed[1].pos,
                _(
                    "'{name}' is in the pack folder but not listed under exercises, so clients "
                    "won't see it"
                ).format(name=name),
                rule="not-listed",
            )
    return chosen


def _safe_iterdir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _homework(node: Node, r: _Reader) -> Homework | None:
    mapping = r.mapping(node, "'homework'")
    if mapping is None:
        return None
    keys = r.keys(mapping, HOMEWORK_KEYS)
    times = per = None
    if (n := r.required(keys, "times", mapping.pos, "'homework'")) is not None:
        times = r.number(n, "times", 1, 20, unit="", whole=True)
    if (n := r.required(keys, "per", mapping.pos, "'homework'")) is not None:
        per = r.choice(n, "per", ("day", "week"))
    start = r.date(keys["from"][1], "from") if "from" in keys else None
    until = r.date(keys["until"][1], "until") if "until" in keys else None
    if start and until and until < start:
        r.report.error(
            keys["until"][1].pos,
            _("'until' ({until}) is before 'from' ({start})").format(
                until=until.isoformat(), start=start.isoformat()
            ),
            rule="date",
        )
        return None
    if times is None or per is None:
        return None
    return Homework(int(times), cast(Any, per), start, until)


def _rating(node: Node, r: _Reader) -> RatingScale | None:
    mapping = r.mapping(node, "'rating'")
    if mapping is None:
        return None
    keys = r.keys(mapping, RATING_KEYS)
    texts: dict[str, str | None] = {}
    for name in ("question", "low", "mid", "high"):
        if name in keys:
            texts[name] = r.text(keys[name][1], name, limit=200)
    threshold = DEFAULT_RATING.threshold
    if "threshold" in keys:
        got = r.number(keys["threshold"][1], "threshold", 0, 9, unit="", whole=True)
        threshold = int(got) if got is not None else threshold
    d = DEFAULT_RATING
    return RatingScale(
        question=texts.get("question") or d.question,
        low=texts.get("low") or d.low,
        mid=texts.get("mid") or d.mid,
        high=texts.get("high") or d.high,
        threshold=threshold,
    )


def _support(node: Node, r: _Reader, today: dt.date | None) -> Support | None:
    if isinstance(node, Scalar):
        text = r.text(node, "support")
        return Support(text) if text else None
    mapping = r.mapping(node, "'support'")
    if mapping is None:
        return None
    keys = r.keys(mapping, SUPPORT_KEYS)
    text = None
    if (n := r.required(keys, "text", mapping.pos, "'support'")) is not None:
        text = r.text(n, "text")
    contact = r.text(keys["contact"][1], "contact") if "contact" in keys else None
    emergency = r.text(keys["emergency"][1], "emergency") if "emergency" in keys else None
    reviewed = r.date(keys["reviewed"][1], "reviewed") if "reviewed" in keys else None
    if text and PLACEHOLDER_MARK in text:
        r.report.warning(
            keys["text"][1].pos,
            _(
                "the support text still holds the placeholder from 'regulate new'; write a few "
                "sentences for this client before you hand the pack over"
            ),
            rule="support-placeholder",
        )
    if reviewed is not None:
        age = ((today or dt.date.today()) - reviewed).days
        if age > SUPPORT_REVIEW_DAYS:
            r.report.warning(
                keys["reviewed"][1].pos,
                _(
                    "the support text was last reviewed on {reviewed}, more than 12 months ago; "
                    "you might read it through with the client and update the date"
                ).format(reviewed=reviewed.isoformat()),
                rule="support-review",
            )
    return Support(text, contact, emergency, reviewed) if text else None


# BCP 47 as people write it: a language of 2-3 letters, then optional script, region or variant
# subtags ('es', 'es-MX', 'pt-BR', 'zh-Hant-TW'); '_' as in locale names is accepted too
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _language(node: Node, r: _Reader) -> str | None:
    """The language a file is written in: a tag the program checks against what it speaks."""
    if not isinstance(node, Scalar) or not _LANGUAGE_TAG.match(node.text):
        r.report.error(
            node.pos,
            _("'language' must be a language tag such as es, es-MX or en; got {found}").format(
                found=describe(node)
            ),
            rule="language",
        )
        return None
    tag = node.text.replace("_", "-")
    if i18n.have(tag) is None:
        spoken = ", ".join(f"{code} ({i18n.name_of(code)})" for code in i18n.languages())
        r.report.warning(
            node.pos,
            _(
                "regulate does not speak '{tag}' yet, so its own words (buttons, keys, the "
                "rating screen) will be in the person's language; it speaks {spoken}"
            ).format(tag=tag, spoken=spoken),
            rule="language-unknown",
        )
    return tag
