"""Every theme a person can choose, with and without NO_COLOR, gives every text on every screen
at least 4.5:1 contrast against what it stands on (WCAG AA), and every mark 3:1: read from the
cells the app actually draws (tests/contrast.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from regulate.tui import screens
from regulate.tui.themes import THEMES
from tests.contrast import low_contrast
from tests.tui_helpers import advance, make_app

pytestmark = pytest.mark.snapshot  # a whole app per case: with the slower screen tests


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", list(THEMES))
async def test_every_screen_reads_at_aa_contrast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app, clock, _ = make_app(tmp_path)
    # the theme as a person who chose it meets the app: put on as it starts (not after the
    # first screen is drawn, which drew it all again)
    app.prefs = app.prefs.with_(theme=theme)
    seen: dict[str, list[object]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme
        seen["home"] = low_contrast(app)
        await pilot.press("h")
        await pilot.pause()
        seen["history"] = low_contrast(app)
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#exercises", OptionList).highlighted = 3  # a breathing exercise
        await pilot.press("enter")
        await pilot.pause()
        seen["preview"] = low_contrast(app)
        await pilot.press("enter")
        await pilot.pause()
        seen["rating"] = low_contrast(app)
        await pilot.press("5", "enter")
        await pilot.pause()
        await advance(app, clock, 3, pilot)
        assert isinstance(app.screen, screens.ExerciseScreen)
        seen["breathing"] = low_contrast(app)
        await pilot.press("space")
        await pilot.pause()
        seen["paused"] = low_contrast(app)
        await pilot.press("s")
        await pilot.pause()
        seen["support"] = low_contrast(app)
    low = {name: found for name, found in seen.items() if found}
    assert low == {}, low
