"""The clock tests use: time moves only when a test says so (never a sleep)."""

from __future__ import annotations


class FakeClock:
    """A clock for tests: time moves only when told."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
