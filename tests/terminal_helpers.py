"""A real terminal for tests: tmux on a private socket, with regulate started from a shell."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
NO_TMUX = "the real-terminal tests need tmux (apt-get install tmux)"

# Each test's tmux server is told, as it starts, to a caretaker process that outlives this
# one: when this process ends however it ends (SIGTERM to pytest or to an xdist worker, even
# SIGKILL), the caretaker's pipe closes and it kills every tmux server it was told of - and
# with them the programs running in them. A test that ends normally kills its own at once.
CARETAKER = """
import subprocess, sys
sockets = [line.strip() for line in sys.stdin if line.strip()]
for socket in sockets:
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
"""
_caretaker: subprocess.Popen[str] | None = None


def tell_caretaker(socket: str) -> None:
    """The tmux server on `socket` is killed when this process ends, whatever ends it."""
    global _caretaker
    if _caretaker is None or _caretaker.poll() is not None:
        # its own session: a signal to this process's group does not end it first
        _caretaker = subprocess.Popen(
            [sys.executable, "-c", CARETAKER], stdin=subprocess.PIPE, text=True,
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    assert _caretaker.stdin is not None
    _caretaker.stdin.write(socket + "\n")
    _caretaker.stdin.flush()


class Terminal:
    def __init__(self, name: str, socket: str) -> None:
        self.name = name
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def wait_for(self, text: str, seconds: float = 15) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def shell_pid(self) -> int:
        return int(self.tmux("display", "-p", "-t", self.name, "#{pane_pid}").strip())

    def pid(self) -> int:
        """regulate's own pid: the shell's child."""
        out = subprocess.run(["pgrep", "-P", str(self.shell_pid())], capture_output=True, text=True)
        return int(out.stdout.split()[0])

    def dead(self) -> bool:
        """regulate has exited and the shell has its prompt back."""
        return "REGULATE-EXITED" in self.screen()

    def modes(self) -> dict[str, str]:
        fmt = "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_sgr_flag}"
        alt, cursor, mouse, sgr = self.tmux("display", "-p", "-t", self.name, fmt).split()
        return {"alternate": alt, "cursor": cursor, "mouse": mouse, "mouse_sgr": sgr}


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[callable]:
    if TMUX is None:
        # .ci/run installs tmux, so CI never passes by skipping these
        if os.environ.get("CI"):
            pytest.fail(NO_TMUX, pytrace=False)
        pytest.skip(NO_TMUX)
    socket = f"regulate-test-{uuid.uuid4().hex[:8]}"
    tell_caretaker(socket)
    started: list[Terminal] = []

    def start(
        *args: str, width: int = 100, height: int = 30, stderr: Path | None = None
    ) -> Terminal:
        # regulate runs in a shell, as a person starts it; after it exits, the shell's own
        # terminal modes show what regulate left behind (tmux reports none for a dead pane).
        # `stderr`: a file its standard error goes to, to be read after the terminal is gone
        env = f"REGULATE_HOME={shlex.quote(os.environ['REGULATE_HOME'])}"
        program = f"{shlex.quote(sys.executable)} -m regulate {' '.join(map(shlex.quote, args))}"
        if stderr is not None:
            program += f" 2>{shlex.quote(str(stderr))}"
        name = f"t{len(started)}"
        subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                        "-x", str(width), "-y", str(height), "env -i PATH=/usr/bin:/bin "
                        "TERM=xterm-256color HOME=/tmp PS1='$ ' bash --norc --noprofile"],
                       check=True)  # fmt: skip
        term = Terminal(name, socket)
        term.tmux("send-keys", "-t", name, f"clear; env {env} {program}; echo REGULATE-EXITED",
                  "Enter")  # fmt: skip
        started.append(term)
        return term

    yield start
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
