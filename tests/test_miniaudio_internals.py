"""pyminiaudio's undocumented attributes are used in one module, and only on a version they were
read from: on any other, sound still plays through its documented calls."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regulate.audio import miniaudio_internals
from regulate.domain.model import Sound

ROOT = Path(__file__).resolve().parents[1]


class _Device:
    """A playback device with PlaybackDevice's surface (miniaudio.py 1.59-1.71): start, stop,
    close, and the attributes regulate may read or write. It records what was done to it."""

    def __init__(self) -> None:
        self.running = False
        self.stop_callback: Any = None
        self.generator: Any = None
        self._device: Any = object()
        self.calls: list[str] = []
        self.written_from_outside = 0

    @property
    def callback_generator(self) -> Any:
        return self.generator

    @callback_generator.setter
    def callback_generator(self, generator: Any) -> None:
        self.written_from_outside += 1
        self.generator = generator

    def start(self, generator: Any) -> None:
        if self.running:
            raise RuntimeError("already running")  # as miniaudio's own start() refuses
        self.calls.append("start")
        self.generator, self.running = generator, True

    def stop(self) -> None:
        self.calls.append("stop")
        self.generator, self.running = None, False

    def close(self) -> None:
        self.calls.append("close")
        self.generator, self.running, self._device = None, False, None

    def request(self, frames: int = 2048) -> bytes:
        """The device's thread asking for the next `frames` samples."""
        return bytes(self.generator.send(frames))


@pytest.fixture
def unknown_miniaudio() -> Iterator[None]:
    assert miniaudio_internals.check("1.99") is False
    yield
    miniaudio_internals.check()


def test_only_a_tested_pyminiaudio_has_its_internals_used() -> None:
    assert miniaudio_internals.check("2.0") is False
    assert all(miniaudio_internals.check(v) for v in miniaudio_internals.TESTED)
    assert miniaudio_internals.check() is True  # the installed one was tested


def test_pyminiaudios_private_names_are_used_in_one_module() -> None:
    private = re.compile(r"\.(_device|callback_generator|running)\b")
    found = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "regulate").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if private.search(line.split("#")[0])
    }
    assert found == {"regulate/audio/miniaudio_internals.py"}, found


def _sound_turned_off_and_on(device: _Device) -> Any:
    from regulate.audio.mixer import Miniaudio

    first = Miniaudio(device)
    first.stop_all()  # sound off (the app keeps the device for the run)
    later = Miniaudio(device)
    later.cue(Sound("chime"))
    return later


def test_a_new_player_takes_over_the_running_device_at_once() -> None:
    device = _Device()
    _sound_turned_off_and_on(device)
    assert device.calls.count("stop") == 0  # taken over running, no gap
    assert any(device.request())  # the later player's cue is heard


def test_on_an_unknown_pyminiaudio_a_new_player_is_heard_through_the_documented_calls(
    unknown_miniaudio: None,
) -> None:
    device = _Device()
    _sound_turned_off_and_on(device)
    assert device.written_from_outside == 0  # nothing set behind the library's back
    assert device.calls[-2:] == ["stop", "start"]
    assert any(device.request())  # the later player's cue is heard


def _stalled(device: _Device) -> None:
    from regulate.audio.mixer import SILENT_DEVICE_SECONDS, Miniaudio, _close

    player = Miniaudio(device)
    player._asked -= SILENT_DEVICE_SECONDS + 1  # no request for longer than a device takes
    assert player.gone
    _close(device)  # as at exit


def test_a_stalled_device_is_let_go_without_a_close_that_would_wait_for_ever() -> None:
    device = _Device()
    _stalled(device)
    assert device._device is None  # the library's own clean-up has nothing to wait on
    assert "close" not in device.calls


def test_on_an_unknown_pyminiaudio_a_stalled_device_is_never_closed(
    unknown_miniaudio: None,
) -> None:
    device = _Device()
    _stalled(device)
    assert device._device is not None  # left as the library has it
    assert "close" not in device.calls
    assert miniaudio_internals.let_go_of(device)
