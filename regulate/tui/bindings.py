"""Key descriptions in the person's language."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from regulate.i18n import _


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
