"""Where plain mode reads and writes: lines in, lines out, and questions that only take what was
typed after they were asked.
"""

from __future__ import annotations

import collections
import contextlib
import os
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
    @property
    def interactive(self) -> bool:
        """A person at a terminal, typing while the exercise runs."""

    def write(self, text: str) -> None: ...

    def ask(self) -> str | None:
        """The answer to a question just asked: a line, or None at the end of input."""

    def wait(self, seconds: float, takes: Callable[[str], bool] | None = None) -> str | None:
        """Wait up to `seconds` for a command typed meanwhile; None if there was none.
        `takes` says which lines are commands: from a pipe, only those are read while the
        exercise runs (the rest wait for the question they answer)."""


MAX_LINE = 4096  # characters of one typed line that are kept (an answer is a word or two)
MAX_WAITING = 256  # lines read ahead of the questions and commands that take them


class LineConsole:
    """Standard input and output. A reader thread takes each line as it comes, so commands act
    while the exercise runs - typed at a terminal or arriving through a pipe. At a terminal a
    question takes only what was typed after it was shown; from a pipe, lines answer the
    questions in order, and a line that is a command is taken while the exercise runs."""

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
        # each line with the moment it came, so a question can tell its answers from
        # commands typed before it was shown; None marks the end of input
        self.lines: collections.deque[tuple[float, str | None]] = collections.deque()
        self._arrived = threading.Condition()
        self.ended = False
        self._shown = 0.0  # when the latest line was written
        threading.Thread(target=self._read_all, name="regulate-stdin", daemon=True).start()

    def _read_all(self) -> None:
        while True:
            line = self._read_line()
            with self._arrived:
                # input that never stops (`yes | regulate play --plain`) waits in the pipe, not
                # in memory: at most MAX_WAITING lines are held
                while len(self.lines) >= MAX_WAITING:
                    self._arrived.wait()
                self.lines.append((time.monotonic(), None if line == "" else line.rstrip("\r\n")))
                self._arrived.notify_all()
            if line == "":
                return

    def _read_line(self) -> str:
        """One line, at most MAX_LINE characters of it: the rest of a longer one is read and
        dropped a piece at a time, never held whole."""
        try:
            line = self.stream.readline(MAX_LINE)
            if len(line) == MAX_LINE and not line.endswith("\n"):
                while (rest := self.stream.readline(MAX_LINE)) and not rest.endswith("\n"):
                    pass
                line += "\n"
        except (OSError, ValueError):
            line = ""
        return line

    def write(self, text: str) -> None:
        # the moment is taken before the words go out: an answer typed the instant they are
        # seen is then never older than its question
        self._shown = time.monotonic()
        self._write(text)

    def _take(self, timeout: float | None, takes: Callable[[str], bool] | None) -> str | None:
        """The first line at the head of the input that `takes` accepts (any, if None),
        waiting at most `timeout`; raises TimeoutError when none came."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._arrived:
            while True:
                if self.lines:
                    _, line = self.lines[0]
                    if line is None:
                        self.ended = True
                        return None
                    if takes is None or takes(line):
                        self.lines.popleft()
                        self._arrived.notify_all()  # room for the reader
                        return line
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError
                if self.lines and left is not None:
                    # the head waits for its question: nothing to take until then
                    self._arrived.wait(left)
                    raise TimeoutError
                self._arrived.wait(left)

    def ask(self) -> str | None:
        """The answer to the question just written. At a terminal, a line typed before the
        question was shown (a command meant for the exercise) is set aside, never an answer."""
        while not self.ended:
            with self._arrived:
                while not self.lines:
                    self._arrived.wait()
                typed, line = self.lines.popleft()
                self._arrived.notify_all()  # room for the reader
                if line is None:
                    self.lines.appendleft((typed, None))  # the end stays the end
                    self.ended = True
                    return None
                if not self.interactive or typed >= self._shown:
                    return line
        return None

    def held(self, takes: Callable[[str], bool]) -> bool:
        """Whether, from a pipe, the next line is one `takes` refuses (or the end): it waits
        for a later question, so nothing after it can be taken while the exercise runs."""
        if self.interactive:
            return False
        with self._arrived:
            return bool(self.lines) and (self.lines[0][1] is None or not takes(self.lines[0][1]))

    def end(self) -> None:
        """Take the input as ended from here on, as at its real end (what is still to come
        is left unread)."""
        self.ended = True

    def wait(self, seconds: float, takes: Callable[[str], bool] | None = None) -> str | None:
        if self.ended:
            self.sleep(seconds)
            return None
        try:
            line = self._take(seconds, None if self.interactive else takes)
        except TimeoutError:
            return None
        if line is None:
            self.sleep(seconds)  # the input ended: the exercise goes on, on the clock
        return line


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
