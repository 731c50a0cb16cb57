"""The therapist's voice from any phone or microphone, at one gentle loudness.

With the `voice` extra (PyAV, whose wheels carry FFmpeg's decoders, and numpy) a recording in
any format a phone or browser makes - M4A/AAC, Opus, WebM, AMR/3GP - is read, trimmed of the
silence at both ends, brought to one loudness and written as MP3 (mono, 22,050 Hz, 64 kb/s:
about half a megabyte a minute), which every client's plain install plays through miniaudio.

Loudness is ITU-R BS.1770's integrated loudness as FFmpeg's own `ebur128` filter measures it,
and the silence at both ends is taken off by its `silenceremove`: both run inside PyAV (a filter
graph), so nothing of the standard is written again here.

Nothing here is imported at start-up, or without the extra: `available()` says whether it can
be used, and `EXTRA` is the sentence's install command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulate import door
from regulate.i18n import N_, _

SPEECH_RATE = 22050  # Hz: a voice's sound lies well below 11 kHz
BIT_RATE = 64_000  # b/s, mono MP3
# the loudness every recording is brought to: that of the bundled cues as they are played
# (measured here: bell -21.9, chime -22.9, soft -23.2 LUFS), so a voice never startles after a cue
TARGET_LUFS = -22.0
CEILING = 10 ** (-1.0 / 20)  # peaks stay 1 dB below full scale: never clipped
PAD_SECONDS = (0.3, 0.6)  # silence left before the voice starts, and after it ends
FAR_LU = 6.0  # a recording this far from the pack's others is said to be
LONG_SILENCE_SECONDS = 2.0

EXTRA = "pip install 'regulate[voice]'"  # as the index has it; extra_command() says it as installed


def extra_command() -> str:
    from regulate.system.paths import install_command

    return install_command("voice")


NOT_INSTALLED = N_(
    "regulate can convert it itself once its voice extra is installed: {command}, then "
    "'regulate pack zip' converts every recording so each client can play it"
)


class VoiceError(Exception):
    """A recording that can't be read or written: the message is a sentence's end."""


def available() -> bool:
    try:
        import av  # noqa: F401
        import numpy  # noqa: F401
    except Exception:  # not installed, or half-installed
        return False
    return True


# ---------------------------------------------------------------- reading


MAX_SOURCE_BYTES = 200 * 1024 * 1024  # far more than a phone's hour of voice


def _openable(path: Path) -> str:
    """The path to hand FFmpeg: a plain file of a sane size (a pipe or a device would be read
    for ever), absolute (a name starting '-' or holding ':' is never taken as an option or a
    protocol such as http:)."""
    import stat

    try:
        info = door.inspect(path, kind="recording")
    except OSError as exc:
        raise VoiceError(_("can't be read ({reason})").format(reason=exc.strerror or exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise VoiceError(_("is not a file"))
    if info.st_size > MAX_SOURCE_BYTES:
        raise VoiceError(_("is over 200 MiB, far more than a recording needs"))
    return "file:" + str(path.absolute())


def read(path: Path, rate: int = SPEECH_RATE) -> Any:
    """The recording as mono float samples (-1..1) at `rate`: a numpy array. Its length is
    read from the container first, and decoding stops past the longest a recording may be:
    a three-hour file costs what a twenty-minute one does at most, never its own length."""
    import av
    import numpy as np

    from regulate.audio.lengths import MAX_RECORDING_SECONDS, length_problem

    if (seconds := probe_seconds(path)) > MAX_RECORDING_SECONDS:
        raise VoiceError(length_problem(seconds) or "")
    most = int((MAX_RECORDING_SECONDS + 1) * rate)  # a container may say less than it holds
    where = _openable(path)
    pieces: list[Any] = []
    held = 0
    try:
        with av.open(where) as opened:
            container: Any = opened  # PyAV's types don't narrow a stream to audio
            streams = [s for s in container.streams if s.type == "audio"]
            if not streams:
                raise VoiceError(_("holds no sound"))
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            for frame in container.decode(streams[0]):
                for out in resampler.resample(frame):
                    pieces.append(out.to_ndarray().reshape(-1).copy())
                    held += pieces[-1].size
                if held > most:
                    raise VoiceError(length_problem(held / rate) or "")
            for out in resampler.resample(None):
                pieces.append(out.to_ndarray().reshape(-1).copy())
    except VoiceError:
        raise
    except Exception as exc:  # av.error.*: damaged, or not sound at all
        raise VoiceError(_("can't be read as sound (it may be damaged)")) from exc
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    if not samples.size:
        raise VoiceError(_("holds no sound"))
    return samples.astype(np.float32)


def probe_seconds(path: Path) -> float:
    """How long a recording lasts, from its container (nothing decoded)."""
    import av

    where = _openable(path)
    try:
        with av.open(where) as opened:
            container: Any = opened
            streams = [s for s in container.streams if s.type == "audio"]
            if not streams:
                raise VoiceError(_("holds no sound"))
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return float(container.duration) / 1_000_000
            frames: int = sum(f.samples for f in container.decode(stream))
            return frames / max(1, stream.rate or 1)
    except VoiceError:
        raise
    except Exception as exc:
        raise VoiceError(_("can't be read as sound (it may be damaged)")) from exc


def to_16_bit(samples: Any) -> bytes:
    """Float samples as the players take them: 16-bit, little-endian."""
    import numpy as np

    return bytes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())


# ---------------------------------------------------------------- loudness and silence


def _filtered(samples: Any, rate: int, chain: list[tuple[str, str]], keep: bool = True) -> Any:
    """The samples through a chain of FFmpeg's own filters (name, options), and the metadata
    the last frame out carried: (samples or None, {key: value})."""
    import fractions
    import itertools

    import av
    import numpy as np

    graph = av.filter.Graph()
    nodes = [graph.add_abuffer(format="flt", sample_rate=rate, layout="mono")]
    nodes += [graph.add(name, options) for name, options in chain]
    nodes.append(graph.add("abuffersink"))
    for before, after in itertools.pairwise(nodes):
        before.link_to(after)
    graph.configure()
    pieces: list[Any] = []
    said: dict[str, str] = {}

    def drain() -> None:
        nonlocal said
        while True:
            try:
                frame: Any = graph.pull()
            except (av.BlockingIOError, av.EOFError):
                return
            if keep:
                pieces.append(frame.to_ndarray().reshape(-1).copy())
            if frame.metadata:
                said = dict(frame.metadata)

    data = np.ascontiguousarray(samples, dtype=np.float32)
    for at in range(0, data.size, rate):  # a second at a time
        frame = av.AudioFrame.from_ndarray(data[at : at + rate].reshape(1, -1), "flt", "mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, at, fractions.Fraction(1, rate)
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    if not keep:
        return None, said
    return (np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)), said


def loudness(samples: Any, rate: int = SPEECH_RATE) -> float:
    """Integrated loudness in LUFS, as FFmpeg's ebur128 filter measures it; -inf for silence."""
    import numpy as np

    block = int(0.4 * rate)  # shorter than one 400 ms block: measured as one, filled with quiet
    if samples.size < block:
        samples = np.concatenate([samples, np.zeros(block - samples.size, dtype=np.float32)])
    _, said = _filtered(samples, rate, [("ebur128", "metadata=1")], keep=False)
    level = float(said.get("lavfi.r128.I", "-70"))
    return -math.inf if level <= -70.0 else level  # -70: every block below the absolute gate


