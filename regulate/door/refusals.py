"""What the door says when it refuses: one exception, one plain sentence each."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from regulate.i18n import _

MiB = 1024 * 1024


class DoorRefused(OSError):
    """A read or write refused, by regulate or by the system, with one plain sentence.

    `strerror` is the sentence (why), `filename` the path, `errno` the system's number when the
    system refused (0 when regulate did), `reason` a short word for code to test: missing,
    folder, pipe, device, link, too-big, name, protected, busy, system."""

    def __init__(self, path: Path | str, why: str, *, reason: str, code: int = 0) -> None:
        super().__init__(code, why, os.fspath(path))
        self.reason = reason

    def __str__(self) -> str:
        return str(self.strerror)

    @property
    def path(self) -> Path:
        return Path(self.filename)


# ------------------------------------------------------------ sentences


def _system(path: Path | str, exc: OSError) -> DoorRefused:
    """A refusal from the system, said plainly."""
    if isinstance(exc, DoorRefused):
        return exc
    code = exc.errno or 0
    sentences: dict[int, Callable[[], str]] = {
        errno.ENOENT: lambda: _("there is no such file or folder"),
        errno.EACCES: lambda: _("permission to use it was refused"),
        errno.EPERM: lambda: _("permission to use it was refused"),
        errno.ENOSPC: lambda: _("the disk is full"),
        errno.EROFS: lambda: _("the disk can only be read, not written"),
        errno.EIO: lambda: _("the disk reported an error"),
        errno.ENAMETOOLONG: lambda: _("the name is too long"),
        errno.ENOTDIR: lambda: _("part of the path is a file, not a folder"),
        errno.EISDIR: lambda: _("it is a folder, not a file"),
    }
    if hasattr(errno, "EDQUOT"):
        sentences[errno.EDQUOT] = lambda: _("the disk is full")
    said = sentences.get(code)
    why = said() if said else (exc.strerror or str(exc))
    reason = {errno.ENOENT: "missing", errno.EISDIR: "folder"}.get(code, "system")
    return DoorRefused(path, why, reason=reason, code=code)


def _kind_of(mode: int) -> tuple[str, str] | None:
    """(reason, sentence) for anything that is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder", _("it is a folder, not a file")
    if stat.S_ISFIFO(mode):
        return "pipe", _("it is a named pipe, not a file")
    if stat.S_ISLNK(mode):
        return "link", _("it is a link, and regulate does not write through links")
    return "device", _("it is a device or socket, not a file")


def check_name(path: Path | str) -> None:
    """Refuse a path no file can have: one holding a NUL character (Python would stop on it)."""
    if "\0" in os.fspath(path):
        raise DoorRefused(
            os.fspath(path).replace("\0", "\\x00"),
            _("its name holds a NUL character (\\x00), which no file name can hold"),
            reason="name",
        )


# ------------------------------------------------------------ reading


def _too_big(path: Path, limit: int) -> DoorRefused:
    return DoorRefused(
        path,
        _("it is larger than regulate reads for a file of its kind ({limit})").format(
            limit=_size(limit)
        ),
        reason="too-big",
    )


def _size(n: int) -> str:
    return f"{n / MiB:g} MiB" if n >= MiB else f"{n / 1024:g} KiB"
