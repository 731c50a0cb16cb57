"""The themes a person can choose with `t`."""

from __future__ import annotations

import dataclasses

from textual.theme import BUILTIN_THEMES, Theme

from regulate.i18n import N_

_PAPER = BUILTIN_THEMES["solarized-light"]
# Solarized's light theme with its text, links and footer a shade darker: as Textual ships it,
# body text on its panels and the footer's white on blue fall below 4.5:1 (WCAG AA)
WARM_PAPER: Theme = dataclasses.replace(
    _PAPER,
    name="warm-paper",
    foreground="#3f5259",
    primary="#1c6ea4",
    variables={**_PAPER.variables, "footer-background": "#1c6ea4"},
)
OWN_THEMES = (WARM_PAPER,)
RENAMED = {"solarized-light": "warm-paper"}  # a choice kept in the settings before a rename

# a few calm themes to choose from with `t`, each with a name a person can picture (Textual's
# own names are not for them); the choice is kept in the settings under the theme's name
THEMES = {
    "textual-dark": N_("Dark"),
    "textual-light": N_("Light"),
    "nord": N_("Dusk blue"),
    "warm-paper": N_("Warm paper"),
    "gruvbox": N_("Earth"),
    "flexoki": N_("Soft ink"),
}
