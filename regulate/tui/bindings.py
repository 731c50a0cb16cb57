"""Key descriptions in the person's language."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from regulate.i18n import N_, _

# keys named in words, in the person's language (the rest are shown as printed on the key)
KEY_WORDS = {"space": N_("space")}


def speak_bindings(node: DOMNode) -> None:
    """The node's key descriptions in the current language (the footer shows them as they are;
    BINDINGS keep the English, marked for translation)."""
    merged = type(node)._merged_bindings
    if merged is None:
        return
    node._bindings.key_to_bindings = {
        key: [replace(b, description=_(b.description)) if b.description else b for b in bindings]
        for key, bindings in merged.key_to_bindings.items()
    }


def key_name(key: str) -> str:
    """A key as the footer names it: 'esc', 'espacio'."""
    if key == "escape":
        return "esc"
    return _(KEY_WORDS[key]) if key in KEY_WORDS else key
