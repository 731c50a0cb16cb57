"""Small readers: each reads one kind of value from the YAML tree and reports what is wrong
with it at its line and column, in words a therapist can act on."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import cast

from regulate.audio.recordings import inspect as inspect_recording
from regulate.audio.recordings import is_recording_name
from regulate.domain.model import (
    BUNDLED_CUES,
    FORMAT_VERSION,
    Sound,
)
from regulate.domain.problems import Pos, Report
from regulate.i18n import _
from regulate.loader import wording
from regulate.loader.grammar import (
    DURATION_FORMS,
    MAX_STEP_SECONDS,
    MAX_TEXT,
    number_text,
    parse_duration,
    unknown_key_message,
)
from regulate.loader.paths_in_pack import disk_problem, written_problem
from regulate.loader.yaml_words import inert_bidi, quote
from regulate.loader.yamltree import Map, Node, Scalar, Seq, describe

# a pack as handed to a client (a zip, or a folder given to `pack add`) holds only the formats
# every install plays: a phone's format there is an error, where a pack being written may
# hold one (pack zip converts it)
_handed_over: ContextVar[bool] = ContextVar("handed_over", default=False)


@contextlib.contextmanager
def as_handed_over() -> Iterator[None]:
    """Load packs, inside this block, as a client's install takes them."""
    token = _handed_over.set(True)
    try:
        yield
    finally:
        _handed_over.reset(token)


class Reader:
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
                    low=number_text(low),
                    high=number_text(high),
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
        if info.convert and _handed_over.get():
            said = _(
                "is a recording in a phone's format ({kind}), which a pack handed to a client "
                "may not hold; make the pack with 'regulate pack zip', which converts it"
            ).format(kind=info.format)
            self.report.error(node.pos, f"'{name}' {quote(node.text)} {said}", rule="audio")
            return None
        if info.convert:
            said = _(
                "is a recording in a phone's format ({kind}): it plays here, where regulate's "
                "voice extra is installed, and 'regulate pack zip' converts it to MP3 so that "
                "every client can play it"
            ).format(kind=info.format)
            self.report.warning(
                node.pos, f"'{name}' {quote(node.text)} {said}", rule="recording-converted"
            )
        return Sound(path=path, seconds=info.seconds)

    def audio_path(self, node: Scalar, name: str) -> Path | None:
        """The recording a step names, resolved inside the pack folder; None, with the
        problem reported, when it can't be played on every computer."""
        written = node.text
        if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in written):
            # the control-character rule reports it; such a path is never handed to the system
            # (a NUL in it would stop Python's own path calls)
            return None
        problem = written_problem(name, written) or disk_problem(self.folder, name, written)
        if problem is not None:
            self.report.error(node.pos, problem, rule="path")
            return None
        return (self.folder / written).resolve()
