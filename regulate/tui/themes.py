"""The themes a person can choose with `t`."""

from __future__ import annotations

from regulate.i18n import N_

# a few calm themes to choose from with `t`, each with a name a person can picture (Textual's
# own names are not for them); the choice is kept in the settings under Textual's name
THEMES = {
    "textual-dark": N_("Dark"),
    "textual-light": N_("Light"),
    "nord": N_("Dusk blue"),
    "solarized-light": N_("Warm paper"),
    "gruvbox": N_("Earth"),
    "flexoki": N_("Soft ink"),
}
