"""One generator of hostile values, used on every surface regulate reads from outside: what a
hostile or unlucky person could put in a pack, a kept session, the settings, a history row, a
recording, a typed line or a path. Each surface's test draws from here, so a new kind of
hostility added once is tried everywhere (tests/test_hostile_surfaces.py)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

# ------------------------------------------------------------ values

BIG_INTS = [2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**400)]
SPECIAL_FLOATS = [float("inf"), float("-inf"), float("nan"), -0.0, 5e-324, 1.7976931348623157e308]
CALENDAR_ENDS = ["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "0000-00-00",
                 "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", ""]  # fmt: skip
# YAML 1.1 forms a person never means as numbers: base 60, octal, hex, binary, special floats
YAML_FORMS = ["1:30:00:00:00", ":".join(["59"] * 2000), "0o17", "010", "0x1F", "0b101", ".inf",
              "-.inf", ".nan", "1_000_000", "9" * 400, "yes", "no", "on", "off", "~", "null",
              "1e400", "-0"]  # fmt: skip
CONTROL = ["\x00", "\x07", "\x1b[2J", "\x1b]0;owned\x07", "\x08", "\x7f", "\x9b", "\r"]
BIDI = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c"]
MARKUP = ["[/]", "[bold]", "[@click=app.quit]x[/]", "${HOME}", "{region}", "%s", "{0}", "<script>"]


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Text as it may arrive: control and direction characters, markup, sizes at the ends."""
    pieces = st.sampled_from(CONTROL + BIDI + MARKUP + ["x" * 5000, "é", "\U0001f600", " "])
    return st.one_of(
        st.text(max_size=max_size),
        st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=12).map("".join),
    )


def hostile_scalars() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(BIG_INTS),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(SPECIAL_FLOATS),
        st.sampled_from(CALENDAR_ENDS + YAML_FORMS),
        hostile_text(60),
    )


def hostile_values(max_leaves: int = 20) -> st.SearchStrategy[object]:
    """Any JSON/YAML kind, nested a little; depth past any sense comes from `deep_json`."""
    return st.recursive(
        hostile_scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from(["row", "id"])), inner,
                            max_size=4),
        ),
        max_leaves=max_leaves,
    )  # fmt: skip


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def deep_yaml(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def to_json(value: object) -> str:
    """JSON as Python writes it, Infinity and NaN included (they are not JSON, but they are
    what a careless program writes)."""
    return json.dumps(value, allow_nan=True, default=str)


def hostile_bytes(max_size: int = 300) -> st.SearchStrategy[bytes]:
    """Bytes that are not what they claim: invalid UTF-8, byte-order marks, NUL, a truncated
    header of a real format."""
    heads = [b"\xef\xbb\xbf", b"\xff\xfe", b"\x00" * 8, b"RIFF\xff\xff\xff\xffWAVEfmt ",
             b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb", b"fLaC\x00\x00\x00\x22", b"OggS\x00",
             b"\xc3\x28", b"\xed\xa0\x80", b"PK\x03\x04"]  # fmt: skip
    return st.builds(lambda head, tail: head + tail, st.sampled_from([b"", *heads]),
                     st.binary(max_size=max_size))  # fmt: skip


# ------------------------------------------------------------ special files

SPECIAL_FILES = ["fifo", "device", "folder", "link-out", "dangling-link", "unreadable", "empty",
                 "socket"]  # fmt: skip


def make_special(kind: str, path: Path, outside: Path) -> Path:
    """Put at `path` something that is not the regular file expected there. `outside` is a
    folder beside, for links to point out of. Devices are made by mknod here, never /dev's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero: endless
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-out":
        outside.mkdir(parents=True, exist_ok=True)
        target = outside / "secret.txt"
        target.write_text("not yours\n")
        path.symlink_to(target)
    elif kind == "dangling-link":
        path.symlink_to(outside / "nothing-here")
    elif kind == "unreadable":
        path.write_text("title: x\n")
        path.chmod(0)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "socket":
        import socket

        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(path))
        except OSError:  # a path too long for a socket: a FIFO stands in
            os.mkfifo(path)
        finally:
            sock.close()
    else:  # pragma: no cover - a kind added above without its maker
        raise ValueError(kind)
    return path


Surface = Callable[[Path], object]
