"""Writing through the door: whole or not at all, 0600 when personal, never through a link nor
onto anything but a regular file or a file being read; folders made and moved."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import BinaryIO

from regulate.door.reads import _CHUNK, _LINK_ERRNOS, _flags, _no_link_without_nofollow, reading
from regulate.door.refusals import DoorRefused, _kind_of, _system, check_name
from regulate.i18n import _

_WINDOWS = sys.platform == "win32"
_REPLACE_TRIES = 6  # Windows: 0.05 + 0.1 + 0.2 + 0.4 + 0.8 s before giving up


def _refuse_target(path: Path, not_onto: Collection[Path]) -> None:
    """Refuse to put a file where a link, a folder, a pipe or a device is, or onto a file the
    command is reading."""
    check_name(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _system(path, exc) from exc
    if info is not None and (kind := _kind_of(info.st_mode)) is not None:
        raise DoorRefused(path, kind[1], reason=kind[0])
    for other in not_onto:
        if _same_file(path, info, Path(other)):
            raise DoorRefused(
                path,
                _("it is a file this command is reading, so regulate will not write over it"),
                reason="protected",
            )


def _same_file(path: Path, info: os.stat_result | None, other: Path) -> bool:
    try:
        theirs = os.stat(other)
    except (OSError, ValueError):
        return False
    if info is not None:
        return os.path.samestat(info, theirs)
    return False  # nothing at `path` yet: it can't be a file that is being read


def _temporary(path: Path, private: bool) -> tuple[int, Path]:
    """A new file beside `path`, made by regulate alone (never an existing file or a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _flags("O_NOFOLLOW")
    for _attempt in range(100):
        part = path.with_name(f".{_short(path.name)}.{os.urandom(4).hex()}.part")
        try:
            return os.open(part, flags, 0o600 if private else 0o666), part
        except FileExistsError:
            continue
        except OSError as exc:
            raise _system(path, exc) from exc
    raise DoorRefused(path, _("no temporary name was free beside it"), reason="system")


def _short(name: str, most: int = 100) -> str:
    """A name cut to at most `most` bytes on the disk, so the temporary one (15 bytes more)
    stays within the 255 a name may have, whatever letters it holds."""
    while len(os.fsencode(name)) > most:
        name = name[: max(len(name) - 4, 0)] if len(name) > most else name[:-1]
    return name


def _private(fd: int, private: bool) -> None:
    """0600 on the open file, whatever the umask or an earlier file had (POSIX only)."""
    if private and hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)


def _sync_folder(folder: Path) -> None:
    """Flush the rename to the disk; Windows can't open a folder to flush it, nor need to."""
    if _WINDOWS:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | _flags())
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _rename(src: Path, dst: Path) -> None:
    """os.replace, tried again (0.05 s, then twice as long each time, 1.55 s in all) while
    Windows says another program holds the target open; then a sentence."""
    delay = 0.05
    for attempt in range(_REPLACE_TRIES):
        try:
            os.replace(src, dst)
            return
        except PermissionError as exc:
            # POSIX says "no" once and means it; Windows says it while a file is held open
            if not _WINDOWS:
                raise _system(dst, exc) from exc
            if attempt == _REPLACE_TRIES - 1:
                raise DoorRefused(
                    dst,
                    _("another program is holding it open; close that program and try again"),
                    reason="busy",
                    code=exc.errno or 0,
                ) from exc
            _pause(delay)
            delay *= 2
        except OSError as exc:
            raise _system(dst, exc) from exc


_pause: Callable[[float], None] = time.sleep  # tests put a fake clock's sleep here


@contextlib.contextmanager
def writing(
    path: Path, *, private: bool, not_onto: Collection[Path] = (), durable: bool = True
) -> Iterator[BinaryIO]:
    """A binary handle to a temporary file that becomes `path` whole on a clean exit, and is
    removed (leaving any earlier `path` as it was) on any error. `durable`: flushed to the disk
    before the rename (False only for a cache that may be lost)."""
    path = path if isinstance(path, Path) else Path(path)
    _refuse_target(path, not_onto)
    fd, part = _temporary(path, private)
    done = False
    try:
        with os.fdopen(fd, "wb") as handle:
            _private(handle.fileno(), private)
            try:
                yield handle
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise _system(path, exc) from exc
        _refuse_target(path, not_onto)  # something may have been put there meanwhile
        _rename(part, path)
        done = True
        if durable:
            _sync_folder(path.parent)
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(part)


