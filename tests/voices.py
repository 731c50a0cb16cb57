"""Recordings as phones make them, made here with PyAV: a voice-like sound (a few harmonics,
swelling and fading like syllables) between stretches of silence, in any container and codec
FFmpeg's encoders give (AAC in M4A, Opus in .opus/.ogg/.webm, AMR-NB in 3GP)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

FORMATS = {  # suffix: (container format, codec, sample rate)
    ".m4a": ("ipod", "aac", 44100),
    ".opus": ("opus", "libopus", 48000),
    ".ogg": ("ogg", "libopus", 48000),  # WhatsApp's voice notes: Opus in Ogg
    ".webm": ("webm", "libopus", 48000),
    # AMR-NB: encoded by PyAV 18's wheels, not 19's (tests/data/voice-memo.3gp was made so)
    ".3gp": ("3gp", "libopencore_amrnb", 8000),
    ".wav": ("wav", "pcm_s16le", 44100),
}


def voice_samples(seconds: float, rate: int, level_db: float, silence: float = 1.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    syllables = 0.5 * (1 - np.cos(2 * np.pi * 3.0 * t)) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.3 * t))
    tone = sum(np.sin(2 * np.pi * f * t) / n for n, f in enumerate((180, 360, 540, 900, 2200), 1))
    sound = syllables * tone
    sound *= 10 ** (level_db / 20) / np.abs(sound).max()
    quiet = np.zeros(int(silence * rate))
    return np.concatenate([quiet, sound, quiet]).astype(np.float32)


def make_recording(path: Path, seconds: float = 4.0, level_db: float = -12.0,
                   silence: float = 1.0) -> Path:  # fmt: skip
    """A recording at `path` whose suffix says its format (see FORMATS)."""
    import av

    container_format, codec, rate = FORMATS[path.suffix]
    samples = voice_samples(seconds, rate, level_db, silence)
    with av.open(str(path), "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        if codec == "libopencore_amrnb":
            stream.bit_rate = 12200
        size = stream.codec_context.frame_size or 1024
        fmt = stream.codec_context.format.name
        for at in range(0, samples.size, size):
            piece = samples[at : at + size]
            if fmt.startswith("s16"):
                data = (piece * 32767).astype(np.int16).reshape(1, -1)
            else:
                data = piece.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(data, format=fmt, layout="mono")
            frame.rate, frame.pts = rate, at
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path
