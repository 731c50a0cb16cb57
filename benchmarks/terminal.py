"""A real terminal for benchmarks: a tmux session on a private socket."""

from __future__ import annotations

import shlex
import subprocess
import time
import uuid


class Tmux:
    def __init__(self, width: int = 100, height: int = 30) -> None:
        self.socket = f"regulate-bench-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", str(width),
                 "-y", str(height), "bash --norc --noprofile")  # fmt: skip

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False).stdout  # fmt: skip

    def type(self, line: str) -> None:
        self.run("send-keys", "-t", "b", line, "Enter")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "b", key)
            time.sleep(0.2)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "b")

    def wait_for(self, text: str, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.screen():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{text!r} did not appear:\n{self.screen()}")
            time.sleep(0.05)

    def command(self, argv: list[str], env: dict[str, str]) -> None:
        prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.type(f"clear; env {prefix} {' '.join(map(shlex.quote, argv))}")

    def close(self) -> None:
        self.run("kill-server")
