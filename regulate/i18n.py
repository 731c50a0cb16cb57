"""Which language regulate speaks, and its words in that language.

Standard gettext: the sentences in the code are English and marked with `_` (or `N_` where they
are kept in a table and translated when shown); translations live in
`regulate/locale/<language>/LC_MESSAGES/regulate.po`, compiled to `.mo` files that ship in the
wheel (docs/translating.md). Dates and numbers follow the language through Babel's locale data.

The rule (docs/FORMAT.md, Language): while a pack is in use, the pack's `language` when the program
has it; otherwise the person's setting, then the system locale, then English.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from regulate import package_folder

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "regulate"
# the compiled catalogues, bundled in the package
LOCALE_DIR = package_folder() / "locale"
SOURCE = "en"  # the language the sentences in the code are written in
PSEUDO = "x-pseudo"  # a made-up language for tests: every sentence longer and bracketed
# each language by its own name, as a person looks for it in a list
NAMES = {"en": "English", "es": "Español", PSEUDO: "[Pseudo]"}


def name_of(tag: str) -> str:
    """A language by its own name ('Español', 'Français'): from NAMES, else Babel's locale
    data, so a new catalogue needs no code."""
    if tag in NAMES:
        return NAMES[tag]
    try:
        from babel import Locale, UnknownLocaleError

        name = Locale.parse(tag.replace("-", "_")).get_display_name()
    except (UnknownLocaleError, ValueError, TypeError, LookupError):
        return tag
    return name[:1].upper() + name[1:] if name else tag


ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE


def _(message: str) -> str:
    """A sentence in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A sentence about n things, with the current language's plural rule."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a sentence for translation where it is defined; `_` translates it where shown."""
    return message


@cache
def languages() -> tuple[str, ...]:
    """The languages the program speaks: English and each compiled catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE, *[tag.replace("_", "-") for tag in found])


@cache
def in_every_language(message: str) -> frozenset[str]:
    """`message` as each language the program speaks says it (English included): for words a
    pack may already hold in its own language, whatever language regulate speaks now."""
    said = {message}
    for tag in languages():
        if tag not in (SOURCE, PSEUDO):
            catalogue = gettext.translation(
                DOMAIN, LOCALE_DIR, [tag.replace("-", "_")], fallback=True
            )
            said.add(catalogue.gettext(message))
    return frozenset(said)


def have(tag: str | None) -> str | None:
    """The program's language for a BCP 47 tag or a locale name ('es-MX', 'es_ES.UTF-8'),
    or None when it has none: 'es-MX' is served by 'es'."""
    if not tag:
        return None
    name = re.split(r"[.@]", tag.strip(), maxsplit=1)[0].replace("_", "-").lower()
    if name == PSEUDO:
        return PSEUDO
    known = {lang.lower(): lang for lang in languages()}
    parts = name.split("-")
    for size in range(len(parts), 0, -1):
        found = known.get("-".join(parts[:size]))
        if found is not None:
            return found
    return None


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The first language the environment names that the program has (LANGUAGE may list
    several, 'es:en'); C and POSIX name none."""
    env = os.environ if environ is None else environ
    for variable in ENVIRONMENT:
        for entry in env.get(variable, "").split(":"):
            if entry and entry.split(".")[0] not in ("C", "POSIX"):
                found = have(entry)
                if found is not None:
                    return found
    return None


def choose(
    pack: str | None = None,
    setting: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language to speak: the pack's, the person's setting, the system's, then English."""
    return have(pack) or have(setting) or system_language(environ) or SOURCE


class _Pseudo(gettext.NullTranslations):
    """Every sentence about 40% longer, every letter swapped for a look-alike and the whole
    bracketed, so a test sees at once any sentence that did not pass through `_` and anything
    a narrow window cuts. Placeholders ({name}) are left as they are."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


_LOOK_ALIKES = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóṗʠŕšťúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓṔǪŔŠŤÚṼŴẊÝŽ",
)


def pseudo(message: str) -> str:
    """A sentence in the made-up test language: '⟦Ŝťéṗ {number} óƒ {steps}······⟧'."""
    if not message:
        return message
    pieces = re.split(r"(\{[^{}]*\})", message)
    shown = "".join(p if p.startswith("{") else p.translate(_LOOK_ALIKES) for p in pieces)
    padding = "·" * max(1, round(len(message) * 0.4) - 2)
    return f"⟦{shown}{padding}⟧"


def use(language: str) -> str:
    """Speak `language` from now on (one the program has; anything else is English)."""
    global _translation, _language
    chosen = have(language) or SOURCE
    if chosen == PSEUDO:
        _translation = _Pseudo()
    elif chosen == SOURCE:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            DOMAIN, LOCALE_DIR, [chosen.replace("-", "_")], fallback=True
        )
    _language = chosen
    return chosen


def current() -> str:
    return _language


def babel_locale() -> str:
    """The locale Babel formats dates and numbers with."""
    return "en" if _language in (SOURCE, PSEUDO) else _language.replace("-", "_")


@cache
def _babel(name: str) -> Locale:
    """Babel's locale, read once: parsed again for every number, it was most of the time a
    long report spent saying its numbers."""
    from babel import Locale

    return Locale.parse(name)


def date_words(day: dt.date, pattern: str) -> str:
    """A date in the current language, by a Babel pattern ('EEE d MMM' -> 'lun 23 nov')."""
    # imported when a date is first shown, so start-up stays quick
    from babel.dates import format_date

    return format_date(day, pattern, locale=_babel(babel_locale()))


def decimal(value: float, places: int = 1) -> str:
    """A number in the current language ('5.3' in English, '5,3' in Spanish)."""
    from babel.numbers import format_decimal

    pattern = "0." + "0" * places if places else "0"
    return format_decimal(value, format=pattern, locale=_babel(babel_locale()))


def datetime_words(moment: dt.datetime, pattern: str) -> str:
    """A date and time in the current language, by a Babel pattern ('d MMM HH:mm')."""
    from babel.dates import format_datetime

    return format_datetime(moment, pattern, locale=_babel(babel_locale()))
