"""No hostile byte reaches a person: generated control characters, bidi marks and invalid UTF-8
are fed through every path that prints what a person did not type into regulate (check, pack
add, the history table, CSV and JSON, both reports, plain mode), and nothing raw comes out."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate import cli
from regulate.history import History
from regulate.system.paths import starter_pack
from regulate.system.textsafe import BIDI_CONTROLS
from tests.helpers import fuzz_examples

# Anything but newline and tab (and a carriage return ending a CSV line) is a raw control byte.
RAW = re.compile(f"\\r(?!\\n)|[\\x00-\\x08\\x0b-\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")

PIECES = ["\x1b[2J", "\x1b]0;owned\x07", "\x9b31m", "\r", "\x00", "\x08", "\x7f", "\x85",
          *BIDI_CONTROLS, "\ud800", "a", " ", "é", "[/]", "[b]", "\n", "\t", "=1+1", "'", '"']  # fmt: skip
hostile = st.lists(
    st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8", categories=["Cc", "Cf"])),
    min_size=1,
    max_size=12,
).map("".join)
hostile_bytes = st.binary(min_size=1, max_size=12).map(lambda b: b"\x1b[2J" + b + b"\xe9\xff")

FIELDS = {
    "pack_id": "p", "exercise_id": "look", "exercise_sha256": "ab" * 32, "planned_seconds": 60.0,
}  # fmt: skip
SIGH = starter_pack() / "sigh-and-settle.yaml"
_counter = itertools.count()
EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)


def said(*argv: str, stdin: str = "") -> str:
    """Everything regulate writes, standard output and error together, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.suppress(SystemExit),
        ):
            cli.main(list(argv))
    finally:
        sys.stdin = saved
    return out.getvalue() + err.getvalue()


def assert_clean(text: str, where: str) -> None:
    found = RAW.search(text)
    assert found is None, f"{where} let {found.group()!r} through: {text[:400]!r}"


def _yaml_quoted(text: str) -> str:
    """`text` inside YAML double quotes, every control written as an escape YAML turns back into
    the raw character: the loader sees exactly the hostile text."""
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in BIDI_CONTROLS:
            out.append(f"\\u{ord(ch):04x}" if ch not in '"\\' else "\\" + ch)
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


SLOW = settings(
    max_examples=fuzz_examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SLOW
@given(text=hostile, raw=hostile_bytes)
def test_check_and_pack_add_show_hostile_text_inert(tmp_path: Path, text: str, raw: bytes) -> None:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    for old in pack.iterdir():
        old.unlink()
    quoted = _yaml_quoted(text)
    (pack / "pack.yaml").write_text(f"name: {quoted}\n{quoted}: 1\n", encoding="utf-8")
    (pack / "look.yaml").write_text(
        f"title: {quoted}\nkind: {quoted}\nsteps:\n  - prompt: {quoted}\n    for: 20s\n"
        f"    {quoted}: 1\n    audio: {quoted}\n",
        encoding="utf-8",
    )
    (pack / "broken.yaml").write_bytes(b"title: " + raw + b"\nsteps: [\n")
    (pack / os.fsdecode(b"caf\xe9\x1b[2J.yaml")).write_text(EX, encoding="utf-8")
    for form in ("text", "json"):
        assert_clean(said("check", str(pack), "--format", form), f"check --format {form}")
    assert_clean(said("check", str(pack / "look.yaml")), "check of one exercise")
    assert_clean(said("play", "--plain", "--no-sound", str(pack / "look.yaml")), "play refusing")

    archive = tmp_path / "hostile.zip"
    safe_name = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("/", "")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("p/pack.yaml", (pack / "pack.yaml").read_bytes())
        zf.writestr("p/look.yaml", (pack / "look.yaml").read_bytes())
        zf.writestr(f"p/{safe_name}.yaml", raw)
    assert_clean(said("pack", "add", str(archive)), "pack add of a broken pack")
    outside = tmp_path / "outside.zip"
    with zipfile.ZipFile(outside, "w") as zf:
        zf.writestr(f"../{safe_name}", b"x")
    assert_clean(said("pack", "add", str(outside)), "pack add refusing an entry")


@SLOW
@given(text=hostile, raw=hostile_bytes)
def test_history_and_reports_show_hostile_text_inert(tmp_path: Path, text: str, raw: bytes) -> None:
    # a history written by another version, or edited by hand: text nothing has checked
    text = re.sub("[\ud800-\udfff]", "", text) or "x"  # SQLite holds no lone surrogate
    with History.open() as store:
        store.forget(everything=True)
        sid = store.start(**FIELDS, pack_name=text, exercise_title=text, before=3)
        store.finish(sid, outcome="stopped", played_seconds=30.0, after=5, note=text)
        path = store.path
        other = store.start(**FIELDS, pack_name="P", exercise_title="T", before=2)
        store.finish(other, outcome="completed", played_seconds=60.0, after=6, note="n")
    with sqlite3.connect(path) as db:  # bytes that are not UTF-8 at all, as an editor can leave
        for column in ("exercise_title", "pack_name", "note"):
            db.execute(f"UPDATE sessions SET {column} = CAST(? AS TEXT) WHERE id = ?", (raw, other))
    for form in ("table", "csv", "json"):
        assert_clean(said("history", "--format", form), f"history --format {form}")
    for form in ("html", "md"):
        target = tmp_path / f"report-{next(_counter)}.{form}"
        assert_clean(said("report", "--format", form, "--with-notes", "-o", str(target)), form)
        assert_clean(target.read_text(encoding="utf-8"), f"the {form} report's text")
    assert_clean(said("report", "--format", "md", "--with-notes", "-o", "-"), "report to screen")


@pytest.mark.slow
@settings(
    max_examples=fuzz_examples(10), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(answer=hostile, note=hostile)
def test_plain_mode_never_echoes_a_raw_byte_it_was_given(answer: str, note: str) -> None:
    # a rating and a note as a terminal could deliver them: control keys, pasted escapes
    lines = [answer.replace("\n", " "), "4", "7", note.replace("\n", " ")]
    stdin = "\n".join(line.encode("utf-8", "replace").decode("utf-8") for line in lines) + "\n"
    out = said("play", "--plain", "--no-sound", "--speed", "100", str(SIGH), stdin=stdin)
    assert_clean(out, "plain mode")
    assert "Sigh and settle" in out, out[:400]


def test_the_sieve_itself_catches_what_it_is_for() -> None:
    # the assertion above can fail: a raw escape is caught, an escaped one is not
    with pytest.raises(AssertionError):
        assert_clean("title \x1b[2J", "a raw escape")
    assert_clean("title \\x1b[2J\r\n", "an escaped one")