def _silence_below(lufs: float) -> float:
    """What counts as silence, in dBFS: 35 dB below the voice, and anything under -55."""
    return max(-55.0, lufs - 35.0) if math.isfinite(lufs) else -55.0


def _trimmed(samples: Any, rate: int, lufs: float, keep: tuple[float, float | None]) -> Any:
    """The samples with the silence at the start and at the end taken off (FFmpeg's
    silenceremove, once forwards and once on the reversed sound), `keep` seconds of it left
    before and after (None: the end left as it is); empty when nothing rises above silence."""
    threshold = f"{_silence_below(lufs):.1f}dB"

    def off_the_start(kept: float) -> tuple[str, str]:
        return "silenceremove", (
            f"start_periods=1:start_threshold={threshold}:start_silence={kept}"
            ":detection=rms:window=0.05"
        )

    chain = [off_the_start(keep[0])]
    if keep[1] is not None:
        chain += [("areverse", ""), off_the_start(keep[1]), ("areverse", "")]
    trimmed, _ = _filtered(samples, rate, chain)
    return trimmed


@dataclass(frozen=True)
class Measured:
    seconds: float
    lufs: float
    peak: float  # 0..1 of full scale
    clipped: bool  # a run of samples held at full scale
    silence_before: float  # seconds before the voice starts


