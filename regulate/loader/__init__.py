"""YAML pack files -> the model, with every problem reported at its line and column.

The loader never stops at the first problem: each check reports into a `Report` and carries on,
so a therapist sees everything at once. A file with any error yields no model. Its parts follow
the format's own sections: what the format allows (`grammar`), reading one value (`reader`), one
file (`files`), an exercise (`exercise`) and its steps (`steps`), a pack folder (`pack`).
"""

from regulate.loader.files import Loaded, load_exercise
from regulate.loader.grammar import PLACEHOLDER_MARK, parse_duration, slugify, unknown_key_message
from regulate.loader.pack import load_pack
from regulate.loader.reader import as_handed_over

__all__ = [
    "PLACEHOLDER_MARK",
    "Loaded",
    "as_handed_over",
    "load_exercise",
    "load_pack",
    "parse_duration",
    "slugify",
    "unknown_key_message",
]
