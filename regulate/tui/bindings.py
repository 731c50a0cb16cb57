"""Keys named in the person's language (the footer says each binding's description in it too,
as it builds its keys: `screens.base.KeysFooter`)."""

from __future__ import annotations

from regulate.i18n import N_, _

# keys named in words, in the person's language (the rest are shown as printed on the key)
KEY_WORDS = {"space": N_("space")}


def key_name(key: str) -> str:
    """A key as the footer names it: 'esc', 'espacio'."""
    if key == "escape":
        return "esc"
    return _(KEY_WORDS[key]) if key in KEY_WORDS else key
