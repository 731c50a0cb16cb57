"""Changing a therapist's YAML file through ruamel.yaml's round-trip mode: the value changed,
and the comments, quotes, flow style, folded text and indentation left as they were written.
(PyYAML reads packs everywhere else; only the voice tools and `pack zip` write into them, and
they need the voice extra, which brings ruamel.yaml.)"""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

_COMMENT = re.compile(r"\s+#.*$")


def _mapping_indent(text: str) -> int:
    """How far the file indents a mapping under its key (2 unless it says otherwise)."""
    lines = [x for x in text.splitlines() if x.strip() and not x.lstrip().startswith("#")]
    for above, below in itertools.pairwise(lines):
        body = _COMMENT.sub("", above).rstrip()
        outer = len(above) - len(above.lstrip())
        inner = len(below) - len(below.lstrip())
        if body.endswith(":") and inner > outer and not below.lstrip().startswith("- "):
            if body.lstrip().startswith("- "):
                outer += 2  # '- key:': the key stands after the dash
            return max(1, inner - outer)
    return 2


def _parser(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _data, sequence, offset = load_yaml_guess_indent(text)
    except Exception:  # guessing is a nicety: the file is read below, or refused there
        sequence, offset = None, None
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrapped: a long prompt stays on its one line
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    return yaml


def load(text: str) -> Any:
    """The document, as ruamel's commented mappings and lists; None when it can't be read
    (the exercise's own check says why)."""
    try:
        return _parser(text).load(text)
    except Exception:  # ruamel's errors have no common base short of Exception
        return None


def dump(data: Any, original: str) -> str:
    """The document written back in the style of `original`."""
    out = io.StringIO()
    _parser(original).dump(data, out)
    return out.getvalue()


def same_kind(old: Any, new: str) -> Any:
    """`new` quoted as `old` was ('...' stays '...', "..." stays "...")."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new


def insert(mapping: Any, at: int, key: str, value: Any) -> bool:
    """`key: value` put at position `at` of a mapping as read by load(); False when it is not
    one (a scalar, a list)."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(mapping, CommentedMap):
        return False
    mapping.insert(at, key, value)
    return True