def measure(samples: Any, rate: int = SPEECH_RATE) -> Measured:
    import numpy as np

    peak = float(np.abs(samples).max()) if samples.size else 0.0
    at_top = np.abs(samples) >= 0.999
    # three samples in a row at full scale: a waveform cut flat, heard as a crackle
    clipped = bool(at_top.size > 2 and (at_top[:-2] & at_top[1:-1] & at_top[2:]).any())
    lufs = loudness(samples, rate)
    after_start = _trimmed(samples, rate, lufs, keep=(0.0, None))
    return Measured(
        seconds=samples.size / rate,
        lufs=lufs,
        peak=peak,
        clipped=clipped,
        silence_before=max(0, samples.size - after_start.size) / rate,
    )


# ---------------------------------------------------------------- preparing and writing


@dataclass(frozen=True)
class Prepared:
    samples: Any
    before: Measured
    lufs: float  # after
    gain_db: float
    limited: bool  # the gain was held back so that the peaks stay below full scale


def prepare(samples: Any, rate: int = SPEECH_RATE, target: float = TARGET_LUFS) -> Prepared:
    """Silence trimmed at both ends (a little kept), then one gain to the target loudness,
    held back where the peaks would go above 1 dB below full scale."""
    import numpy as np

    before = measure(samples, rate)
    trimmed = _trimmed(samples, rate, before.lufs, keep=PAD_SECONDS)
    # nothing above silence, or no silence to take off (the filter then adds a sample): as it is
    if 0 < trimmed.size < samples.size:
        samples = trimmed
    level = loudness(samples, rate)
    if not math.isfinite(level):
        return Prepared(samples, before, level, 0.0, False)
    gain_db = target - level
    peak = float(np.abs(samples).max())
    limited = peak * 10 ** (gain_db / 20) > CEILING
    if limited:
        gain_db = 20 * math.log10(CEILING / peak)
    out = (samples * 10 ** (gain_db / 20)).astype(np.float32)
    return Prepared(out, before, loudness(out, rate), gain_db, limited)


def write_mp3(samples: Any, path: Path, rate: int = SPEECH_RATE) -> None:
    """Mono MP3 at 64 kb/s, written whole or not at all."""
    import av
    import numpy as np

    try:
        with (
            door.writing(path, private=False) as handle,
            av.open(handle, "w", format="mp3") as container,
        ):
            stream: Any = container.add_stream("libmp3lame", rate=rate, layout="mono")
            stream.bit_rate = BIT_RATE
            size = 1152  # an MP3 frame
            data = np.clip(samples, -1.0, 1.0).astype(np.float32)
            for at in range(0, data.size, size):
                piece = data[at : at + size].reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(piece, format="fltp", layout="mono")
                frame.rate, frame.pts = rate, at
                for packet in stream.encode(frame):
                    container.mux(packet)
            for packet in stream.encode(None):
                container.mux(packet)
    except Exception as exc:
        raise VoiceError(_("could not be written ({reason})").format(reason=exc)) from exc


def convert(source: Path, target: Path) -> Prepared:
    """One recording, from any format, trimmed and at the target loudness, into an MP3."""
    prepared = prepare(read(source))
    write_mp3(prepared.samples, target)
    return prepared
