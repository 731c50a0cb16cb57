"""What has been handed to simpleaudio: a cue or a short recording whose samples can be
silenced on stop, or a long recording streamed a little ahead of the device.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from regulate.audio.recordings import Stream
from regulate.audio.samples import scaled

if TYPE_CHECKING:
    import mmap


class Sounding:
    """Something handed to simpleaudio: its play handle."""

    handle: Any

    def sounding(self) -> bool:
        try:
            return bool(self.handle.is_playing())
        except Exception:
            return False


class Playing(Sounding):
    """A sound handed to simpleaudio, and the samples it is reading from."""

    def __init__(self, handle: Any, samples: bytearray) -> None:
        self.handle = handle
        self.samples = samples

    def stop(self) -> None:
        """Silence at once. After its stop flag simpleaudio still writes one more chunk (0.1 s)
        and then lets the device's queue (0.1 s) play out; zeroing the samples first makes that
        chunk, and all else not yet handed over, silence: only the queue can still sound."""
        import ctypes  # here, not at the top: only a sound that played ever needs it

        if self.samples:
            size = len(self.samples)
            ctypes.memset((ctypes.c_char * size).from_buffer(self.samples), 0, size)
        with contextlib.suppress(Exception):
            self.handle.stop()


LEAD_SECONDS = 20.0  # a recording is decoded this far ahead of where the device is
KEEP_SECONDS = 5.0  # and its memory given back once the device is this far past it
FIRST_SECONDS = 1.0  # decoded before it starts, so the device never meets silence first


class Streamed(Sounding):
    """A therapist's recording, decoded while it plays. simpleaudio reads the samples from the
    object it is handed as it goes; here that is a private anonymous memory map the length of
    the recording, which a thread fills a little ahead of the device and hands back to the
    system behind it. So a 20-minute recording starts in milliseconds and memory holds only
    about half a minute of it."""

    def __init__(self, backend: Any, source: Stream, volume: float) -> None:
        import mmap

        self.frame = source.channels * 2
        self.rate = source.rate
        self.volume = volume
        self.pieces = source.pieces
        size = max(self.frame, source.frames * self.frame)
        # a private anonymous map where the system has one (POSIX); elsewhere an ordinary one
        self.samples = mmap.mmap(-1, size)
        if sys.platform != "win32" and hasattr(mmap, "MAP_PRIVATE"):
            self.samples = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
        self.written = 0
        self.stopped = False
        self.lock = threading.Lock()
        while self.written < FIRST_SECONDS * self.rate * self.frame and self._fill_one():
            pass
        self.handle = backend.play_buffer(self.samples, source.channels, 2, self.rate)
        self.began = time.monotonic()
        threading.Thread(target=self._feed, name="regulate-recording", daemon=True).start()

    def _played(self) -> int:
        """Bytes the device has had by now (from the clock: it plays in real time)."""
        return int((time.monotonic() - self.began) * self.rate) * self.frame

    def _fill_one(self) -> bool:
        piece = next(self.pieces, None)
        if piece is None:
            return False
        piece = scaled(piece, 2, self.volume)
        with self.lock:
            if self.stopped:
                return False
            end = min(len(self.samples), self.written + len(piece))
            self.samples[self.written : end] = piece[: end - self.written]
            self.written = end
        return end < len(self.samples)

    def _feed(self) -> None:
        import mmap

        size, released, page = len(self.samples), 0, mmap.PAGESIZE
        lead, keep = int(LEAD_SECONDS * self.rate) * self.frame, int(KEEP_SECONDS * self.rate)
        try:
            while not self.stopped:
                played = self._played()
                if self.written < size and self.written - played < lead:
                    if not self._fill_one() and self.written < size:
                        return  # the file ended early, or stop came: the rest stays silent
                    continue
                behind = (played - keep * self.frame) // page * page
                if behind > released:
                    with self.lock:
                        if self.stopped:
                            return
                        _release(self.samples, released, behind - released)
                    released = behind
                if played >= size:
                    return
                time.sleep(0.25)
        except Exception:  # a file damaged mid-way: what is left of it stays silent
            return

    def stop(self) -> None:
        """Silence at once: what the device has not yet taken is zeroed (from a second before
        where the clock says it is, in case it runs behind), then simpleaudio is stopped."""
        with self.lock:
            self.stopped = True
            start = max(0, self._played() - self.rate * self.frame)
            if self.written > start:
                self.samples[start : self.written] = bytes(self.written - start)
        with contextlib.suppress(Exception):
            self.handle.stop()


def _release(samples: mmap.mmap, start: int, length: int) -> None:
    """Hand the pages the device has played back to the system, where it can be told so
    (POSIX's madvise); elsewhere they stay until the recording ends."""
    if sys.platform != "win32":  # so that mypy sees madvise only where it is
        import mmap

        if hasattr(mmap, "MADV_DONTNEED") and hasattr(samples, "madvise"):
            samples.madvise(mmap.MADV_DONTNEED, start, length)
