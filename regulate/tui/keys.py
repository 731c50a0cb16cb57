"""The README's key table, made from the screens' own bindings so the two cannot drift apart.

python -m regulate.tui.keys            # print the table
python -m regulate.tui.keys --write    # put it into README.md between its markers
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from textual.binding import Binding

from regulate import door
from regulate.tui import screens

START, END = "<!-- keys: made by python -m regulate.tui.keys -->", "<!-- /keys -->"
NAMES = {
    "escape": "esc",
    "enter": "enter",
    "space": "space",
    "left": "left",
    "right": "right",
    "down": "up` `down",
}  # history's arrows: one key in its footer, "↑↓"
# each screen as a person knows it, in the order they meet them
SCREENS: tuple[tuple[str, type[screens.Base[Any]]], ...] = (
    ("first start: the sound question", screens.SoundQuestion),
    ("home", screens.Home),
    ("an exercise's preview", screens.PreviewScreen),
    ("calm rating", screens.Rating),
    ("in an exercise", screens.ExerciseScreen),
    ("support", screens.SupportScreen),
    ("after a stop", screens.Stopped),
    ("note", screens.Note),
    ("summary", screens.SummaryScreen),
    ("history", screens.HistoryScreen),
)
# what a key does, where the footer's word alone would not say it (a key with no line of its
# own in the footer, or one whose word changes with the moment)
WORDS = {
    "Home": {"enter": "open the exercise", "tab": "between the packs and their exercises"},
    "ExerciseScreen": {
        "e": "at a check-in: skip to the end",
        "g": "breathing: the guide as a round shape or a one-line bar",
    },
    "SupportScreen": {"escape": "close (after a low rating, before starting: stop here)"},
    "HistoryScreen": {"down": "move through the sessions (up from the first: the chart again)"},
}
# keys that belong to a widget on the screen rather than to the screen itself
WIDGETS = {
    "Home": ["`up` `down` choose"],
    "Rating": ["`0`-`9` choose (`1` then `0` is ten)", "`left` `right` less or more",
               "`enter` confirm"],
    "ExerciseScreen": ["`left` `right` at a check-in: move between the answers"],
    "SupportScreen": ["`left` `right` move between the choices", "`enter` the one in focus"],
    "Stopped": ["`left` `right` move between the choices"],
    "SummaryScreen": ["`left` `right` move between the choices", "`enter` the one in focus"],
}  # fmt: skip


def _keys(screen: type[screens.Base[Any]]) -> list[str]:
    said: dict[str, list[str]] = {}  # each key with its words, in the footer's order
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        if binding.key in ("left", "right"):
            continue
        words = said.setdefault(binding.key, [])
        if binding.show and binding.description and binding.description.lower() not in words:
            words.append(binding.description.lower())  # a key that says two things: both
    out = []
    for key, words in said.items():
        what = WORDS.get(screen.__name__, {}).get(key) or " or ".join(words)
        if what:
            out.append(f"`{NAMES.get(key, key)}` {what}")
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
        text = in_readme(door.read_text(readme, kind="text"))
        door.write_text(readme, text, private=False)
    else:
        print(key_table())
