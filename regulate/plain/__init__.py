"""`regulate play PATH --plain`: the practice core as plain lines, for screen readers and
scripts. `driver` answers the session script, `questions` asks, `console` reads and writes lines."""

from regulate.plain.console import Console, LineConsole, Stop, stdin_console
from regulate.plain.driver import Plain
from regulate.plain.home import Shelf, home
from regulate.plain.questions import (
    ask_rating,
    choose,
    choose_exercise,
    choose_pack,
    commands_line,
    describe,
    parse_rating,
    read_pack,
    show_support,
)

__all__ = [
    "Console",
    "LineConsole",
    "Plain",
    "Shelf",
    "Stop",
    "ask_rating",
    "choose",
    "choose_exercise",
    "choose_pack",
    "commands_line",
    "describe",
    "home",
    "parse_rating",
    "read_pack",
    "show_support",
    "stdin_console",
]
