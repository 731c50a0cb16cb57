"""Sound through miniaudio, which comes with regulate (wheels for Linux, macOS and Windows on
every Python regulate runs on; ALSA or PulseAudio, Core Audio, WASAPI; nothing to compile).

One playback device is opened for the run and fed by a small mixer: every cue and recording
sounding now is a voice, and the device's callback takes the next few milliseconds of each and
adds them up. So a cue starts at the next callback (the device is opened with a 20 ms buffer),
and a stop silences everything at the next one: nothing is left queued but the device's own
buffer. Cues are decoded and scaled to the volume before the exercise starts; a recording is
decoded as it plays, half a second at a time.

A device can go away mid-exercise (headphones unplugged, a Bluetooth speaker out of range): the
device stops, or stops asking for sound. Either way the player goes silent, says so once in
`notice`, and never waits on the device again - closing it is given half a second at most.
"""

from __future__ import annotations

import array
import contextlib
import functools
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from regulate.audio.miniaudio_internals import feed, let_go, let_go_of
from regulate.audio.recordings import library_path
from regulate.audio.samples import Buffer, cue_path, scaled, sounds_to_preload
from regulate.domain.model import Exercise, Sound
from regulate.i18n import N_, _

RATE = 44100  # the device's rate: the bundled cues' own, so they play as they are
CHANNELS = 1  # voices and cues are mono; a stereo recording is folded down
WIDTH = 2  # 16-bit samples
BUFFER_MSEC = 20  # the device's buffer: a cue is late by at most this (and one callback)
PIECE_FRAMES = RATE // 2  # a recording is decoded half a second at a time
# a running device asks for sound every 20 ms; this long without a request means it has gone
# (long enough that a busy moment of Python's own never passes for it)
SILENT_DEVICE_SECONDS = 2.0
CLOSE_SECONDS = 0.5  # a device that stopped answering may never close: it is left behind
DEVICE_GONE = N_(
    "The sound device stopped answering, so the exercise goes on silently. Nothing else "
    "has changed."
)
# the run's devices that went away (a later player must not wait on one)
_gone: weakref.WeakSet[Any] = weakref.WeakSet()


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

    def __init__(
        self, data: bytes = b"", pieces: Iterator[bytes] | None = None, due: float | None = None
    ) -> None:
        self.buffer = bytearray(data)
        self.at = 0
        self.pieces = pieces
        self.done = False
        self.due = due  # when a cue was due: its latency is taken as the device takes it

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
        self._notice: str | None = None
        self.muted = False
        self.buffers: dict[Sound, Buffer] = {}
        # seconds from a boundary to its cue entering the sound handed to the device
        self.latencies: list[float] = []
        self._voices: list[Voice] = []
        self._recording: Voice | None = None
        self._lock = threading.Lock()
        self.device = device
        self._asked = time.monotonic()  # when the device last asked for sound
        self._closing = False
        if device in _gone:
            self._notice = _(DEVICE_GONE)
            return
        mixer = self._mix()
        next(mixer)
        # one device for the run: a new player (sound back on) takes it over; told of its
        # stopping from then on (the documented way to take it over stops it first)
        feed(device, mixer)
        device.stop_callback = self._device_stopped

    # ------------------------------------------------------------ is the device still there

    @property
    def gone(self) -> bool:
        if self.device in _gone:
            return True
        if time.monotonic() - self._asked > SILENT_DEVICE_SECONDS:
            self._lose_device(stalled=True)
            return True
        return False

    @property
    def notice(self) -> str | None:
        """One calm line when sound is not as asked (read each frame: the device's going
        away is found here)."""
        _ = self.gone
        return self._notice

    @notice.setter
    def notice(self, text: str | None) -> None:
        self._notice = text

    def _device_stopped(self) -> None:
        """miniaudio says the device stopped (called on its thread): unplugged, or closed."""
        if not self._closing:
            self._lose_device(stalled=False)

    def _lose_device(self, stalled: bool) -> None:
        """Silent from now on. A device that stopped itself (unplugged) closes as usual; one
        that stalled holds its thread in a write, and is never waited on."""
        if self.device not in _gone:
            _gone.add(self.device)
            if stalled:
                let_go(self.device)
        with self._lock:
            self._voices = []
        self._recording = None
        self._notice = _(DEVICE_GONE)

    # ------------------------------------------------------------ the device's side

    def _mix(self) -> Any:
        frames: int = yield b""
        while True:
            size = frames * CHANNELS * WIDTH
            self._asked = now = time.monotonic()
            with self._lock:
                voices = list(self._voices)
            mixed: bytes | None = None
            try:
                for voice in voices:
                    if voice.due is not None:
                        self.latencies.append(now - voice.due)
                        voice.due = None
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
            from regulate.audio.notices import UNREADABLE

            self.notice = _(UNREADABLE)
            return None
        self.buffers[sound] = buffer
        return buffer

    def preload(self, exercise: Exercise) -> None:
        for sound in sounds_to_preload(exercise):
            self._load(sound)

    def _start(self, voice: Voice) -> Voice:
        if self.gone:
            return voice
        with self._lock:
            self._voices.append(voice)
        return voice

    def cue(self, sound: Sound | None, due: float | None = None) -> None:
        if sound is None or self.muted:
            return
        buffer = self._load(sound)
        if buffer is None:
            return
        self._start(Voice(buffer.data, due=due))

    def recording(self, sound: Sound | None, offset: float = 0.0) -> None:
        """A step's recording, from `offset` seconds in (where the step is when it resumes)."""
        self.stop_recording()
        if sound is None or sound.path is None or self.muted:
            return
        try:
            pieces = stream_for_device(sound.path, offset, self.volume)
        except Exception:
            from regulate.audio.notices import UNREADABLE

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
        self._closing = True
        _close(self.device)


