"""One line of literal text, the building block of every screen's changing lines."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class Line(Widget):
    """One line of literal text whose size never changes: a new text repaints it without a
    layout pass (Static.update always asks for one), which matters for lines that change
    every second while the guide moves."""

    DEFAULT_CSS = "Line { height: 1; }"

    def __init__(self, text: str = "", **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.text = text

    def set(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh()

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")
