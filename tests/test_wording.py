"""The trauma-informed wording warnings of `check` catch the common ways a phrase is written."""

from __future__ import annotations

import pytest

from regulate.wording import findings


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
