"""Where regulate reaches past pyminiaudio's documented API: all of it is here, and nowhere else.

pyminiaudio's PlaybackDevice has no documented way to hand a running device a new source, nor to
let go of a device that stopped taking sound without waiting on it (closing one waits on its
thread, stuck in the system's write, for ever). Both are done through its attributes, each
read from the pyminiaudio versions in TESTED. On any other version `check()` (run when a
device is first handed a source, when miniaudio is loaded anyway) turns them off and the
documented calls are used instead: a running device is stopped and started again with the new
source, and a device that went away is kept referenced and never closed, rather than its
handle taken from it.
"""

from __future__ import annotations

import weakref
from typing import Any

# the pyminiaudio versions the uses below were read from (miniaudio.py) and tested with
TESTED = frozenset({"1.59", "1.71"})


class _Found:
    """What the start-up check found: whether pyminiaudio's internals may be used."""

    internals: bool | None = None  # not yet checked


def _installed() -> str:
    try:
        import miniaudio
    except Exception:  # half-installed, or built for another platform
        return ""
    return str(getattr(miniaudio, "__version__", ""))


def check(version: str | None = None) -> bool:
    """Whether the installed pyminiaudio (or `version`) is one the uses below were tested
    with; the functions here follow the answer from then on."""
    found = (_installed() if version is None else version) in TESTED
    _Found.internals = found
    return found


def _internals() -> bool:
    if _Found.internals is None:
        return check()
    return _Found.internals


# devices started by regulate, for the documented path, which cannot ask one whether it runs
_started: weakref.WeakSet[Any] = weakref.WeakSet()
# devices let go of, with what they held, kept so that nothing frees what their thread uses
_abandoned: list[tuple[Any, Any]] = []


def feed(device: Any, source: Any) -> None:
    """The device plays from `source` (a started generator) from now on, started if not yet."""
    if _internals():
        # PlaybackDevice.running and .callback_generator (1.59-1.71): the callback reads the
        # generator afresh at every request, so a running device takes the new one at once
        if device.running:
            device.callback_generator = source
            return
    elif device in _started:
        device.stop()  # the documented way: start() refuses a device already running
    device.start(source)
    _started.add(device)


def let_go(device: Any) -> None:
    """A device that stopped taking sound is never waited on again - not even by the library's
    own clean-up when Python winds down, which would wait on its stalled thread for ever."""
    if not _internals():
        _abandoned.append((device, None))  # never closed: kept, so never cleaned up either
        return
    # PlaybackDevice._device (1.59-1.71): the C device; close() and __del__ wait on its thread
    # only while it is set. What it points to is kept, as the stalled thread may still use it.
    _abandoned.append((device, device._device))
    device.running = False
    device.callback_generator = None
    device._device = None


def let_go_of(device: Any) -> bool:
    """Whether `device` was let go of (closing it would wait for ever)."""
    return any(kept is device for kept, _ in _abandoned)
