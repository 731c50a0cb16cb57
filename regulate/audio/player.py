"""Sound cues and the therapist's recordings.

Every sound an exercise can need is decoded and scaled to the volume once, before the exercise
starts, so that playing is only handing a ready buffer to the device: the cue is the timing.
When sound can't be had (simpleaudio not installed, no device, a file that can't be read), the
exercise runs silently and one calm sentence says so. Nothing here ever rings the terminal bell.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from pathlib import Path
from typing import Any

from regulate.audio.notices import CRASH_PRONE, NO_DEVICE, NOT_INSTALLED, UNREADABLE, quiet_alsa
from regulate.audio.samples import Buffer, cue_path, decode, decode_cue, sounds_to_preload
from regulate.audio.silence import CuePlayer, Silent
from regulate.audio.sounding import Playing, Streamed
from regulate.domain.model import Exercise, Sound
from regulate.i18n import _


class Simpleaudio:
    """Sound through simpleaudio (the `audio` extra)."""

    def __init__(self, backend: Any, volume: int = 70) -> None:
        self.backend = backend
        self.volume = volume / 100
        self.notice: str | None = None
        self.muted = False
        self.buffers: dict[Sound, Buffer] = {}
        self.latencies: list[float] = []  # seconds from a boundary to the buffer being handed over
        self._recording: Playing | Streamed | None = None
        # everything started and perhaps still sounding
        self._playing: list[Playing | Streamed] = []
        self._failed = False

    def _load(self, sound: Sound) -> Buffer | None:
        if sound in self.buffers:
            return self.buffers[sound]
        path = cue_path(sound.name) if sound.name else sound.path
        if path is None:
            return None
        try:
            buffer = decode_cue(path, self.volume) if sound.name else decode(path, self.volume)
        except Exception:  # a file changed or damaged since it was checked: that part is silent
            self.notice = _(UNREADABLE)
            return None
        self.buffers[sound] = buffer
        return buffer

    def preload(self, exercise: Exercise) -> None:
        for sound in sounds_to_preload(exercise):
            self._load(sound)

    def _stream(self, path: Path, offset: float) -> Streamed | None:
        from regulate.audio.recordings import stream

        try:
            source = stream(path, offset)
        except Exception:  # changed or damaged since it was checked
            self.notice = _(UNREADABLE)
            return None
        if source.frames == 0:
            return None  # the recording was over by then
        try:
            streamed = Streamed(self.backend, source, self.volume)
        except Exception:  # the device went away mid-exercise: carry on in silence
            self._failed = True
            self.notice = _(NO_DEVICE)
            return None
        self._playing = [p for p in self._playing if p.sounding()]
        self._playing.append(streamed)
        return streamed

    def _play(
        self, sound: Sound, offset: float = 0.0, streamed: bool = False
    ) -> Playing | Streamed | None:
        """A sound from `offset` seconds in. A step's recording is `streamed` (decoded as it
        plays); cues, short and timing-critical, play from buffers decoded beforehand."""
        if self.muted or self._failed:
            return None
        if streamed and sound.path is not None:
            return self._stream(sound.path, offset)
        buffer = self._load(sound)
        if buffer is None:
            return None
        frame = buffer.channels * buffer.width
        skip = max(0, int(offset * buffer.rate)) * frame
        if skip >= len(buffer.data):
            return None  # the recording was over by then
        # simpleaudio reads the samples from this very object while it plays (it does not copy
        # them), so a copy of our own is what lets stop silence what has not yet reached the
        # device; copying a minute of voice takes about a millisecond
        samples = bytearray(memoryview(buffer.data)[skip:])
        try:
            handle = self.backend.play_buffer(samples, buffer.channels, buffer.width, buffer.rate)
        except Exception:  # the device went away mid-exercise: carry on in silence
            self._failed = True
            self.notice = _(NO_DEVICE)
            return None
        self._playing = [p for p in self._playing if p.sounding()]
        playing = Playing(handle, samples)
        self._playing.append(playing)
        return playing

    def cue(self, sound: Sound | None, due: float | None = None) -> None:
        if sound is None:
            return
        played = self._play(sound)
        if played is not None and due is not None:
            self.latencies.append(time.monotonic() - due)

    def recording(self, sound: Sound | None, offset: float = 0.0) -> None:
        """A step's recording, from `offset` seconds in (where the step is when it resumes)."""
        self.stop_recording()
        if sound is not None:
            self._recording = self._play(sound, offset, streamed=True)

    def stop_recording(self) -> None:
        if self._recording is not None:
            self._recording.stop()
            self._recording = None

    def stop_all(self) -> None:
        self._recording = None
        for playing in self._playing:
            playing.stop()
        self._playing = []
        with contextlib.suppress(Exception):
            self.backend.stop_all()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.stop_all()


def crash_prone(package: Path, version: tuple[int, int] = sys.version_info[:2]) -> bool:
    """Whether the simpleaudio in `package` would bring this Python down.

    simpleaudio 1.0.4's playback thread frees memory with `PyMem_Free` without holding the GIL,
    which Python 3.12 and later no longer survive (a segmentation fault the first time a sound
    ends). simpleaudio-patched 1.0.5 is the same code calling `PyMem_RawFree`, which needs no
    GIL. The compiled module names the functions it calls, so reading it tells the two apart
    before anything is loaded: a crash can't be caught, only avoided."""
    if version < (3, 12):
        return False
    modules = list(package.glob("_simpleaudio*.so")) + list(package.glob("_simpleaudio*.pyd"))
    if not modules:
        return True  # no compiled module to vouch for: don't risk it
    for module in modules:
        try:
            if b"PyMem_Free\0" in module.read_bytes():
                return True
        except OSError:
            return True
    return False


def simpleaudio_folder() -> Path | None:
    """Where simpleaudio is installed, found without importing it (importing loads its C code)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("simpleaudio")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _backend() -> tuple[Any, str | None]:
    """simpleaudio and whether a device opens: (module or None, the notice if not)."""
    folder = simpleaudio_folder()
    if folder is None:
        return None, NOT_INSTALLED
    if crash_prone(folder):
        return None, CRASH_PRONE
    try:
        import simpleaudio
    except Exception:  # half-installed, or built for another Python
        return None, NOT_INSTALLED
    quiet_alsa()
    try:
        # a few milliseconds of silence: does a device open at all?
        simpleaudio.play_buffer(b"\x00\x00" * 64, 1, 2, 44100).wait_done()
    except Exception:
        return None, NO_DEVICE
    return simpleaudio, None


LIBRARIES = ("miniaudio", "simpleaudio")


def chosen_library() -> str:
    """Which sound library plays: miniaudio (installed with regulate) unless the person chose
    simpleaudio (the `audio` extra) in their settings or REGULATE_SOUND_LIBRARY."""
    import os

    asked = os.environ.get("REGULATE_SOUND_LIBRARY", "").strip().lower()
    if not asked:
        from regulate import settings

        asked = settings.load().sound_library
    return asked if asked in LIBRARIES else "miniaudio"


def make_player(enabled: bool, volume: int = 70) -> CuePlayer:
    """A player for this run: silent when sound is off, or when it can't be had."""
    if not enabled:
        return Silent()
    if chosen_library() == "simpleaudio":
        backend, notice = _backend()
        if backend is not None:
            return Simpleaudio(backend, volume)
    from regulate.audio.mixer import Miniaudio, open_device

    device, notice = open_device()
    if device is None:
        return Silent(notice)
    return Miniaudio(device, volume)
