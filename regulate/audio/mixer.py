"""Sound through miniaudio, which comes with regulate (wheels for Linux, macOS and Windows on
every Python regulate runs on; ALSA or PulseAudio, Core Audio, WASAPI; nothing to compile).

One playback device is opened for the run and fed by a small mixer: every cue and recording
sounding now is a voice, and the device's callback takes the next few milliseconds of each and
adds them up. So a cue starts at the next callback (the device is opened with a 20 ms buffer),
and a stop silences everything at the next one: nothing is left queued but the device's own
buffer. Cues are decoded and scaled to the volume before the exercise starts; a recording is
decoded as it plays, half a second at a time.
"""

from __future__ import annotations

import array
import contextlib
import functools
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from regulate.audio.samples import Buffer, cue_path, scaled, sounds_to_preload
from regulate.i18n import _
from regulate.model import Exercise, Sound

RATE = 44100  # the device's rate: the bundled cues' own, so they play as they are
CHANNELS = 1  # voices and cues are mono; a stereo recording is folded down
WIDTH = 2  # 16-bit samples
BUFFER_MSEC = 20  # the device's buffer: a cue is late by at most this (and one callback)
PIECE_FRAMES = RATE // 2  # a recording is decoded half a second at a time


def _add(a: bytes, b: bytes) -> bytes:
    """Two pieces of 16-bit sound added, clipped at full scale."""
    from regulate.audio.samples import _FAST

    if _FAST is not None:
        return bytes(_FAST.add(a, b, WIDTH))
    x, y = array.array("h"), array.array("h")
    x.frombytes(a)
    y.frombytes(b)
    return array.array(
        "h", [max(-32768, min(32767, p + q)) for p, q in zip(x, y, strict=True)]
    ).tobytes()


class Voice:
    """One sound sounding: a buffer decoded beforehand, or a recording decoded as it plays."""

    def __init__(self, data: bytes = b"", pieces: Iterator[bytes] | None = None) -> None:
        self.buffer = bytearray(data)
        self.at = 0
        self.pieces = pieces
        self.done = False

    def take(self, size: int) -> bytes:
        """The next `size` bytes (fewer at its end)."""
        while len(self.buffer) - self.at < size and self.pieces is not None:
            piece = next(self.pieces, None)
            if piece is None:
                self.pieces = None
                break
            del self.buffer[: self.at]
            self.at = 0
            self.buffer += piece
        chunk = bytes(self.buffer[self.at : self.at + size])
        self.at += len(chunk)
        if self.at >= len(self.buffer) and self.pieces is None:
            self.done = True
        return chunk


