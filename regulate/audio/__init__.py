"""Sound cues and the therapist's recordings: `player` chooses and drives the backend (or
silence, said once: `notices` holds what it says), `samples` decodes and scales, `sounding` is
what the device was handed, `silence` what every player can do and the one that makes no sound.

Its names are read from their modules when first asked for: the first screen needs only
`silence`, and a start with sound off never decodes or plays anything (PEP 562)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regulate.audio.notices import CRASH_PRONE, NO_DEVICE, NOT_INSTALLED, UNREADABLE
    from regulate.audio.player import Simpleaudio, crash_prone, make_player, simpleaudio_folder
    from regulate.audio.samples import Buffer, cue_path, decode, decode_cue, scaled
    from regulate.audio.silence import CuePlayer, Silent

_HOME = {
    "CRASH_PRONE": "notices", "NOT_INSTALLED": "notices", "NO_DEVICE": "notices",
    "UNREADABLE": "notices", "Simpleaudio": "player", "crash_prone": "player",
    "make_player": "player", "simpleaudio_folder": "player",
    "Buffer": "samples", "cue_path": "samples", "decode": "samples", "decode_cue": "samples",
    "scaled": "samples",
    "CuePlayer": "silence", "Silent": "silence",
}  # fmt: skip

__all__ = [
    "CRASH_PRONE",
    "NOT_INSTALLED",
    "NO_DEVICE",
    "UNREADABLE",
    "Buffer",
    "CuePlayer",
    "Silent",
    "Simpleaudio",
    "crash_prone",
    "cue_path",
    "decode",
    "decode_cue",
    "make_player",
    "scaled",
    "simpleaudio_folder",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f"regulate.audio.{_HOME[name]}"), name)
    raise AttributeError(f"module 'regulate.audio' has no attribute {name!r}")
