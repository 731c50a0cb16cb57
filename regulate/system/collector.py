"""Python's cycle collector, held back while regulate starts. Starting makes some 47,000
objects that live as long as the program (Textual, the packs, the screens) and almost no
garbage (under a thousand objects in cycles), yet the collector walked them about a hundred
times, some 13 ms of the wait for the first screen. It is paused at the entry point and let go
once the first screen is drawn, or as soon as any other command begins its work."""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """From the first line of the program, before its imports."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def settle() -> None:
    """Start-up is over: the collector runs again. Only when `pause` held it back: a program
    that embeds regulate (a test runner) keeps its own collector as it was."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
