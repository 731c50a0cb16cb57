"""A closed terminal window ends regulate, with the session kept; SIGTERM always ends it too.

When a window closes, its terminal hangs up: SIGHUP, then SIGCONT; reads see the end, writes
fail. Textual writes on a thread of its own through a queue of 30 frames; once a write to the
dead terminal has killed that thread, the 30th frame drawn after it blocks the event loop for
ever - and with it the quit, the signals the loop would have handled, and the history's last
write (Textual issue 6692 shows the queue's side of this). So, on a hang-up:

- nothing more is queued for the terminal, and a write that fails is dropped, never fatal to
  the writer (`Output`, `driver_class`);
- the session is kept by a thread of its own at once, not after the event loop has finished;
- the app is asked to leave as ctrl+q leaves, and, in the real program, a watchdog ends the
  process 1.5 s later whatever the event loop is doing (code 129; 143 for SIGTERM).

The driver's part reaches past Textual's public API, so it lives in textual_internals.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import IO, TYPE_CHECKING, Any

from regulate.system import faults
from regulate.tui import textual_internals

if TYPE_CHECKING:
    from textual.driver import Driver

    from regulate.tui.app import RegulateApp

WATCHDOG_SECONDS = 1.5  # a hang-up or SIGTERM ends the process within this, whatever happens
KEEP_SECONDS = 1.0  # of which the history's last writes may take this much


class Output:
    """The terminal as Textual's writer thread sees it: once it is gone (hung up, or a write
    failed), text is dropped instead of failing - a writer thread that died would leave the
    app's next frames waiting for ever in its queue."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._file.write(text)
            except (OSError, ValueError):  # EIO from a hung-up terminal; a closed file
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self.gone = True

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        if self.gone:
            return False
        try:
            return os.isatty(self._file.fileno())
        except (OSError, ValueError):
            return False


def driver_class(chosen: type[Driver]) -> type[Driver]:
    """Textual's driver for this system, made safe against a terminal that goes away (on
    POSIX; Windows has no hang-up signal and keeps Textual's own)."""
    return textual_internals.hang_up_safe(chosen, Output)


def hang_up(driver: Driver | None) -> bool:
    """SIGHUP: if the terminal has gone, the driver stops writing to it and reading from it."""
    stop = getattr(driver, "hang_up", None)
    return bool(stop()) if callable(stop) else False


class Leaving:
    """SIGHUP and SIGTERM while the app runs: keep the session, leave as ctrl+q does, and
    (`watchdog`, the real program only: it ends the whole process) end the process soon
    whatever happens. Python-level handlers, not the event loop's: they run even while the
    loop is stuck."""

    def __init__(self, app: RegulateApp, *, watchdog: bool) -> None:
        self.app = app
        self.watchdog = watchdog
        self.code: int | None = None  # 129, 143: set by the first signal
        self.now = threading.Event()  # a second signal: leave now
        self._before: dict[int, Any] = {}
        self._loop: Any = None

    def install(self) -> None:
        import asyncio

        self._loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None:
                with contextlib.suppress(ValueError, OSError):  # not the main thread
                    self._before[signum] = signal.signal(signum, self._signalled)

    def restore(self) -> None:
        """The app is gone: the signals mean what they meant before (a test run or a program
        around regulate is stopped by SIGTERM again, not kept running)."""
        for signum, handler in self._before.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)
        self._before.clear()

    def _signalled(self, signum: int, frame: object) -> None:
        # runs on the main thread between two steps of whatever it was doing: only flags and
        # a thread started here, nothing that takes a lock the interrupted code may hold
        if signum == getattr(signal, "SIGHUP", None):
            hang_up(textual_internals.driver_of(self.app))
        if self.code is not None:
            self.now.set()  # asked again while leaving: at once
            return
        self.code = 128 + signum
        threading.Thread(target=self._keep_and_watch, name="regulate-leaving", daemon=True).start()
        with contextlib.suppress(RuntimeError, AttributeError):  # the loop closed, or none
            self._loop.call_soon_threadsafe(self.app.leave, self.code, KEEP_SECONDS)

    def _keep_and_watch(self) -> None:
        start = time.monotonic()
        keeper = threading.Thread(target=self._keep, name="regulate-keeping", daemon=True)
        keeper.start()
        # the session kept - or, the history busy, kept aside (KEEP_SECONDS) - well before the
        # watchdog's moment; the leaving never waits longer than that moment for it
        keeper.join(WATCHDOG_SECONDS)
        if not self.watchdog:
            keeper.join()
            return
        self.now.wait(max(0.0, WATCHDOG_SECONDS - (time.monotonic() - start)))
        _end_process(self.app, self.code or 1)

    def _keep(self) -> None:
        try:
            self.app.driver.close(timeout=KEEP_SECONDS)  # the session kept as stopped
        except Exception as exc:  # never one that keeps the process alive; a trace of it
            faults.record(exc, "keeping the session as the terminal closed")


def _end_process(app: RegulateApp, code: int) -> None:
    """Still running: the event loop is stuck (or slow beyond reason) on a terminal that is
    gone. The session is kept by now; the history is closed, and the process ends."""
    store = app.store
    if store is not None:
        with contextlib.suppress(Exception):  # another thread's connection: SQLite may refuse
            store.close()
    os._exit(code)