def decode_for_device(path: Path, volume: float) -> Buffer:
    """A whole sound as the device plays it (16-bit mono at the device's rate), at the volume."""
    import miniaudio

    from regulate.audio.recordings import needs_voice

    if needs_voice(path):  # a phone's format, where the voice extra reads it
        from regulate.audio import voice

        return Buffer(scaled(voice.to_16_bit(voice.read(path, RATE)), WIDTH, volume), CHANNELS,
                      WIDTH, RATE)  # fmt: skip

    decoded = miniaudio.decode_file(
        library_path(path), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=CHANNELS,
        sample_rate=RATE,
    )  # fmt: skip
    samples = decoded.samples
    if sys.byteorder == "big":
        samples.byteswap()
    return Buffer(scaled(samples.tobytes(), WIDTH, volume), CHANNELS, WIDTH, RATE)


def stream_for_device(path: Path, offset: float, volume: float) -> Iterator[bytes]:
    """A recording from `offset` seconds in, decoded half a second at a time as it plays."""
    import miniaudio

    from regulate.audio.recordings import needs_voice

    if needs_voice(path):  # a phone's format, where the voice extra reads it: decoded whole
        buffer = decode_for_device(path, volume)
        data = buffer.data[max(0, int(offset * RATE)) * WIDTH :]
        size = PIECE_FRAMES * WIDTH
        return (data[at : at + size] for at in range(0, len(data), size))
    info = miniaudio.get_file_info(library_path(path))  # raises now, not mid-play, for a bad file
    start = max(0, int(offset * RATE))
    if start >= int(info.num_frames * RATE / max(1, info.sample_rate)):
        return iter(())
    chunks = miniaudio.stream_file(
        library_path(path), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=CHANNELS,
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
    from regulate.audio.notices import NO_DEVICE, NOT_INSTALLED, quiet_alsa

    try:
        import miniaudio
    except Exception:  # half-installed, or built for another platform
        return None, NOT_INSTALLED
    quiet_alsa()
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
    """Close the device, waiting half a second at most: a device that stopped taking sound
    holds its thread in the system's write for ever, and closing would wait on it."""
    if device in _gone and let_go_of(device):
        return  # stalled and abandoned: nothing to wait for
    closer = threading.Thread(target=_close_now, args=(device,), daemon=True)
    closer.start()
    closer.join(CLOSE_SECONDS)
    if closer.is_alive():
        _gone.add(device)


def _close_now(device: Any) -> None:
    with contextlib.suppress(Exception):
        device.close()
