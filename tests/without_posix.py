"""Run pytest with what Windows lacks taken away (`python tests/without_posix.py ARGS...`):
time.tzset, os.getuid, os.O_NOFOLLOW, fcntl, mmap's madvise and private maps, and the POSIX
signals. What pytest, Textual and platformdirs read on Linux for themselves is imported first, as
on Windows each has its own Windows parts; pytest is told to make its temporary folders as it
does there."""

from __future__ import annotations

import mmap
import os
import signal
import sys
import time

import _pytest.tmpdir
import platformdirs
import pytest
import textual.app
import textual.drivers.headless_driver
import textual.drivers.linux_driver  # Textual's own Linux parts, read as on Linux
from _pytest.config import get_config

TAKEN = ((time, "tzset"), (os, "getuid"), (os, "geteuid"), (os, "O_NOFOLLOW"),
         (mmap, "MADV_DONTNEED"), (mmap, "MAP_PRIVATE"))  # fmt: skip
SIGNALS = ("SIGHUP", "SIGQUIT", "SIGTSTP", "SIGCONT", "SIGWINCH", "SIGUSR1", "SIGUSR2",
           "SIGALRM", "SIGPIPE", "SIGCHLD", "SIGKILL")  # fmt: skip


def take_away() -> None:
    get_config()  # pytest's plugins loaded first: they are not what is tested
    assert platformdirs.user_data_dir and textual.app
    _pytest.tmpdir.get_user_id = lambda: None  # type: ignore[assignment]  # as on Windows
    os.environ.setdefault("USERNAME", "someone")  # where getpass looks on Windows
    for owner, name in TAKEN:
        if hasattr(owner, name):
            delattr(owner, name)
    for name in SIGNALS:
        if hasattr(signal, name):
            delattr(signal, name)
    sys.modules["fcntl"] = None  # type: ignore[assignment]  # an import of it fails


if __name__ == "__main__":
    take_away()
    sys.exit(pytest.main(sys.argv[1:]))
