"""The therapist's voice from any phone or microphone, at one gentle loudness.

With the `voice` extra (PyAV, whose wheels carry FFmpeg's decoders, and numpy) a recording in
any format a phone or browser makes - M4A/AAC, Opus, WebM, AMR/3GP - is read, trimmed of the
silence at both ends, brought to one loudness and written as MP3 (mono, 22,050 Hz, 64 kb/s:
about half a megabyte a minute), which every client's plain install plays through miniaudio.

Loudness is ITU-R BS.1770's integrated loudness: K-weighted mean square over 400 ms blocks
(75% overlap), gated at -70 LUFS and then 10 LU below the ungated mean. The K-weighting is
applied in the frequency domain, block by block (a block's energy after a filter is the sum of
its spectrum's energy weighted by the filter's response), which keeps it all in numpy; against
the reference filter it differs by well under 0.5 dB on speech and tones.

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

EXTRA = "pip install 'regulate[voice]'"
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
    """The recording as mono float samples (-1..1) at `rate`: a numpy array."""
    import av
    import numpy as np

    where = _openable(path)
    pieces: list[Any] = []
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


# ---------------------------------------------------------------- loudness


def _biquad_power(b: tuple[float, ...], a: tuple[float, ...], w: Any) -> Any:
    """|H(e^jw)|^2 of one biquad at the angular frequencies w."""
    import numpy as np

    z = np.exp(-1j * w)
    h = (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)
    return np.abs(h) ** 2


def k_weighting(rate: int, size: int) -> Any:
    """BS.1770's K-weighting (a high shelf, then a high-pass) as power per rfft bin, at any
    rate: the coefficients derived as libebur128 derives them, which give the standard's own
    at 48 kHz."""
    import numpy as np

    w = 2 * np.pi * np.fft.rfftfreq(size, 1 / rate) / rate
    # the high shelf: +4 dB above about 1.7 kHz, the head's effect on what is heard
    f0, gain, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = _biquad_power(
        ((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0),
        (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0),
        w,
    )
    # the high-pass: the lowest rumble counts for little
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    high = _biquad_power((1.0, -2.0, 1.0), (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0), w)
    return shelf * high


def block_energies(samples: Any, rate: int) -> Any:
    """Mean square of each 400 ms block (a new one every 100 ms), K-weighted."""
    import numpy as np

    size, hop = int(0.4 * rate), int(0.1 * rate)
    if samples.size < size:
        samples = np.concatenate([samples, np.zeros(size - samples.size, dtype=samples.dtype)])
    count = 1 + (samples.size - size) // hop
    weight = k_weighting(rate, size)
    bins = np.full(weight.size, 2.0)  # an rfft holds each frequency but DC and Nyquist twice
    bins[0] = 1.0
    if size % 2 == 0:
        bins[-1] = 1.0
    out = np.empty(count)
    for first in range(0, count, 256):  # in batches: memory stays small for long recordings
        starts = np.arange(first, min(count, first + 256)) * hop
        blocks = samples[starts[:, None] + np.arange(size)[None, :]]
        spectrum = np.abs(np.fft.rfft(blocks, axis=1)) ** 2
        out[first : first + len(starts)] = (spectrum * weight * bins).sum(axis=1) / size**2
    return out


def loudness(samples: Any, rate: int = SPEECH_RATE) -> float:
    """Integrated loudness in LUFS; -inf for silence."""
    import numpy as np

    energies = block_energies(samples, rate)
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(energies)
    kept = energies[levels > -70.0]
    if not kept.size:
        return -math.inf
    relative = -0.691 + 10 * math.log10(float(kept.mean())) - 10.0
    kept = energies[(levels > -70.0) & (levels > relative)]
    return -0.691 + 10 * math.log10(float(kept.mean()))


def _voiced(samples: Any, rate: int) -> tuple[int, int] | None:
    """First and last sample of the part that holds the voice (50 ms frames above a
    threshold set from the loudest part); None when nothing rises above silence."""
    import numpy as np

    frame = max(1, rate // 20)
    count = samples.size // frame
    if count == 0:
        return None
    rms = np.sqrt((samples[: count * frame].reshape(count, frame) ** 2).mean(axis=1))
    with np.errstate(divide="ignore"):
        db = 20 * np.log10(rms)
    threshold = max(-55.0, float(np.percentile(db, 95)) - 35.0)
    loud = np.flatnonzero(db > threshold)
    if not loud.size:
        return None
    return int(loud[0]) * frame, int(loud[-1] + 1) * frame


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
    voiced = _voiced(samples, rate)
    return Measured(
        seconds=samples.size / rate,
        lufs=loudness(samples, rate),
        peak=peak,
        clipped=clipped,
        silence_before=(voiced[0] / rate) if voiced else samples.size / rate,
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
    voiced = _voiced(samples, rate)
    if voiced is not None:
        start = max(0, voiced[0] - int(PAD_SECONDS[0] * rate))
        end = min(samples.size, voiced[1] + int(PAD_SECONDS[1] * rate))
        samples = samples[start:end]
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