def write_bytes(
    path: Path,
    data: bytes,
    *,
    private: bool,
    not_onto: Collection[Path] = (),
    durable: bool = True,
) -> None:
    """Put `data` at `path`, whole or not at all (see writing)."""
    with writing(path, private=private, not_onto=not_onto, durable=durable) as handle:
        handle.write(data)


def write_text(
    path: Path,
    text: str,
    *,
    private: bool,
    not_onto: Collection[Path] = (),
    durable: bool = True,
    encoding: str = "utf-8",
) -> None:
    write_bytes(path, text.encode(encoding), private=private, not_onto=not_onto, durable=durable)


def append_text(path: Path, text: str, *, private: bool) -> None:
    """Add `text` at the end of a log (made if need be; 0600 when private); never through a
    link, never into anything but a regular file."""
    path = path if isinstance(path, Path) else Path(path)
    check_name(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _flags("O_NOFOLLOW", "O_NONBLOCK")
    try:
        _no_link_without_nofollow(path)
        fd = os.open(path, flags, 0o600 if private else 0o666)
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS:
            raise DoorRefused(
                path, _("it is a link, and regulate does not write through links"), reason="link"
            ) from exc
        if exc.errno in (errno.ENXIO, errno.EISDIR):  # a pipe with no reader, a folder
            _refuse_target(path, ())
        raise _system(path, exc) from exc
    try:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise DoorRefused(path, kind[1], reason=kind[0])
        _private(fd, private)
        data = text.encode("utf-8")
        while data:
            data = data[os.write(fd, data) :]
    except DoorRefused:
        raise
    except OSError as exc:
        raise _system(path, exc) from exc
    finally:
        os.close(fd)


def copy(src: Path, dst: Path, *, kind: str, private: bool = False) -> None:
    """A regular file read through the door and written whole through it."""
    with reading(src, kind=kind) as source, writing(dst, private=private, not_onto=(src,)) as out:
        try:
            while chunk := source.read(_CHUNK):
                out.write(chunk)
        except OSError as exc:
            raise _system(src, exc) from exc


def create(path: Path, *, private: bool, exclusive: bool = False) -> bool:
    """Make an empty file at `path` (0600 when private) unless one is there; True if made.
    `exclusive`: a file already there is not an error but False (a name reserved)."""
    path = path if isinstance(path, Path) else Path(path)
    check_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _flags("O_NOFOLLOW")
    try:
        os.close(os.open(path, flags, 0o600 if private else 0o666))
    except FileExistsError:
        if exclusive:
            return False
        info = os.lstat(path)
        if (kind := _kind_of(info.st_mode)) is not None:
            raise DoorRefused(path, kind[1], reason=kind[0]) from None
        return False
    except OSError as exc:
        raise _system(path, exc) from exc
    return True


# ------------------------------------------------------------ folders


def make_folder(path: Path, *, private: bool) -> Path:
    """A folder (and its parents), 0700 when private; a file in its place is a sentence."""
    path = path if isinstance(path, Path) else Path(path)
    check_name(path)
    try:
        path.mkdir(mode=0o700 if private else 0o777, parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file where the folder should be
        raise DoorRefused(path, _("it is a file, not a folder"), reason="system") from exc
    except OSError as exc:
        raise _system(path, exc) from exc
    return path


def replace(src: Path, dst: Path) -> None:
    """Move a file or folder onto `dst` in one step (Windows: tried again while it is held)."""
    check_name(src)
    check_name(dst)
    _rename(Path(src), Path(dst))


def move_aside(path: Path, name_for: Callable[[int], Path], *, private: bool = True) -> Path:
    """Move a file to the first free name `name_for(1)`, `name_for(2)`...: the name is reserved
    by making it first, so a copy kept earlier is never overwritten. Returns where it went."""
    for n in range(1, 10_000):
        target = name_for(n)
        if create(target, private=private, exclusive=True):
            try:
                _rename(Path(path), target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(target)
                raise
            return target
    raise DoorRefused(path, _("too many copies are kept beside it already"), reason="system")
