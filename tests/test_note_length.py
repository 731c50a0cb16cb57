"""A note longer than regulate keeps (1,000 characters) is never cut without a word: plain mode
says so in one sentence, in the person's language (the app's note screen: test_app_flow)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regulate.domain.phrases import NOTE_LIMIT, _note_words, note_as_kept, note_cut
from regulate.history import History
from regulate.system.paths import starter_pack
from tests.helpers import regulate as run

CUT = "Your note was longer than regulate keeps, so its first 1000 characters are kept."
EXERCISE = str(starter_pack() / "feet-on-the-floor.yaml")


def _note(typed: str, *language: str) -> tuple[str, str | None]:
    # the before rating, the exercise (on a fast clock), the after rating, then the note
    result = run(*language, "play", "--plain", "--speed", "100", EXERCISE,
                 stdin=f"5\n6\n{typed}\n")  # fmt: skip
    with History.open() as store:
        return result.stdout, store.sessions(include_previews=True)[0].note


def test_a_long_note_in_plain_mode_is_said_to_be_cut() -> None:
    said, kept = _note("a" * 1500)
    assert CUT in said.splitlines()
    assert kept == "a" * NOTE_LIMIT


def test_a_note_that_fits_is_kept_without_a_word() -> None:
    said, kept = _note("b" * NOTE_LIMIT)
    assert CUT not in said and kept == "b" * NOTE_LIMIT


def test_the_cut_is_said_in_spanish() -> None:
    said, _kept = _note("c" * 1200, "--language", "es")
    assert "Tu nota era más larga de lo que regulate guarda" in said


@given(st.text(max_size=1100), st.integers(0, 200))
def test_the_cut_is_said_exactly_when_the_note_is_kept_shorter(typed: str, pad: int) -> None:
    note = typed + "x" * pad
    whole = _note_words(note).strip()  # the note's words, before any is left out for length
    kept = note_as_kept(note)
    assert whole.startswith(kept)
    if kept == whole:
        assert note_cut(note) is None
    else:
        assert note_cut(note) == CUT and len(kept) == NOTE_LIMIT
