"""Sound cues and the therapist's recordings: `player` chooses and drives the backend (or
silence, said once), `samples` decodes and scales, `sounding` is what the device was handed."""

from regulate.audio.player import (
    CRASH_PRONE,
    NO_DEVICE,
    NOT_INSTALLED,
    UNREADABLE,
    CuePlayer,
    Silent,
    Simpleaudio,
    crash_prone,
    make_player,
    simpleaudio_folder,
)
from regulate.audio.samples import Buffer, cue_path, decode, decode_cue, scaled

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
