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
    started: list[Terminal] = []

    def start(*args: str, width: int = 100, height: int = 30) -> Terminal:
        # regulate runs in a shell, as a person starts it; after it exits, the shell's own
        # terminal modes show what regulate left behind (tmux reports none for a dead pane)
        env = f"REGULATE_HOME={shlex.quote(os.environ['REGULATE_HOME'])}"
        program = f"{shlex.quote(sys.executable)} -m regulate {' '.join(map(shlex.quote, args))}"
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
