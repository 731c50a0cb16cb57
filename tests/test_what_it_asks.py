"""The preview's 'What it asks of you' is true to the exercise, in the app and plain mode and in
both languages: a breathing-only exercise does not ask for the eyes."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulate import i18n
from regulate.plain import describe
from regulate.tui import screens
from tests.tui_helpers import exercise_from, make_app, screen_text

EYES = {"en": "your eyes", "es": "tus ojos"}
BREATH = {"en": "your breath", "es": "tu respiración"}

BREATHING_ONLY = """\
title: Just breathing
kind: breathing
steps:
  - breathe: {inhale: 4, exhale: 6, cycles: 3, text: "Breathe gently, if you like."}
"""
WITH_A_LOOK = BREATHING_ONLY + "  - prompt: Look slowly around the room.\n    for: 10\n"


async def _asks(tmp_path: Path, text: str, language: str) -> tuple[str, str]:
    path = tmp_path / "ex.yaml"
    path.write_text(text, encoding="utf-8")
    exercise = exercise_from(path)
    app, _clock, _store = make_app(tmp_path, exercise=exercise, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.PreviewScreen)
        shown = " ".join(screen_text(app).split())
    i18n.use(language)
    said = " ".join(describe(exercise, 1.0))
    return shown, said


@pytest.mark.parametrize("language", ["en", "es"])
async def test_a_breathing_only_exercise_does_not_ask_for_the_eyes(
    tmp_path: Path, language: str
) -> None:
    for words in await _asks(tmp_path, BREATHING_ONLY, language):
        assert BREATH[language] in words and EYES[language] not in words


@pytest.mark.parametrize("language", ["en", "es"])
async def test_a_step_that_asks_to_look_around_asks_for_the_eyes(
    tmp_path: Path, language: str
) -> None:
    for words in await _asks(tmp_path, WITH_A_LOOK, language):
        assert BREATH[language] in words and EYES[language] in words
