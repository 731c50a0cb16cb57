"""Waiting on a condition, never for a fixed time: a test goes on the moment what it waits for
is true, however loaded the machine, and fails with a sentence if it never becomes true."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Return once `condition()` is true; fail after `timeout` seconds (a bound for a broken
    behaviour, not a measure of speed: a loaded machine gets all of it)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(0.002)  # a poll: the condition is checked again, nothing is assumed done
