"""The person's settings (sound, volume, reduced motion, theme, language), kept in the config
folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from regulate import door
from regulate.system.paths import config_dir

SETTINGS_LIMIT = 64 * 1024  # far more than any real settings file
FILE_NAME = "settings.json"


@dataclass(frozen=True)
class Settings:
    sound: bool | None = None  # None: not asked yet (asked once, on first run)
    volume: int = 70  # percent
    reduced_motion: bool = False
    breath_bar: bool = False  # the breathing guide as a one-line bar instead of a round shape
    theme: str = "textual-dark"
    language: str = ""  # a language the person chose ('es'); '' follows the system
    sound_library: str = ""  # '' or 'miniaudio' (with regulate); 'simpleaudio' (the audio extra)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _path() -> Path:
    return config_dir() / FILE_NAME


def load() -> Settings:
    """The saved settings; anything unreadable falls back to the defaults, silently safe."""
    try:
        data = json.loads(door.read_bytes(_path(), kind="settings", limit=SETTINGS_LIMIT))
    except (OSError, ValueError, RecursionError):  # a pipe, odd bytes, nesting past any sense
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, object] = {}
    for f in fields(Settings):
        value = data.get(f.name, getattr(defaults, f.name))
        expected = type(getattr(defaults, f.name))
        if f.name == "sound":
            ok = value is None or isinstance(value, bool)
        elif expected is int:
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
        else:
            ok = isinstance(value, expected)
        values[f.name] = value if ok else getattr(defaults, f.name)
    return Settings(**values)  # type: ignore[arg-type]


def save(settings: Settings) -> bool:
    """Write atomically (0600); False when it could not be saved (the app carries on)."""
    try:
        door.make_folder(config_dir(), private=True)
        door.write_text(_path(), json.dumps(asdict(settings), indent=2), private=True)
        return True
    except OSError:
        return False


def answered_by_option(prefs: Settings, sound: bool | None) -> Settings:
    """`--sound` or `--no-sound` on a first start answers the sound question (kept, so it is
    not asked next time either); on a later start it is for that run only."""
    if prefs.sound is not None or sound is None:
        return prefs
    answered = prefs.with_(sound=sound)
    save(answered)
    return answered
