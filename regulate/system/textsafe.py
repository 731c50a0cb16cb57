"""Text that came from outside (packs, file names, zip entries, notes) made safe to print:
control characters are shown as escapes (`\\x1b`) and bidi overrides as `\\u202e`, so no byte
from a file can move the cursor, recolour the terminal or reorder what a person reads."""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_UNSAFE_KEEP_LINES = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")
# what a stream may carry: lines, tabs and the CSV format's own \r\n line ends
_UNSAFE_IN_STREAM = re.compile(
    f"\\r(?!\\n)|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every control and bidi character escaped (newlines and tabs kept when asked);
    undecodable bytes held as surrogates (file names) come out as U+FFFD."""
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE
    return _SURROGATES.sub("\ufffd", pattern.sub(_escape, text))


def stream_safe(text: str) -> str:
    """`text` as it may reach a terminal or a pipe: like printable(keep_lines=True), with the
    carriage return of a \\r\\n line end kept (CSV) and a lone one escaped."""
    return _SURROGATES.sub("\ufffd", _UNSAFE_IN_STREAM.sub(_escape, text))


def has_bidi_controls(text: str) -> bool:
    return any(ch in BIDI_CONTROLS for ch in text)


# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...), DDE);
# tab and carriage return are on OWASP's list too, as some programs strip them first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A value made safe for a CSV file a therapist opens in a spreadsheet: text has its control
    characters escaped and, if it could start a formula, a leading apostrophe (shown by no
    spreadsheet, and the cell stays text); numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = printable(value, keep_lines=True)
    if text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text
    return text
