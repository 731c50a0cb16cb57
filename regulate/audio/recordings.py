"""Recordings as therapists have them: WAV (8/16/24-bit PCM), FLAC, MP3 and Ogg Vorbis.

miniaudio's decoders read all four (wheels for every Python regulate supports, no compiler
needed); it is imported only when a pack names a recording, so start-up never pays for it.
A phone's M4A, AAC, Opus, WebM or AMR is read through the voice extra where it is installed
(audio/voice.py: it plays there, and `regulate pack zip` converts it for every client); where
it is not, a sentence says what works, how to convert, and which extra would do it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulate import door
from regulate.audio.lengths import MAX_RECORDING_SECONDS as MAX_RECORDING_SECONDS
from regulate.audio.lengths import length_problem as length_problem
from regulate.i18n import N_, _

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
    convert: bool = False  # a phone's format, read through the voice extra: zipped as MP3


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
    if suffix not in FORMATS and suffix in OTHER_FORMATS and _voice_available():
        return _through_voice(path, OTHER_FORMATS[suffix])
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
        said = _("{what}, which regulate can't play; {works}: {convert}").format(
            what=what, works=_(WORKS), convert=_(CONVERT).format(name=path.name, stem=path.stem)
        )
        return f"{said}; {_voice_hint()}" if kind is not None else said
    try:
        # a pipe, a device or a link out of the pack is refused before a library opens it
        size = door.inspect(path, kind="recording").st_size
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
        if suffix == ".ogg" and _voice_available():  # a voice note: Opus, not Vorbis, in Ogg
            return _through_voice(path, "Opus")
        said = _(
            "can't be read as {kind} audio (it may be damaged, or another kind of file "
            "renamed); {works}: {convert}"
        ).format(
            kind=FORMATS[suffix],
            works=_(WORKS),
            convert=_(CONVERT).format(name=path.name, stem=path.stem),
        )
        # an .ogg that isn't Vorbis is most often a voice note (Opus): the extra reads those
        return f"{said}; {_voice_hint()}" if suffix == ".ogg" else said
    seconds = float(info.duration)
    problem = length_problem(seconds if info.num_frames else 0.0)
    if problem is not None:
        return problem
    return RecordingInfo(seconds, int(info.nchannels), int(info.sample_rate), FORMATS[suffix])


def _voice_available() -> bool:
    from regulate.audio import voice

    return voice.available()


def _voice_hint() -> str:
    from regulate.audio import voice

    return _(voice.NOT_INSTALLED).format(command=voice.extra_command())


def _through_voice(path: Path, kind: str) -> RecordingInfo | str:
    """A phone's recording, read through the voice extra: its length from the container."""
    from regulate.audio import voice

    try:
        seconds = voice.probe_seconds(path)
    except voice.VoiceError as exc:
        return str(exc)
    return length_problem(seconds) or RecordingInfo(
        seconds, 1, voice.SPEECH_RATE, kind, convert=True
    )


def needs_voice(path: Path) -> bool:
    """Whether a recording is read through the voice extra (a phone's format)."""
    suffix = path.suffix.lower()
    if suffix in OTHER_FORMATS:
        return True
    if suffix != ".ogg":
        return False
    miniaudio = _miniaudio()
    try:
        miniaudio.get_file_info(library_path(path))
    except Exception:
        return True
    return False


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
    if needs_voice(path):
        return _voice_stream(path, offset, piece_seconds)
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


def _voice_stream(path: Path, offset: float, piece_seconds: float) -> Stream:
    """A phone's recording (played where the voice extra is installed: a therapist's
    preview), decoded whole - it is short - and handed over piece by piece."""
    from regulate.audio import voice

    rate = voice.SPEECH_RATE
    data = voice.to_16_bit(voice.read(path, rate))[max(0, int(offset * rate)) * 2 :]
    size = max(1024, int(piece_seconds * rate)) * 2
    pieces = (data[at : at + size] for at in range(0, len(data), size))
    return Stream(1, rate, len(data) // 2, pieces)


def decode(path: Path) -> tuple[bytes, int, int]:
    """(16-bit samples, channels, rate): the whole recording at once."""
    whole = stream(path)
    return b"".join(whole.pieces), whole.channels, whole.rate
