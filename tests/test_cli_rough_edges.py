"""Rough edges of the command line an attacker found: argparse's complaints that stayed in
English, and sentences that a person could read as orders."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regulate import i18n
from regulate.cli.parsing import in_persons_words
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


@settings(max_examples=50, deadline=None)
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