class Miniaudio:
    """The player on miniaudio: the same seam (CuePlayer) as the simpleaudio one."""

    def __init__(self, device: Any, volume: int = 70) -> None:
        self.volume = volume / 100
        self.notice: str | None = None
        self.muted = False
        self.buffers: dict[Sound, Buffer] = {}
        self.latencies: list[float] = []  # seconds from a boundary to the voice being added
        self._voices: list[Voice] = []
        self._recording: Voice | None = None
        self._lock = threading.Lock()
        self.device = device
        mixer = self._mix()
        next(mixer)
        if device.running:  # one device for the run: a new player (sound back on) takes it over
            device.callback_generator = mixer
        else:
            device.start(mixer)

    # ------------------------------------------------------------ the device's side

    def _mix(self) -> Any:
        frames: int = yield b""
        while True:
            size = frames * CHANNELS * WIDTH
            with self._lock:
                voices = list(self._voices)
            mixed: bytes | None = None
            try:
                for voice in voices:
                    chunk = voice.take(size)
                    if len(chunk) < size:
                        chunk += bytes(size - len(chunk))
                    mixed = chunk if mixed is None else _add(mixed, chunk)
            except Exception:  # a recording damaged mid-way: what is left of it is silent
                mixed = None
                with self._lock:
                    self._voices = []
            with self._lock:
                self._voices = [v for v in self._voices if not v.done]
            frames = yield mixed if mixed is not None else bytes(size)

    # ------------------------------------------------------------ the exercise's side

    def _load(self, sound: Sound) -> Buffer | None:
        if sound in self.buffers:
            return self.buffers[sound]
        path = cue_path(sound.name) if sound.name else sound.path
        if path is None:
            return None
        try:
            buffer = decode_for_device(path, self.volume)
        except Exception:  # a file changed or damaged since it was checked: that part is silent
            from regulate.audio.player import UNREADABLE

            self.notice = _(UNREADABLE)
            return None
        self.buffers[sound] = buffer
        return buffer

    def preload(self, exercise: Exercise) -> None:
        for sound in sounds_to_preload(exercise):
            self._load(sound)

    def _start(self, voice: Voice) -> Voice:
        with self._lock:
            self._voices.append(voice)
        return voice

    def cue(self, sound: Sound | None, due: float | None = None) -> None:
        if sound is None or self.muted:
            return
        buffer = self._load(sound)
        if buffer is None:
            return
        self._start(Voice(buffer.data))
        if due is not None:
            self.latencies.append(time.monotonic() - due)

    def recording(self, sound: Sound | None, offset: float = 0.0) -> None:
        """A step's recording, from `offset` seconds in (where the step is when it resumes)."""
        self.stop_recording()
        if sound is None or sound.path is None or self.muted:
            return
        try:
            pieces = stream_for_device(sound.path, offset, self.volume)
        except Exception:
            from regulate.audio.player import UNREADABLE

            self.notice = _(UNREADABLE)
            return
        self._recording = self._start(Voice(pieces=pieces))

    def stop_recording(self) -> None:
        voice, self._recording = self._recording, None
        if voice is not None:
            with self._lock:
                self._voices = [v for v in self._voices if v is not voice]

    def stop_all(self) -> None:
        """Silence from the next callback on (within the device's 20 ms buffer)."""
        self._recording = None
        with self._lock:
            self._voices = []

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.stop_all()

    def close(self) -> None:
        self.stop_all()
        with contextlib.suppress(Exception):
            self.device.close()


def decode_for_device(path: Path, volume: float) -> Buffer:
    """A whole sound as the device plays it (16-bit mono at the device's rate), at the volume."""
    import miniaudio

    decoded = miniaudio.decode_file(
        str(path), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=CHANNELS,
        sample_rate=RATE,
    )  # fmt: skip
    samples = decoded.samples
    if sys.byteorder == "big":
        samples.byteswap()
    return Buffer(scaled(samples.tobytes(), WIDTH, volume), CHANNELS, WIDTH, RATE)


def stream_for_device(path: Path, offset: float, volume: float) -> Iterator[bytes]:
    """A recording from `offset` seconds in, decoded half a second at a time as it plays."""
    import miniaudio

    info = miniaudio.get_file_info(str(path))  # raises now, not mid-play, for a bad file
    start = max(0, int(offset * RATE))
    if start >= int(info.num_frames * RATE / max(1, info.sample_rate)):
        return iter(())
    chunks = miniaudio.stream_file(
        str(path), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=CHANNELS,
        sample_rate=RATE, frames_to_read=PIECE_FRAMES, seek_frame=start,
    )  # fmt: skip

    def pieces() -> Iterator[bytes]:
        for chunk in chunks:
            if sys.byteorder == "big":
                chunk.byteswap()
            yield scaled(chunk.tobytes(), WIDTH, volume)

    return pieces()


@functools.cache
def open_device() -> tuple[Any, str | None]:
    """The run's playback device: (device or None, the notice if none could be opened)."""
    from regulate.audio.player import NO_DEVICE, NOT_INSTALLED, _quiet_alsa

    try:
        import miniaudio
    except Exception:  # half-installed, or built for another platform
        return None, NOT_INSTALLED
    _quiet_alsa()
    try:
        # every backend but the null one, which 'plays' into nothing: no device means silence
        # said in a sentence, never sound on that no one hears
        real = [b for b in miniaudio.Backend if b.name not in ("NULL", "CUSTOM")]
        device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16, nchannels=CHANNELS, sample_rate=RATE,
            buffersize_msec=BUFFER_MSEC, app_name="regulate", backends=real,
        )  # fmt: skip
    except Exception:
        return None, NO_DEVICE
    import atexit

    # the device's thread calls into Python: it is closed before Python winds down, or the
    # process would wait on it for ever at exit
    atexit.register(_close, device)
    return device, None


def _close(device: Any) -> None:
    with contextlib.suppress(Exception):
        device.close()
