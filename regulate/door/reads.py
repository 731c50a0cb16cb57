"""Reading through the door: regular files only, opened without waiting, links kept inside
their folder, at most a limit per kind of file."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from regulate.door.refusals import (
    DoorRefused,
    MiB,
    _kind_of,
    _system,
    _too_big,
    check_name,
)
from regulate.i18n import _

# the most regulate reads of each kind of file: far more than any real one needs
LIMITS: dict[str, int] = {
    "pack": MiB,  # pack.yaml and exercise files (the loader's limit)
    "settings": 64 * 1024,
    "kept": 64 * 1024,  # a kept session
    "cache": 64 * MiB,  # the packs cache
    "text": 4 * MiB,  # a bundled schema, template or document
    "recording": 512 * MiB,
    "zip": 200 * MiB,
    "pack-file": 200 * MiB,  # any file of a pack being copied (a pack's own limit in all)
}
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK}  # what O_NOFOLLOW gives on a link (Linux, BSD)
_CHUNK = MiB


def _flags(*names: str) -> int:
    """os.O_* flags, those this system lacks left out (O_NOFOLLOW, O_NONBLOCK on Windows);
    looked up at each call, so a test can take one away."""
    flags = 0
    for name in (*names, "O_CLOEXEC", "O_BINARY"):  # O_BINARY: Windows, no newline changes
        flags |= getattr(os, name, 0)
    return flags


def _no_link_without_nofollow(path: Path) -> None:
    """Where O_NOFOLLOW is missing (Windows), a link is looked for first."""
    if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):
        raise OSError(errno.ELOOP, "link", os.fspath(path))


def _open_for_reading(path: Path, limit: int) -> int:
    """A descriptor of the regular file at `path`, at most `limit` bytes; else a sentence."""
    check_name(path)
    flags = os.O_RDONLY | _flags("O_NONBLOCK", "O_NOFOLLOW")
    try:
        _no_link_without_nofollow(path)
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno not in _LINK_ERRNOS:
            raise _system(path, exc) from exc
        fd = _open_link_inside(path, flags)
    try:
        info = os.fstat(fd)
        kind = _kind_of(info.st_mode)
        if kind is not None:
            raise DoorRefused(path, kind[1], reason=kind[0])
        if info.st_size > limit:
            raise _too_big(path, limit)
        return fd
    except BaseException:
        os.close(fd)
        raise


def _open_link_inside(path: Path, flags: int) -> int:
    """A link regulate did not make is followed only to somewhere in the folder it is in."""
    try:
        target = path.resolve(strict=True)
        inside = target.is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError) as exc:  # a dangling link, a loop of links
        raise DoorRefused(
            path, _("it is a link to something that is not there"), reason="link"
        ) from exc
    if not inside:
        raise DoorRefused(
            path,
            _("it is a link to somewhere outside its folder, and regulate does not follow it"),
            reason="link",
        )
    try:
        return os.open(target, flags)
    except OSError as exc:
        raise _system(path, exc) from exc


def read_bytes(path: Path, *, kind: str, limit: int | None = None) -> bytes:
    """The whole of a regular file of `kind` (a key of LIMITS), at most `limit` bytes (the
    kind's own limit by default); a DoorRefused with a sentence otherwise."""
    path = path if isinstance(path, Path) else Path(path)
    most = LIMITS.get(kind, MiB) if limit is None else limit
    fd = _open_for_reading(path, most)
    try:
        chunks, got = [], 0
        # at most one byte past the limit: a file that grew after fstat is caught, not read
        while got <= most and (chunk := os.read(fd, min(_CHUNK, most + 1 - got))):
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise _system(path, exc) from exc
    finally:
        os.close(fd)
    if got > most:
        raise _too_big(path, most)
    return b"".join(chunks)


def read_text(path: Path, *, kind: str, limit: int | None = None, encoding: str = "utf-8") -> str:
    """read_bytes, decoded (undecodable bytes: a DoorRefused with a sentence)."""
    data = read_bytes(path, kind=kind, limit=limit)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DoorRefused(
            path,
            _("it holds bytes that are not text ({encoding})").format(encoding=encoding),
            reason="system",
        ) from exc


def inspect(path: Path, *, kind: str, limit: int | None = None) -> os.stat_result:
    """The checks of read_bytes without the reading, for a file a library opens by its name
    (miniaudio, FFmpeg): a regular file, not a link out of its folder, within the limit."""
    path = path if isinstance(path, Path) else Path(path)
    fd = _open_for_reading(path, LIMITS.get(kind, MiB) if limit is None else limit)
    try:
        return os.fstat(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def reading(path: Path, *, kind: str, limit: int | None = None) -> Iterator[BinaryIO]:
    """A binary handle on a regular file, with the checks of read_bytes (for a file read in
    pieces: a zip, a recording)."""
    path = path if isinstance(path, Path) else Path(path)
    fd = _open_for_reading(path, LIMITS.get(kind, MiB) if limit is None else limit)
    with os.fdopen(fd, "rb") as handle:
        yield handle


# ------------------------------------------------------------ writing
