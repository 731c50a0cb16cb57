"""What every player says when sound can't be had, and ALSA kept quiet: below both players
(simpleaudio's in `player`, miniaudio's in `mixer`) and the microphone, which all need them."""

from __future__ import annotations

import contextlib
import functools

from regulate.i18n import N_

# said only when the sound library that comes with regulate can't be loaded (a broken install)
NOT_INSTALLED = N_(
    "Sound isn't available on this computer yet, so exercises run silently. (Whoever set up "
    "regulate can install it again: pip install --force-reinstall regulate.)"
)
CRASH_PRONE = N_(
    "Sound is off: the simpleaudio installed here can't play safely on this Python, so the "
    "exercise runs silently. (To fix it: pip install simpleaudio-patched.)"
)
NO_DEVICE = N_(
    "Sound is off for now: no sound device could be opened, so the exercise runs silently."
)
UNREADABLE = N_("One of this exercise's recordings could not be read, so that part will be silent.")


@functools.cache
def quiet_alsa() -> None:
    """ALSA prints its own errors straight onto the terminal (over the full-screen app);
    give it an error handler that says nothing. Our own sentence says what matters."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        asound = ctypes.cdll.LoadLibrary(name)
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(lambda *args: None)
    quiet_alsa.handler = handler  # type: ignore[attr-defined]  # kept alive for ALSA
    with contextlib.suppress(AttributeError):
        asound.snd_lib_error_set_handler(handler)
