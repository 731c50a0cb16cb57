"""argparse's words in the person's language without argparse itself changed: another program's
parser in the same process still speaks argparse's English after regulate has run in Spanish."""

from __future__ import annotations

import argparse
import gettext
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regulate import i18n
from regulate.cli.parsing import in_persons_words
from tests.helpers import regulate as run


def test_argparse_is_untouched_after_regulate_ran_in_spanish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = run("--language", "es", "play", "--speed", "500", "x.yaml")
    assert wrong.stderr.startswith("uso: regulate play"), wrong.stderr
    assert "argumento --speed: '500' no es una velocidad" in wrong.stderr
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
    # another program's parser, while regulate still speaks Spanish in this process
    assert i18n.current() == "es"
    other = argparse.ArgumentParser(prog="other")
    other.add_argument("--count", type=int)
    with pytest.raises(SystemExit):
        other.parse_args(["--count", "x"])
    said = capsys.readouterr().err
    assert said.startswith("usage: other"), said
    assert "error: argument --count: invalid int value: 'x'" in said
    assert "options:" in other.format_help()


def test_every_complaint_of_argparse_reads_in_spanish() -> None:
    i18n.use("es")
    unknown = run("--language", "es", "histori")
    # Python 3.12.8 and 3.13.1 stopped quoting the choices argparse lists
    assert re.search(
        r"opción no válida: 'histori' \(elige entre '?check'?, '?play'?", unknown.stderr
    )
    extra = run("--language", "es", "history", "--bogus")
    assert extra.stderr.endswith("regulate: error: argumentos no reconocidos: --bogus\n")
    both = run("--language", "es", "forget", "--all", "--pack", "x")
    assert "argumento --pack: no se admite junto con el argumento --all" in both.stderr
    neither = run("--language", "es", "forget")
    assert "hace falta uno de los argumentos --all --pack --before" in neither.stderr
    count = run("--language", "es", "record", "--count-in", "x", "p", "e", "1")
    assert "argumento --count-in: valor int no válido: 'x'" in count.stderr
    missing = run("--language", "es", "play")
    assert "hacen falta los siguientes argumentos: PATH" in missing.stderr
    helped = run("--language", "es", "play", "--help")
    assert "argumentos posicionales:" in helped.stdout and "opciones:" in helped.stdout


def test_a_language_without_its_tag_is_pointed_out_by_the_whole_parser() -> None:
    bare = run("--language")
    assert bare.returncode == 2
    # the whole command's usage, not a parser of --language alone
    assert bare.stderr.startswith("usage: regulate [-h]"), bare.stderr
    assert "argument --language: expected one argument" in bare.stderr


_TYPED = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(typed=_TYPED)
def test_a_complaint_keeps_whatever_was_typed_in_it(typed: str) -> None:
    i18n.use("es")
    english = f"argument --speed: invalid float value: {typed!r}"
    assert in_persons_words(english) == f"argumento --speed: valor float no válido: {typed!r}"
    unknown = f"unrecognized arguments: {typed}"
    assert in_persons_words(unknown) == f"argumentos no reconocidos: {typed}"
    i18n.use("en")
    assert in_persons_words(english) == english and in_persons_words(typed) == typed


@given(said=_TYPED)
def test_a_sentence_regulate_wrote_itself_passes_as_it_is(said: str) -> None:
    i18n.use("es")
    if not said.startswith(("argument ", "unrecognized", "invalid", "the following", "one of")):
        assert in_persons_words(said) == said
