"""`regulate ARGS` from a test: in this process (`regulate.cli.main(argv)` with standard input,
output and error as strings, the way sqlite-utils' CliRunner runs its commands), or as a real
process where a process is the point (signals, closed streams, two at once, an install)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    """What a run said and how it ended, named as subprocess.CompletedProcess names them."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


class _Input(io.StringIO):
    """Standard input from a string: never a terminal, like a pipe."""

    def isatty(self) -> bool:
        return False


@contextlib.contextmanager
def _as_if_started(cwd: Path | None, env: Mapping[str, str] | None) -> Iterator[None]:
    """The folder and environment a process would have been started with, put back after."""
    before_cwd = os.getcwd()
    before_env = dict(os.environ)
    try:
        if cwd is not None:
            os.chdir(cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        yield
    finally:
        os.chdir(before_cwd)
        os.environ.clear()
        os.environ.update(before_env)


def _with_home(env: Mapping[str, str] | None, home: Path | None) -> Mapping[str, str] | None:
    if home is None:
        return env
    return {**(os.environ if env is None else env), "REGULATE_HOME": str(home)}


def regulate(
    *args: str,
    stdin: str = "",
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Ran:
    """`regulate ARGS` in this process: what it printed, and its exit status (argparse's exits,
    --help and usage errors, included). `env` is the whole environment; `home` only
    REGULATE_HOME."""
    from regulate.cli import main

    env = _with_home(env, home)

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = _Input(stdin), out, err
    try:
        with _as_if_started(cwd, env):
            try:
                code = main(list(args))
            except SystemExit as leaving:
                code = leaving.code if isinstance(leaving.code, int) else 1 if leaving.code else 0
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Ran(list(args), code, out.getvalue(), err.getvalue())


def regulate_process(
    *args: str,
    stdin: str = "",
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`python -m regulate ARGS` as a real process, for what only a process shows."""
    env = _with_home(env, home)
    return subprocess.run(
        [sys.executable, "-m", "regulate", *args], input=stdin, capture_output=True, text=True,
        timeout=timeout, cwd=cwd, env=None if env is None else dict(env),
    )  # fmt: skip
