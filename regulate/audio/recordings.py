"""Recordings as therapists have them: WAV (8/16/24-bit PCM), FLAC, MP3 and Ogg Vorbis.

miniaudio's decoders read all four (wheels for every Python regulate supports, no compiler
needed); it is imported only when a pack names a recording, so start-up never pays for it.
Anything else - a phone's M4A, AAC, Opus - gets a sentence saying what works and how to convert.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulate.durations import minutes_seconds
from regulate.i18n import N_, _

MAX_RECORDING_SECONDS = 20 * 60
MAX_AUDIO_BYTES = 50 * 1024 * 1024
FORMATS = {".wav": "WAV", ".flac": "FLAC", ".mp3": "MP3", ".ogg": "Ogg Vorbis"}
# what phones and editors often give, named so the message can say what the file is
OTHER_FORMATS = {
    ".m4a": "M4A", ".aac": "AAC", ".opus": "Opus", ".wma": "WMA", ".aif": "AIFF",
    ".aiff": "AIFF", ".caf": "CAF", ".amr": "AMR", ".webm": "WebM", ".mp4": "MP4",
    ".3gp": "3GP",
}  # fmt: skip
WORKS = N_("recordings may be WAV, FLAC, MP3 or Ogg Vorbis")
CONVERT = N_(
    "convert it with your phone's or computer's audio app (for example Audacity: "
    "File > Export > Export as MP3), or: ffmpeg -i {name} {stem}.mp3"
)


@dataclass(frozen=True)
class RecordingInfo:
    seconds: float
    channels: int
    rate: int
    format: str  # "WAV", "FLAC", ...


def library_path(path: Path) -> str:
    """A path as the sound library is given it: absolute, because miniaudio expands a leading
    '~' itself - a pack folder called '~' would otherwise have it play another file."""
    return str(path.absolute())


def is_recording_name(text: str) -> bool:
    """Whether a name in a pack means a file (one of the formats, or one we know by name)."""
    suffix = Path(text).suffix.lower()
    return suffix in FORMATS or suffix in OTHER_FORMATS


def _miniaudio() -> Any:
    import miniaudio

    return miniaudio


def inspect(path: Path) -> RecordingInfo | str:
    """What a recording holds, or why it can't be played (a sentence to follow its name)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        kind = OTHER_FORMATS.get(suffix)
        if kind is None and not suffix:
            what = _("has no file type")
        elif kind is None:
            what = _("is a '{suffix}' file").format(suffix=suffix)
        elif kind[0] in "AEIMO":  # the article as the name is said: an M4A, an Opus, a WebM
            what = _("is an {kind} file").format(kind=kind)
        else:
            what = _("is a {kind} file").format(kind=kind)
        return _("{what}, which regulate can't play; {works}: {convert}").format(
            what=what, works=_(WORKS), convert=_(CONVERT).format(name=path.name, stem=path.stem)
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _("can't be read ({reason})").format(reason=exc.strerror or exc)
    if size > MAX_AUDIO_BYTES:
        return _("is {size:.0f} MiB; a recording may be at most 50 MiB").format(
            size=size / 1024 / 1024
        )
    miniaudio = _miniaudio()
    try:
        info = miniaudio.get_file_info(library_path(path))
    except (miniaudio.MiniaudioError, OSError, ValueError):
        return _(
            "can't be read as {kind} audio (it may be damaged, or another kind of file "
            "renamed); {works}: {convert}"
        ).format(
            kind=FORMATS[suffix],
            works=_(WORKS),
            convert=_(CONVERT).format(name=path.name, stem=path.stem),
        )
    seconds = float(info.duration)
    if info.num_frames == 0 or seconds <= 0:
        return _("holds no sound")
    if seconds > MAX_RECORDING_SECONDS:
        return _(
            "lasts {length}; a recording may last at most 20 minutes (split a longer one "
            "across steps)"
        ).format(length=minutes_seconds(seconds, "nearest"))
    return RecordingInfo(seconds, int(info.nchannels), int(info.sample_rate), FORMATS[suffix])


@dataclass(frozen=True)
class Stream:
    """A recording being decoded piece by piece: its shape, and the pieces (16-bit samples)."""

    channels: int
    rate: int
    frames: int  # from the offset to the end
    pieces: Iterator[bytes]


def stream(path: Path, offset: float = 0.0, piece_seconds: float = 1.0) -> Stream:
    """The recording from `offset` seconds in, decoded as it is read: a 20-minute file is
    ready to play in milliseconds, and memory never holds more than a piece of it."""
    miniaudio = _miniaudio()
    info = miniaudio.get_file_info(library_path(path))
    channels = min(2, int(info.nchannels))  # more than stereo is folded down
    rate = int(info.sample_rate)
    start = max(0, int(offset * rate))
    frames = max(0, int(info.num_frames) - start)

    def pieces() -> Iterator[bytes]:
        if frames == 0:
            return
        for chunk in miniaudio.stream_file(
            library_path(path), nchannels=channels, sample_rate=rate,
            frames_to_read=max(1024, int(piece_seconds * rate)), seek_frame=start,
        ):  # fmt: skip
            if sys.byteorder == "big":
                chunk.byteswap()
            yield chunk.tobytes()

    return Stream(channels, rate, frames, pieces())


def decode(path: Path) -> tuple[bytes, int, int]:
    """(16-bit samples, channels, rate): the whole recording at once."""
    whole = stream(path)
    return b"".join(whole.pieces), whole.channels, whole.rate
