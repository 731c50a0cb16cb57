"""Every request of the session script is answered by each driver, or the driver fails loudly:
a request a driver does not know is never answered None without a word (None to a preview
would mean "go back", quietly ending what the person chose)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, cast

import pytest

from regulate.plain import Plain
from regulate.tui.driver import AppDriver


class Silent:
    """A console where nothing is typed."""

    interactive = False

    def write(self, text: str) -> None:
        pass

    def ask(self) -> str | None:
        return None

    def wait(self, seconds: float, takes: object = None) -> str | None:
        return None


@dataclass(frozen=True)
class Unheard:
    """A request added to the script that no driver has learned to answer."""


def test_plain_driver_fails_loudly_on_an_unknown_request() -> None:
    plain = Plain(Silent(), None)
    with pytest.raises(AssertionError):
        plain._answer(cast(Any, Unheard()))


def test_app_driver_fails_loudly_on_an_unknown_request() -> None:
    driver = AppDriver(cast(Any, object()), cast(Any, object()))
    with pytest.raises(AssertionError):
        asyncio.run(driver._answer(cast(Any, Unheard())))
