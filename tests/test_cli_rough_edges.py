"""Rough edges of the command line an attacker found: argparse's complaints that stayed in
English, and sentences that a person could read as orders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regulate import i18n
from regulate.cli.parsing import in_persons_words
from regulate.domain.phrases import cut_whole
from regulate.history import History
from regulate.system.paths import starter_pack
from tests.helpers import fuzz_examples
from tests.helpers import regulate as run


def test_a_value_given_to_a_flag_is_refused_in_the_persons_language() -> None:
    said = run("--language", "es", "report", "--force=yes")
    assert said.returncode == 2
    assert said.stderr.endswith(
        "regulate report: error: argumento --force: se ignoró el argumento explícito 'yes' "
        "(esta opción no lleva valor)\n"
    )
    assert "ignored" not in said.stderr


def test_a_second_language_without_its_tag_is_pointed_out_in_the_first() -> None:
    for argv in (["--language", "es", "--language"], ["--language=es", "history", "--language"]):
        said = run(*argv)
        assert said.returncode == 2
        assert said.stderr.startswith("uso: regulate"), said.stderr
        assert "argumento --language: se esperaba un argumento" in said.stderr


@settings(max_examples=fuzz_examples(50), deadline=None)
@given(typed=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_every_explicit_argument_complaint_keeps_what_was_typed(typed: str) -> None:
    i18n.use("es")
    english = f"argument --force: ignored explicit argument {typed!r}"
    assert in_persons_words(english) == (
        f"argumento --force: se ignoró el argumento explícito {typed!r} (esta opción no lleva "
        "valor)"
    )
    assert in_persons_words("expected at least one argument") == "se esperaba al menos un argumento"
    assert (
        in_persons_words("expected at most one argument") == "se esperaba como mucho un argumento"
    )
    i18n.use("en")
    assert in_persons_words(english) == english


@pytest.mark.parametrize(
    ("make", "what"),
    [(os.mkfifo, "it is a named pipe, not a file"), (os.mkdir, "it is a folder, not a file"),
     (lambda p: os.symlink("/nowhere", p), "it is a link to something that is not there"),
     (lambda p: os.symlink("/dev/null", p), "it is a link to somewhere outside its folder")],
)  # fmt: skip
def test_check_here_says_what_a_pack_yaml_that_is_not_a_file_is(
    tmp_path: Path, make: Callable[[Path], object], what: str
) -> None:
    make(tmp_path / "pack.yaml")
    said = run("check", cwd=tmp_path)
    assert said.returncode == 2 and "There is no pack.yaml" not in said.stderr
    assert said.stderr.startswith(f"There is a pack.yaml here, but {what}"), said.stderr
    assert said.stderr.strip().endswith("or an exercise file.")
    spanish = run("--language", "es", "check", cwd=tmp_path)
    assert spanish.stderr.startswith("Aquí hay un pack.yaml, pero ")


def test_check_shows_a_newline_in_a_folders_name_escaped(tmp_path: Path) -> None:
    pack = tmp_path / "p\nq"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: pq\nname: P\nsupport: Call me.\nbogus: 1\n")
    said = run("check", str(pack))
    assert said.returncode == 1
    shown = f"{tmp_path}/p\\x0aq/pack.yaml:4:1: error: unknown key 'bogus'"
    assert any(line.startswith(shown) for line in said.stdout.splitlines()), said.stdout
    assert all(line.startswith((str(tmp_path), "  ", "1 error", "2 errors")) for line in
               said.stdout.splitlines()), said.stdout  # fmt: skip
    missing = run("check", str(tmp_path / "x\ny"))
    assert missing.stderr.count("\n") == 1 and "x\\x0ay" in missing.stderr


def test_a_note_cut_at_its_length_keeps_an_emoji_whole_or_not_at_all() -> None:
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    note = "a" * 999 + "👍🏽"
    said = run("play", "--plain", "--speed", "100", exercise, stdin=f"5\n6\n{note}\n")
    assert said.returncode == 0
    with History.open() as store:
        kept = store.sessions(include_previews=True)[0].note
    assert kept == "a" * 999  # not a bare 👍 without its skin tone
    assert cut_whole("a" * 998 + "👍🏽", 1000) == "a" * 998 + "👍🏽"
    assert cut_whole("a" * 999 + "e\u0301", 1000) == "a" * 999  # é, not e without its accent
    assert cut_whole("a" * 999 + "🇪🇸", 1000) == "a" * 999  # not half a flag
    assert cut_whole("a" * 997 + "👨\u200d👩\u200d👧", 1000) == "a" * 997


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(
    text=st.text(st.sampled_from(["a", "e", "\u0301", "👍", "🏽", "\u200d", "🇪", "🇸", "\ufe0f"]),
                 max_size=40),
    limit=st.integers(0, 40),
)  # fmt: skip
@example(text="a\u200d🇪🇪", limit=3)  # found by it: half a flag's pair taken, a joiner left last
def test_a_cut_never_ends_inside_one_character_a_reader_sees(text: str, limit: int) -> None:
    kept = cut_whole(text, limit)
    assert text.startswith(kept) and len(kept) <= limit
    if kept and kept != text:  # (nothing kept: nothing to end inside)
        assert not kept.endswith("\u200d")
        assert text[len(kept)] not in ("\u0301", "🏽", "\u200d", "\ufe0f")
        flags = len(kept) - len(kept.rstrip("🇪🇸"))
        if text[len(kept)] in "🇪🇸":
            assert flags % 2 == 0  # whole flags only
    if not any(c in text for c in "\u0301🏽\u200d🇪🇸\ufe0f"):
        assert kept == text[:limit]  # plain text: cut exactly at the limit
