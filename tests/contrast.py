"""Contrast as WCAG 2 measures it, read from what the app actually draws: every cell of the
screen after Textual's own filters (NO_COLOR's monochrome among them), text against its
background. Text needs 4.5:1 (AA); a mark that is not a letter (a bar, a ring, a rule) 3:1."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.segment import Segment
from textual.app import App
from textual.color import Color


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(color: RichColor | None, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return fallback
    t = color.get_truecolor()
    return (t.red, t.green, t.blue)


def is_text(ch: str) -> bool:
    """A letter, digit or punctuation mark: text, held to 4.5:1. Bars, blocks, rules and rings
    are marks, held to 3:1 (WCAG's non-text contrast)."""
    return unicodedata.category(ch)[0] in "LNP" and not 0x2500 <= ord(ch) <= 0x25FF


@dataclass(frozen=True)
class Low:
    text: str
    ratio: float
    needed: float
    y: int


def low_contrast(app: App[object]) -> list[Low]:
    """Every run of visible characters on the screen whose contrast is below what it needs."""
    screen = app.screen
    background = screen.styles.background
    default_bg = (background.r, background.g, background.b)
    fg_default = Color.parse(app.current_theme.foreground or "#e0e0e0")
    default_fg = (fg_default.r, fg_default.g, fg_default.b)
    found: list[Low] = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        segments: list[Segment] = list(strip)
        for line_filter in app._filters:
            segments = line_filter.apply(segments, background)
        for text, style, _control in segments:
            shown = text.strip()
            if not shown or style is None:
                continue
            fg = _rgb(style.color, default_fg)
            bg = _rgb(style.bgcolor, default_bg)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:  # a terminal draws dim text halfway to its background
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg, strict=True))  # type: ignore[assignment]
            needed = 4.5 if any(is_text(ch) for ch in shown) else 3.0
            got = ratio(fg, bg)
            if got < needed - 0.01:
                found.append(Low(shown, round(got, 2), needed, y))
    return found
