"""Read a YAML file into a small tree that remembers where every value was written.

PyYAML's own composer is recursive (a deeply nested hostile file crashes the C one) and
forgets nothing about limits, so this module builds the tree itself from the parser's event
stream: it stops at the size, depth and alias limits of docs/FORMAT.md as soon as they are crossed,
refuses every tag that is not plain YAML, and never constructs an arbitrary object.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml

from regulate.domain.problems import START, Pos, Report
from regulate.i18n import _
from regulate.loader.yaml_words import (
    BIDI,
    CONTROL,
    bidi_message,
    control_message,
    inert_bidi,
    quote,
    syntax_problem,
)
from regulate.loader.yaml_words import mark_pos as _pos

try:  # the C parser is much faster; the pure one behaves the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 10_000
MAX_DEPTH = 32

_CORE = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# C0 and C1 controls, and DEL, other than newline and tab


@dataclass(eq=False)
class Node:
    pos: Pos
    # how many nodes this one stands for once aliases are expanded
    size: int = field(default=1, init=False)


@dataclass(eq=False)
class Scalar(Node):
    text: str = ""  # exactly as written (after YAML unquoting)
    value: Any = None  # the YAML 1.1 value: str, int, float, bool, None or date
    plain: bool = True  # written without quotes or block style
    style: str | None = None  # None (plain), "'", '"', '|' or '>'
    indent: int = 0  # for block scalars: the indentation of their lines

    def locate(self, offset: int) -> Pos:
        """The source position of a character of the value, as near as the style allows."""
        if self.style == "|":
            line = self.text.count("\n", 0, offset)
            col = offset - (self.text.rfind("\n", 0, offset) + 1)
            return Pos(self.pos.line + 1 + line, self.indent + 1 + col)
        if "\n" in self.text or self.style == ">":
            return self.pos
        quote = 1 if self.style in ("'", '"') else 0
        return Pos(self.pos.line, self.pos.col + quote + offset)


@dataclass(eq=False)
class Seq(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Map(Node):
    entries: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.text == key:
                return v
        return None


def describe(node: Node) -> str:
    """Say what a node is, for messages: 'a list', 'a mapping' or the value quoted."""
    if isinstance(node, Seq):
        return _("a list")
    if isinstance(node, Map):
        return _("a mapping")
    assert isinstance(node, Scalar)
    if node.value is None and node.plain:
        return _("nothing")
    return quote(node.text)


def _pos_at_index(text: str, index: int) -> Pos:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return Pos(line, col)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Stop(Exception):
    """A limit was crossed; the problem is already reported."""


def parse(data: bytes, report: Report) -> Node | None:
    """Parse one YAML document; on any problem, report it and return None."""
    if len(data) > MAX_BYTES:
        report.error(
            START,
            _(
                "this file is {size:.1f} MiB; regulate reads files of at most 1 MiB (the limit "
                "that keeps the player quick)"
            ).format(size=len(data) / 1024 / 1024),
            rule="file",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        report.error(
            _pos_at_index(good, len(good)),
            _(
                "this file is not UTF-8 text (a byte here can't be read as UTF-8); save it as "
                "UTF-8 in your editor"
            ),
            rule="encoding",
        )
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        report.error(
            START, _("this file is empty; it needs at least the required keys"), rule="file"
        )
        return None
    try:
        return _compose(text, report)
    except _Stop:
        return None
    except yaml.reader.ReaderError as exc:
        report.error(
            _pos_at_index(text, exc.position),
            control_message(chr(exc.character)),
            rule="control-character",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        pos, message = syntax_problem(exc, text.splitlines())
        report.error(pos, message, rule="yaml-syntax")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        report.error(START, _("this is not valid YAML: {exc}").format(exc=exc), rule="yaml-syntax")
        return None


def _scalar(event: Any, report: Report, lines: list[str]) -> Scalar:
    pos = _pos(event.start_mark)
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag not in _ALLOWED_SCALAR_TAGS:
        report.error(pos, _tag_message(tag), rule="yaml-syntax")
        raise _Stop
    node = Scalar(pos, text=event.value, plain=event.style is None, style=event.style)
    if event.style in ("|", ">") and event.start_mark.line + 1 < len(lines):
        first = lines[event.start_mark.line + 1]
        node.indent = len(first) - len(first.lstrip(" "))
    match = CONTROL.search(event.value)
    if match:
        report.error(
            node.locate(match.start()), control_message(match.group()), rule="control-character"
        )
    try:
        node.value = _number(event.value, tag)
        if node.value is None:
            node.value = _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, event.value))
    except (ValueError, TypeError, OverflowError, yaml.YAMLError):
        node.value = event.value  # e.g. '2026-13-45': keep the text; checks will complain
    if isinstance(node.value, dt.datetime):
        node.value = node.value.date() if _is_midnight(node.value) else node.value
    if isinstance(node.value, bytes):  # pragma: no cover - !!binary is refused above
        node.value = event.value
    bidi = BIDI.search(event.value)
    if bidi and isinstance(node.value, str):
        # allowed by the format, but never obeyed: it could show words in another order than
        # they were written, so it is carried as a visible \u202e and the therapist is told
        report.warning(node.locate(bidi.start()), bidi_message(bidi.group()), rule="direction-mark")
        node.value = inert_bidi(node.value)
    return node


# A number in a pack is bounded before any arithmetic: YAML 1.1 reads 1:30:00:00... (base 60)
# and 400-digit integers, which no field can hold and some would take long to convert or
# overflow a float. Such a value is kept as its text, and the field's check names it.
MAX_NUMBER_CHARS = 40
MAX_WHOLE = 2**53
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


def _number(text: str, tag: str) -> object:
    """A number's value read in linear time, its text when no field could hold it, or None for
    anything that is not a number (left to PyYAML)."""
    if tag not in (_CORE + "int", _CORE + "float"):
        return None
    if ":" in text or len(text) > MAX_NUMBER_CHARS:
        return text  # sexagesimal (a duration reads its text as m:ss) or too long to be sense
    if _LEADING_ZERO.fullmatch(text):
        return int(text.replace("_", ""), 10)  # 010 is ten, as a person reads it, not octal 8
    value = _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, text))
    if isinstance(value, int) and abs(value) > MAX_WHOLE:
        return text
    return value


def _is_midnight(value: dt.datetime) -> bool:
    return value.time() == dt.time(0, 0) and value.tzinfo is None


def _tag_message(tag: str) -> str:
    return _(
        "the tag '{short_tag}' is not allowed; regulate reads plain YAML only (text, numbers, "
        "lists and mappings) and never runs anything from a file"
    ).format(short_tag=_short_tag(tag))


def _compose(text: str, report: Report) -> Node | None:
    return _Composer(text, report).run()


class _Composer:
    """Builds the tree from PyYAML's events, one handler per kind of event, stopping at the
    first thing no pack should hold (a second document, an alias bomb, a tag, deep nesting)."""

    def __init__(self, text: str, report: Report) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.report = report
        self.anchors: dict[str, Node] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[tuple[Node, str | None, Scalar | None]] = []  # node, anchor, pending key
        self.root: list[Node] = []
        self.documents = 0
        self.used_alias = False
        self.total = 0

    def run(self) -> Node | None:
        for event in yaml.parse(self.text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                self.document(event)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                node = _scalar(event, self.report, self.lines)
                self.count(1, node.pos)
                if event.anchor:
                    self.anchors[event.anchor] = node
                self.attach(node)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self.open(event)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                done, anchor, _node = self.stack.pop()
                if anchor:
                    self.open_anchors.discard(anchor)
                self.attach(done)
        return self.root[0] if self.root else None

    def stop(self, pos: Pos, message: str) -> NoReturn:
        self.report.error(pos, message, rule="yaml-syntax")
        raise _Stop

    def count(self, n: int, pos: Pos) -> None:
        self.total += n
        if self.used_alias and self.total > MAX_EXPANDED_NODES:
            self.stop(
                pos,
                _(
                    "the aliases in this file expand to more than {most:,} values, more than any "
                    "exercise needs; write the values out or use fewer aliases"
                ).format(most=MAX_EXPANDED_NODES),
            )

    def attach(self, child: Node) -> None:
        if not self.stack:
            self.root.append(child)
            return
        parent, anchor, key = self.stack[-1]
        parent.size += child.size
        if isinstance(parent, Seq):
            parent.items.append(child)
        elif key is None:
            if not isinstance(child, Scalar):
                self.stop(child.pos, _("a key must be a plain word, not a list or mapping"))
            self.stack[-1] = (parent, anchor, child)
        else:
            assert isinstance(parent, Map)
            parent.entries.append((key, child))
            self.stack[-1] = (parent, anchor, None)

    def document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            self.stop(
                _pos(event.start_mark),
                _(
                    "this file holds more than one YAML document ('---'); put one exercise "
                    "in each file"
                ),
            )

    def alias(self, event: yaml.AliasEvent) -> None:
        target = self.anchors.get(event.anchor or "")
        if target is None or event.anchor in self.open_anchors:
            what = _("the value it is part of") if target else _("no anchor defined before it")
            self.stop(
                _pos(event.start_mark),
                _("the alias '*{anchor}' refers to {what}").format(anchor=event.anchor, what=what),
            )
        self.used_alias = True
        self.count(target.size, _pos(event.start_mark))
        self.attach(target)

    def open(self, event: yaml.SequenceStartEvent | yaml.MappingStartEvent) -> None:
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        pos = _pos(event.start_mark)
        if event.tag not in (None, "!", _CORE + ("seq" if is_seq else "map")):
            self.stop(pos, _tag_message(event.tag))
        if len(self.stack) >= MAX_DEPTH:
            self.stop(
                pos,
                _(
                    "lists and mappings are nested more than {most} deep here, far deeper "
                    "than any pack needs"
                ).format(most=MAX_DEPTH),
            )
        self.count(1, pos)
        container: Node = Seq(pos) if is_seq else Map(pos)
        if event.anchor:
            self.anchors[event.anchor] = container
            self.open_anchors.add(event.anchor)
        self.stack.append((container, event.anchor, None))
