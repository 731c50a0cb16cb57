"""A test run stopped by SIGTERM - pytest itself, or one of its xdist workers - still kills the
tmux servers its terminal tests started (and so the regulate running in them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.terminal

A_TERMINAL_TEST = """
import os, time
from pathlib import Path
from tests.terminal_helpers import terminal  # noqa: F401

def test_waits_in_a_terminal(terminal):
    term = terminal("--no-sound")
    term.wait_for("Starter pack")
    Path(os.environ["TOLD"]).write_text(f"{term.socket} {os.getpid()}")
    time.sleep(300)  # stopped from outside long before
"""


def _server_alive(socket: str) -> bool:
    ran = subprocess.run(["tmux", "-L", socket, "list-sessions"], capture_output=True)
    return ran.returncode == 0


def _until(what, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not what():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize("stopped", ["pytest", "xdist worker"])
def test_sigterm_to_a_test_run_kills_its_tmux_servers(tmp_path: Path, stopped: str) -> None:
    (tmp_path / "test_in_a_terminal.py").write_text(textwrap.dedent(A_TERMINAL_TEST))
    told = tmp_path / "told"
    workers = ["-n", "1"] if stopped == "xdist worker" else ["-n", "0"]
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "--rootdir", str(tmp_path), "-c", os.devnull, *workers, str(tmp_path)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO), "TOLD": str(told)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert _until(told.exists, 60), "the inner test did not reach its terminal"
        socket, pid = told.read_text().split()
        assert _server_alive(socket)
        assert (int(pid) == run.pid) == (stopped == "pytest")
        os.kill(int(pid), signal.SIGTERM)
        assert _until(lambda: not _server_alive(socket), 10), "its tmux server outlived it"
    finally:
        run.kill()
        run.wait()
