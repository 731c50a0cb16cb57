"""The trauma-informed wording warnings of `check` catch the common ways a phrase is written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.loader.wording import findings
from tests.helpers import fuzz_examples


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Sit with your eyes closed.", "your eyes closed"),
        ("Shut your eyes for a moment.", "Shut your eyes"),
        ("Rest, eyes shut.", "eyes shut"),
        ("Nothing can hurt you here.", "Nothing can hurt you"),
        ("Nothing will harm you now.", "Nothing will harm you"),
    ],
)
def test_common_variants_are_caught_too(text: str, phrase: str) -> None:
    (finding,) = findings(text)
    assert finding.message.startswith(f"'{phrase}'")


def test_a_variant_with_an_eyes_open_choice_passes() -> None:
    assert findings("With your eyes closed, or open and resting on one spot.") == []


def test_the_words_after_the_rating_follow_what_changed() -> None:
    """Care is calibrated: the fuller care at a low after-rating or a drop of 3 or more (or of
    2 to a low rating), one neutral line after a smaller drop, nothing after a rise."""
    import dataclasses

    from regulate.core.session import care_needed
    from regulate.domain import phrases
    from regulate.domain.model import DEFAULT_RATING as DEFAULT

    def care_words(before: int | None, after: int | None, scale: object) -> str | None:
        care = care_needed(before, after, scale)  # type: ignore[arg-type]
        return None if care is None else phrases.care_sentence(care, "breathing")

    worse = phrases.WORSE["breathing"]
    # the case: a pack whose threshold is 3
    DEFAULT_RATING = dataclasses.replace(DEFAULT, threshold=3)
    assert care_words(6, 3, DEFAULT_RATING) == worse  # worse, and low
    assert care_words(8, 5, DEFAULT_RATING) == worse  # a drop of 3, not low
    assert care_words(5, 3, DEFAULT_RATING) == worse  # a drop of 2 to a low rating
    assert care_words(8, 6, DEFAULT_RATING) == phrases.DIP  # a drop of 2, not low: one line
    assert care_words(10, 8, DEFAULT) == phrases.DIP
    assert care_words(2, 3, DEFAULT_RATING) == phrases.LOW  # low, not worse
    assert care_words(1, 0, DEFAULT) == phrases.LOW  # "about the same", at a hard moment
    assert care_words(None, 2, DEFAULT_RATING) == phrases.LOW
    assert care_words(5, 4, DEFAULT_RATING) is None  # about the same, not low
    assert care_words(3, 10, DEFAULT) is None  # calmer
    assert care_words(2, None, DEFAULT_RATING) is None  # skipped: nothing assumed
    assert "stirs things up" in worse and "stirs" not in phrases.LOW
    assert "stirs" not in phrases.DIP and "failure" not in phrases.DIP


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (5, 5, "about the same"), (5, 6, "about the same"), (1, 0, "about the same"),
        (4, 6, "a little calmer"), (4, 7, "a little calmer"), (4, 8, "clearly calmer"),
        (4, 10, "clearly calmer"), (3, 10, "much calmer"), (0, 10, "much calmer"),
        (6, 4, "a little less calm"), (7, 4, "a little less calm"), (8, 4, "clearly less calm"),
        (10, 4, "clearly less calm"), (10, 3, "much less calm"), (10, 0, "much less calm"),
    ],
)  # fmt: skip
def test_change_words_are_true_at_every_size(before: int, after: int, words: str) -> None:
    """'3 -> 10' is never 'a bit': 0-1 about the same, 2-3 a little, 4-6 clearly, 7+ much."""
    from regulate.domain import phrases

    assert phrases.change_words(before, after) == words
    assert phrases.before_after(before, after) == f"Before {before}, after {after}: {words}."


def test_the_words_after_a_drop_fit_the_exercise_kind() -> None:
    """After a grounding exercise, nothing about breath or body; after breathing, the breath;
    after a scan, the body; after a kind regulate does not know, nothing assumed."""
    from regulate.domain import phrases

    grounding = phrases.care_sentence("worse", "grounding")
    assert "breath" not in grounding and "body" not in grounding
    assert "breath" in phrases.care_sentence("worse", "breathing")
    assert "body" not in phrases.care_sentence("worse", "breathing")
    assert "body" in phrases.care_sentence("worse", "body_scan")
    assert "breath" not in phrases.care_sentence("worse", "body_scan")
    other = phrases.care_sentence("worse", "stretching")
    assert "breath" not in other and "body" not in other


def test_change_words_in_spanish_name_the_size_too() -> None:
    from regulate import i18n
    from regulate.domain import phrases

    i18n.use("es")
    assert phrases.change_words(3, 10) == "con mucha más calma"
    assert phrases.change_words(10, 3) == "con mucha menos calma"
    assert phrases.change_words(4, 9) == "con bastante más calma"
    assert phrases.change_words(6, 4) == "con un poco menos de calma"
    assert phrases.change_words(1, 0) == "más o menos igual"
    assert "Gracias" in phrases.care_sentence("worse", "grounding")
    assert "respiración" not in phrases.care_sentence("worse", "grounding")


# ---------------------------------------------------------------- check as a second reader

# what the clinical review found passing `check` unremarked, each with its rule
SECOND_READER = [
    ("Take a deep breath and fill your lungs as much as you can.", "deep-breathing"),
    ("Breathe in as deeply as you can.", "deep-breathing"),
    ("Toma aire profundamente.", "deep-breathing"),
    ("Respira hondo y llena los pulmones.", "deep-breathing"),
    ("Relax your shoulders.", "commands-feeling"),
    ("Calm down and look around.", "commands-feeling"),
    ("Relaja los hombros.", "commands-feeling"),
    ("Cálmate.", "commands-feeling"),
    ("This will calm you down.", "promises-calm"),
    ("You'll feel much better afterwards.", "promises-calm"),
    ("Esto te calmará.", "promises-calm"),
    ("Te sentirás más tranquila.", "promises-calm"),
    ("You must keep still.", "dont-move"),
    ("Stay completely still.", "dont-move"),
    ("Quédate quieto un momento.", "dont-move"),
    ("You are okay now.", "promises-safety"),
    ("Everything is fine.", "promises-safety"),
    ("Ya estás bien.", "promises-safety"),
    ("Let go of all thoughts.", "clear-mind"),
    ("Clear your mind.", "clear-mind"),
    ("Deja ir todos los pensamientos.", "clear-mind"),
    ("Deja la mente en blanco.", "clear-mind"),
    ("You must breathe slowly.", "you-should"),
    ("Debes mirar alrededor.", "you-should"),
]


@pytest.mark.parametrize(("text", "rule"), SECOND_READER)
def test_check_reads_as_a_second_reader_would(text: str, rule: str) -> None:
    assert rule in {f.rule for f in findings(text)}, findings(text)


@pytest.mark.parametrize(
    "text",
    [
        "Breathe gently rather than deeply. There is no holding.",
        "No deep breaths needed; breathe as you like.",
        "Let your shoulders relax, if that feels okay.",
        "Notice as much as you can see.",
        "If it feels okay, notice what tells you this moment is okay enough.",
        "Moving at any time is fine.",
        "Thoughts may come and go, and that is fine.",
        "Respira con suavidad, sin respirar hondo.",
        "Moverte en cualquier momento está bien.",
    ],
)
def test_the_starter_packs_kind_of_sentence_passes(text: str) -> None:
    assert findings(text) == []


@settings(max_examples=fuzz_examples(300))
@given(st.text(max_size=300))
def test_any_sentence_is_read_without_failing(text: str) -> None:
    for found in findings(text):
        assert 0 <= found.offset <= len(text) and found.message and found.rule


@settings(max_examples=fuzz_examples(200))
@given(
    before=st.text(st.characters(blacklist_categories=["Cs"]), max_size=60),
    after=st.text(st.characters(blacklist_categories=["Cs"]), max_size=60),
    case=st.sampled_from(SECOND_READER),
    upper=st.booleans(),
)
def test_a_known_phrasing_is_caught_whatever_surrounds_it(
    before: str, after: str, case: tuple[str, str], upper: bool
) -> None:
    text, rule = case
    said = f"{before}. {text.upper() if upper else text} {after}"
    assert rule in {f.rule for f in findings(said)}
