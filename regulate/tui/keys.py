"""The README's key table, made from the screens' own bindings so the two cannot drift apart.

python -m regulate.tui.keys            # print the table
python -m regulate.tui.keys --write    # put it into README.md between its markers
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from textual.binding import Binding

from regulate.tui import screens

START, END = "<!-- keys: made by python -m regulate.tui.keys -->", "<!-- /keys -->"
NAMES = {"escape": "esc", "enter": "enter", "space": "space", "left": "left", "right": "right"}
# each screen as a person knows it, in the order they meet them
SCREENS: tuple[tuple[str, type[screens.Base[Any]]], ...] = (
    ("first start: the sound question", screens.SoundQuestion),
    ("home", screens.Home),
    ("an exercise's preview", screens.Preview),
    ("calm rating", screens.Rating),
    ("in an exercise", screens.ExerciseScreen),
    ("support", screens.SupportScreen),
    ("after a stop", screens.Stopped),
    ("note", screens.Note),
    ("summary", screens.Summary),
    ("history", screens.HistoryScreen),
)
# keys that act without a line of their own in the footer, and what they do
QUIET = {
    "Home": {"enter": "open the exercise"},
    "ExerciseScreen": {"e": "at a check-in: skip to the end"},
}
# keys that belong to a widget on the screen rather than to the screen itself
WIDGETS = {
    "Rating": ["`0`-`9` choose (`1` then `0` is ten)", "`left` `right` less or more",
               "`enter` confirm"],
    "ExerciseScreen": ["`left` `right` at a check-in: move between the answers"],
}  # fmt: skip


def _keys(screen: type[screens.Base[Any]]) -> list[str]:
    out = []
    seen: set[str] = set()
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        key = binding.key
        if key in seen or key in ("left", "right"):
            continue
        seen.add(key)
        what = binding.description if binding.show else QUIET.get(screen.__name__, {}).get(key)
        if what:
            out.append(f"`{NAMES.get(key, key)}` {what.lower()}")
    return out + WIDGETS.get(screen.__name__, [])


def key_table() -> str:
    rows = ["| where | keys |", "| --- | --- |"]
    rows += [f"| {where} | {', '.join(_keys(screen))} |" for where, screen in SCREENS]
    rows.append(
        "| everywhere | `ctrl+q` leave at once (an exercise under way is kept as stopped) |"
    )
    return "\n".join(rows)


def in_readme(text: str) -> str:
    """README text with the table between its markers made anew."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{key_table()}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        readme = Path(__file__).resolve().parents[2] / "README.md"
        readme.write_text(in_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(key_table())
