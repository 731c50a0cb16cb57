"""The history chart, as lines of text."""

from __future__ import annotations

from collections.abc import Sequence

from regulate.history import Session


def chart_lines(sessions: Sequence[Session], width: int, height: int = 6) -> list[str]:
    """Before (o) and after (*) for the most recent sessions that fit, oldest on the left;
    '|' joins the two when both were given. Text only: shape carries the meaning."""
    columns = max(1, (width - 4) // 2)
    recent = list(reversed(list(sessions)[:columns]))
    rows = [[" "] * (len(recent) * 2) for _ in range(height)]

    def row_of(rating: int) -> int:
        return height - 1 - round(rating * (height - 1) / 10)

    for i, s in enumerate(recent):
        x = i * 2
        if s.before_rating is not None and s.after_rating is not None:
            a, b = sorted((row_of(s.before_rating), row_of(s.after_rating)))
            for r in range(a, b + 1):
                rows[r][x] = "|"
        if s.before_rating is not None:
            rows[row_of(s.before_rating)][x] = "o"
        if s.after_rating is not None:
            rows[row_of(s.after_rating)][x] = "*"
    labels = {0: "10", height - 1: " 0", (height - 1) // 2: " 5"}
    return [f"{labels.get(r, '  ')} " + "".join(rows[r]) for r in range(height)]
