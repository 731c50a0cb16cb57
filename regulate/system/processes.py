"""Whether another process is still alive, on every system regulate runs on.

POSIX asks with signal 0. Windows has no such signal - there `os.kill(pid, 0)` would send
Ctrl+C to the other process - so it asks the system for a handle to the process instead.
"""

from __future__ import annotations

import os
import sys


def pid_alive(pid: int | None) -> bool:
    if not pid or pid < 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge, leave it be
    except (OSError, OverflowError):
        return False
    return True


def _windows_alive(pid: int) -> bool:  # pragma: no cover - run on Windows only
    if sys.platform != "win32":  # so that mypy sees windll only where it is
        return False
    import ctypes

    query, still_active = 0x1000, 259  # PROCESS_QUERY_LIMITED_INFORMATION, STILL_ACTIVE
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(query, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
