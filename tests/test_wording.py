"""The trauma-informed wording warnings of `check` catch the common ways a phrase is written."""

from __future__ import annotations

import pytest

from regulate.loader.wording import findings


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
    import dataclasses

    from regulate import phrases
    from regulate.core.session import care_needed
    from regulate.model import DEFAULT_RATING as DEFAULT

    def care_words(before: int | None, after: int | None, scale: object) -> str | None:
        care = care_needed(before, after, scale)  # type: ignore[arg-type]
        return None if care is None else phrases.care_sentence(care)

    # the case: a pack whose threshold is 3
    DEFAULT_RATING = dataclasses.replace(DEFAULT, threshold=3)
    assert care_words(6, 3, DEFAULT_RATING) == phrases.WORSE  # worse, and low
    assert care_words(8, 6, DEFAULT_RATING) == phrases.WORSE  # worse, not low
    assert care_words(2, 3, DEFAULT_RATING) == phrases.LOW  # low, not worse
    assert care_words(None, 2, DEFAULT_RATING) == phrases.LOW
    assert care_words(5, 4, DEFAULT_RATING) is None  # about the same, not low
    assert care_words(2, None, DEFAULT_RATING) is None  # skipped: nothing assumed
    assert "stirs things up" in phrases.WORSE and "stirs" not in phrases.LOW
