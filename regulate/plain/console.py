"""Where plain mode reads and writes: lines in, lines out, and questions that only take what was
typed after they were asked.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Protocol


class Stop(Exception):
    """The system asked to stop (SIGTERM, SIGHUP), or the output is gone: keep the session,
    leave at once."""

    def __init__(self, code: int = 143) -> None:
        super().__init__(code)
        self.code = code


class Console(Protocol):
    interactive: bool  # a person at a terminal, typing while the exercise runs

    def write(self, text: str) -> None: ...

    def ask(self) -> str | None:
        """The answer to a question just asked: a line, or None at the end of input."""

    def wait(self, seconds: float) -> str | None:
        """Wait up to `seconds` for a command typed meanwhile; None if there was none."""


class LineConsole:
    """Standard input and output. At a terminal a reader thread takes each line as it is
    typed, so commands act at once; from a pipe, lines answer the questions in order."""

    def __init__(
        self,
        stream: IO[str],
        write: Callable[[str], None],
        interactive: bool,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.stream = stream
        self._write = write
        self.interactive = interactive
        self.sleep = sleep
        # each line with the moment it was typed, so a question can tell its answers from
        # commands typed before it was shown
        self.lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
        self.ended = False
        self._shown = 0.0  # when the latest line was written
        if interactive:
            threading.Thread(target=self._read_all, name="regulate-stdin", daemon=True).start()

    def _read_all(self) -> None:
        while True:
            try:
                line = self.stream.readline()
            except (OSError, ValueError):
                line = ""
            if line == "":
                self.lines.put((time.monotonic(), None))
                return
            self.lines.put((time.monotonic(), line.rstrip("\r\n")))

    def write(self, text: str) -> None:
        # the moment is taken before the words go out: an answer typed the instant they are
        # seen is then never older than its question
        self._shown = time.monotonic()
        self._write(text)

    def _next(self, timeout: float | None) -> str | None:
        if self.ended:
            return None
        try:
            _, line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        if line is None:
            self.ended = True
        return line

    def ask(self) -> str | None:
        """The answer to the question just written. At a terminal, a line typed before the
        question was shown (a command meant for the exercise) is set aside, never an answer."""
        if not self.interactive:
            read = self.stream.readline()
            return None if read == "" else read.rstrip("\r\n")
        while not self.ended:
            typed, line = self.lines.get()
            if line is None:
                self.ended = True
            elif typed >= self._shown:
                return line
        return None

    def wait(self, seconds: float) -> str | None:
        if not self.interactive or self.ended:
            self.sleep(seconds)
            return None
        try:
            return self._next(seconds)
        except TimeoutError:
            return None


def _quiet_stdout() -> None:
    """Point standard output at nothing, so nothing more (not even Python's own flush at exit)
    tries to write to a pipe that is gone."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def stdin_console() -> LineConsole:
    """Standard input as a console: odd bytes become replacement characters, never a crash."""
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]

    gone = False

    def write(text: str) -> None:
        nonlocal gone
        if gone:
            return
        try:
            print(text, flush=True)
        except OSError:  # the reader went away (`| head` closed, a full disk): stop, kept
            gone = True
            _quiet_stdout()
            raise Stop(0) from None

    interactive = False
    with contextlib.suppress(AttributeError, ValueError, OSError):
        interactive = sys.stdin.isatty()
    return LineConsole(sys.stdin, write, interactive)
