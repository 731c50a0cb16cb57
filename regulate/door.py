"""The one door to the file system: every read of outside data and every write goes through here.

The guarantees are decided once, in this module, rather than at each call site:

- reads: a regular file only (a pipe, a device, a socket or a folder in its place is a sentence,
  never a wait: the file is opened non-blocking and checked on the open handle); a link is not
  followed out of the folder it is in; at most `limit` bytes per kind of file, checked before
  reading and while reading;
- writes: whole or not at all (a temporary file beside the target, written, flushed to the disk,
  renamed onto the target, and the folder flushed); 0600 for personal data; never through a
  link; never onto anything that is not a regular file; never onto a file the command is reading
  (`not_onto`);
- names: a NUL character in a name is a sentence, not a crash;
- Windows: a rename refused while another program holds the target open is tried again a few
  times, then said in a sentence.

Every refusal is a `DoorRefused`: an OSError (so existing `except OSError` keeps working) whose
`strerror` is one plain sentence and whose `filename` is the path. The platform differences
(O_NOFOLLOW, O_NONBLOCK, fchmod, folder fsync) live here and nowhere else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import BinaryIO

from regulate.i18n import _

MiB = 1024 * 1024
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

_WINDOWS = sys.platform == "win32"
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK}  # what O_NOFOLLOW gives on a link (Linux, BSD)
_REPLACE_TRIES = 6  # Windows: 0.05 + 0.1 + 0.2 + 0.4 + 0.8 s before giving up
_CHUNK = MiB


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


def check_name(path: Path | str) -> None:
    """Refuse a path no file can have: one holding a NUL character (Python would stop on it)."""
    if "\0" in os.fspath(path):
        raise DoorRefused(
            os.fspath(path).replace("\0", "\\x00"),
            _("its name holds a NUL character (\\x00), which no file name can hold"),
            reason="name",
        )


# ------------------------------------------------------------ reading


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


def read_bytes(path: Path, *, kind: str, limit: int | None = None) -> bytes:
    """The whole of a regular file of `kind` (a key of LIMITS), at most `limit` bytes (the
    kind's own limit by default); a DoorRefused with a sentence otherwise."""
    path = Path(path)
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
    path = Path(path)
    fd = _open_for_reading(path, LIMITS.get(kind, MiB) if limit is None else limit)
    try:
        return os.fstat(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def reading(path: Path, *, kind: str, limit: int | None = None) -> Iterator[BinaryIO]:
    """A binary handle on a regular file, with the checks of read_bytes (for a file read in
    pieces: a zip, a recording)."""
    path = Path(path)
    fd = _open_for_reading(path, LIMITS.get(kind, MiB) if limit is None else limit)
    with os.fdopen(fd, "rb") as handle:
        yield handle


# ------------------------------------------------------------ writing


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
        part = path.with_name(f".{path.name[:80]}.{secrets.token_hex(4)}.part")
        try:
            return os.open(part, flags, 0o600 if private else 0o666), part
        except FileExistsError:
            continue
        except OSError as exc:
            raise _system(path, exc) from exc
    raise DoorRefused(path, _("no temporary name was free beside it"), reason="system")


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
    path = Path(path)
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
    path = Path(path)
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
    path = Path(path)
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
    path = Path(path)
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
