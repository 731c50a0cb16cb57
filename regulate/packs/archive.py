"""A pack as one zip: made the same way every time to hand over, and unpacked defensively
(no absolute paths, no '..', no links, no names two programs would read differently, at most
1,000 entries and 200 MiB unpacked, counted as it is written)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from regulate import door
from regulate.audio.recordings import FORMATS, OTHER_FORMATS
from regulate.audio.voice import VoiceError
from regulate.domain.model import Pack
from regulate.domain.problems import PackError
from regulate.i18n import _
from regulate.loader import load_pack
from regulate.packs.files import pack_files
from regulate.packs.voicing import Converted, recordings_named, voiced_copy
from regulate.system.textsafe import printable

MAX_ENTRIES = 1000
MAX_UNPACKED = 200 * 1024 * 1024
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same pack always makes the same zip


@dataclass(frozen=True)
class Zipped:
    path: Path
    files: int
    sha256: str
    size: int  # bytes
    largest: tuple[tuple[str, int], ...] = ()  # the biggest files in it, with their sizes
    converted: tuple[Converted, ...] = ()  # recordings made ready for every client
    left_out: tuple[str, ...] = ()  # recordings in the folder that no step or cue plays


def zip_pack(
    folder: Path, target: Path | None = None, *, refuse: Callable[[Path], str | None] | None = None
) -> Zipped:
    """The pack in `folder` zipped to `target` (default: ID.zip here). `refuse` is asked about
    the target once it is known, before anything is converted or written: a sentence stops it."""
    loaded = load_pack(folder, str(folder))
    if loaded.value is None:
        raise PackError(_("This pack has problems, so it was not zipped."), loaded.problems)
    pack: Pack = loaded.value
    target = target or Path(f"{pack.id}.zip")
    if refuse is not None and (refused := refuse(target)):
        raise PackError(refused)
    with contextlib.ExitStack() as stack:
        converted: tuple[Converted, ...] = ()
        if recordings_named(pack, folder) and _voice_available():
            # the recordings converted in a copy: the therapist's own files are never changed
            copy = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="regulate-")))
            try:
                converted = tuple(voiced_copy(pack, folder, copy))
            except (OSError, VoiceError) as exc:
                raise PackError(
                    _("A recording could not be converted ({reason}), so the pack was not "
                      "zipped.").format(reason=exc)
                ) from exc  # fmt: skip
            again = load_pack(copy, str(folder), default_id=pack.id)
            if again.value is None:
                raise PackError(_("This pack has problems, so it was not zipped."), again.problems)
            folder, pack = copy, again.value
        # a take kept aside, an old version, a memo never used: not the client's to carry
        used = set(recordings_named(pack, folder))
        files = pack_files(folder)
        left_out = tuple(name for name, _path in files if _recording(name) and name not in used)
        files = [(name, path) for name, path in files if name not in left_out]
        done = _write_zip(pack, files, target)
    return Zipped(done.path, done.files, done.sha256, done.size, done.largest, converted,
                  left_out)  # fmt: skip


def _recording(name: str) -> bool:
    return Path(name).suffix.lower() in {*FORMATS, *OTHER_FORMATS}


def _voice_available() -> bool:
    from regulate.audio import voice

    return voice.available()


def _write_zip(pack: Pack, files: list[tuple[str, Path]], target: Path) -> Zipped:
    # written beside the target and renamed into place whole: a zip that fails part-way (a full
    # disk, a file that vanished) leaves any zip already at that path exactly as it was; never
    # written onto one of the pack's own files
    sources = [path for _name, path in files]
    with (
        door.writing(target, private=False, not_onto=sources) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, path in files:
            info = zipfile.ZipInfo(f"{pack.id}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, door.read_bytes(path, kind="pack-file"))
    data = door.read_bytes(target, kind="zip")
    sizes = sorted(((name, path.stat().st_size) for name, path in files), key=lambda x: -x[1])
    return Zipped(target, len(files), hashlib.sha256(data).hexdigest(), len(data), tuple(sizes[:3]))


def is_zip(source: Path) -> bool:
    """Whether a path is a zip, looked at through the door (a pipe named x.zip never waits)."""
    try:
        with door.reading(source, kind="zip") as handle:
            return zipfile.is_zipfile(handle)
    except door.DoorRefused as exc:
        if exc.reason == "missing":
            return False
        raise


def unzip_defensively(source: Path, into: Path) -> None:
    with door.reading(source, kind="zip") as handle:
        _unzip(source, handle, into)


def _unzip(source: Path, handle: BinaryIO, into: Path) -> None:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, NotImplementedError, UnicodeDecodeError, ValueError,
            EOFError, RuntimeError, zlib.error) as exc:  # fmt: skip
        raise PackError(_unreadable_zip(source, handle, exc)) from exc
    with archive:
        # what a Mac's "Compress" adds beside the pack (resource forks, Finder's settings) is
        # not part of it, and is left out before anything else is looked at
        entries = [e for e in archive.infolist() if not _mac_extra(e.filename)]
        _refuse_unsafe(source, entries)
        try:
            _extract(source, archive, entries, into)
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError,
                ValueError, UnicodeDecodeError) as exc:  # fmt: skip
            raise PackError(_unreadable_entry(source, exc)) from exc
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # a full disk or the like: said as it is
                raise
            raise PackError(_unreadable_entry(source, exc)) from exc  # a header that lies


def _unreadable_zip(source: Path, handle: BinaryIO, exc: BaseException) -> str:
    """Why a zip can't be opened at all, as the person can act on it: a zip's start with its
    end missing (a download or copy that did not finish) is damaged or incomplete."""
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
        return _("'{source}' can't be read ({reason}). Nothing was added.").format(
            source=source, reason=exc.strerror or exc
        )
    try:
        handle.seek(0)
        start = handle.read(4)
    except OSError:
        start = b""
    if start == b"PK\x03\x04":
        return _(
            "'{source}' is a zip that is damaged or incomplete (perhaps a download or a copy that "
            "did not finish). Ask for it again, or download it again. Nothing was added."
        ).format(source=source)
    return _(
        "'{source}' is not a zip file. A pack comes as a zip made by 'regulate pack zip', or "
        "as a folder. Nothing was added."
    ).format(source=source)


def _mac_extra(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith("._") or parts[-1] == ".DS_Store"


def _unreadable_entry(source: Path, exc: BaseException) -> str:
    """Why a zip's contents could not be read, as the person who made it can act on it."""
    text = str(exc).lower()
    if "encrypt" in text or "password" in text:
        why = _("part of it is protected by a password; make the zip again without one")
    elif isinstance(exc, NotImplementedError) or "compression" in text:
        why = _(
            "it was made with a kind of compression regulate can't read; make it again with "
            "`regulate pack zip` or an ordinary zip program"
        )
    else:
        why = _("part of it is damaged (perhaps a download or a copy that did not finish)")
    return _("'{source}' could not be unpacked: {why}. Nothing was added.").format(
        source=source, why=why
    )


def _refuse_unsafe(source: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Too many entries, too large, a path leading out or a link: refused before anything
    is written."""
    if len(entries) > MAX_ENTRIES:
        raise PackError(
            _(
                "'{source}' holds {count:,} entries; a pack zip may hold at most {most:,}. "
                "Nothing was added."
            ).format(source=source, count=len(entries), most=MAX_ENTRIES)
        )
    if sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise PackError(
            _(
                "'{source}' would unpack to more than 200 MiB, far more than a pack needs. "
                "Nothing was added."
            ).format(source=source)
        )
    for entry in entries:
        name = entry.filename
        parts = Path(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
            raise PackError(
                _(
                    "'{source}' holds an entry that points outside the pack ('{name}'). "
                    "Nothing was added."
                ).format(source=source, name=printable(name))
            )
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise PackError(
                _(
                    "'{source}' holds a link ('{name}'); packs hold plain files only. "
                    "Nothing was added."
                ).format(source=source, name=printable(name))
            )
    _refuse_ambiguous(source, [e.filename for e in entries])


def _extract(
    source: Path, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], into: Path
) -> None:
    written = 0
    for entry in entries:
        target = into / entry.filename
        if entry.is_dir():
            door.make_folder(target, private=False)
            continue
        door.make_folder(target.parent, private=False)
        with archive.open(entry) as src, door.writing(target, private=False) as dst:
            # counted as written: a zip's declared sizes can lie
            while chunk := src.read(1024 * 1024):
                written += len(chunk)
                if written > MAX_UNPACKED:
                    raise PackError(
                        _(
                            "'{source}' unpacks to more than 200 MiB, far more than a pack "
                            "needs. Nothing was added."
                        ).format(source=source)
                    )
                dst.write(chunk)


def _refuse_ambiguous(source: Path, names: list[str]) -> None:
    """A zip that two programs would unpack differently is refused: the same name twice (a zip
    viewer shows the first, Python takes the last), names that differ only in letter case (one
    file on a Mac or Windows), or a name that is both a file and a folder."""
    seen: dict[str, str] = {}
    files: set[str] = set()
    folders: set[str] = set()
    written_as: dict[str, str] = {}  # as the zip names it, for the sentence
    for name in names:
        # '.' and empty parts taken out as unpacking takes them out: 'week3/.' is the file
        # 'week3', which the folder 'week3' also is; a file named '.' is the top folder itself
        clean = "/".join(p for p in name.replace("\\", "/").split("/") if p not in ("", "."))
        if clean == "" and not name.endswith("/"):
            folders.add(clean)
        if not name.endswith("/"):
            files.add(clean)
            written_as.setdefault(clean, name)
        parts = clean.split("/")
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
        if name.endswith("/"):
            folders.add(clean)
            continue
        key = clean.casefold()
        if key in seen:
            same = seen[key] == clean
            if same:
                said = _(
                    "'{source}' holds '{name}' twice, so it can't be told which one the therapist "
                    "meant. Ask for a fresh zip ('regulate pack zip' makes one). Nothing was "
                    "added."
                )
            else:
                said = _(
                    "'{source}' holds both '{other}' and '{name}', names that differ only in "
                    "letter case (one file on a Mac or Windows), so it can't be told which one "
                    "the therapist meant. Ask for a fresh zip ('regulate pack zip' makes one). "
                    "Nothing was added."
                )
            raise PackError(
                said.format(
                    source=printable(str(source)),
                    name=printable(clean),
                    other=printable(seen[key]),
                )
            )
        seen[key] = clean
    for both in sorted(files & folders):
        raise PackError(
            _(
                "'{source}' holds '{both}' both as a file and as a folder, so it can't be "
                "unpacked. Ask for a fresh zip ('regulate pack zip' makes one). Nothing was "
                "added."
            ).format(source=printable(str(source)), both=printable(written_as[both]))
        )


def find_root(folder: Path) -> Path:
    if (folder / "pack.yaml").is_file():
        return folder
    inner = [p for p in folder.iterdir() if p.is_dir()]
    if len(inner) == 1 and (inner[0] / "pack.yaml").is_file():
        return inner[0]
    raise PackError(_("There is no pack.yaml in it, so it is not a pack. Nothing was added."))


@contextlib.contextmanager
def unpacked(source: Path) -> Iterator[tuple[Path, str]]:
    """A zip's pack unpacked as `pack add` would (refusing what it refuses), into a private
    temporary folder that is gone afterwards: (the pack's folder, its path inside the zip)."""
    with tempfile.TemporaryDirectory(prefix="regulate-check-") as tmp:
        unzip_defensively(source, Path(tmp))
        root = find_root(Path(tmp))
        yield root, root.relative_to(tmp).as_posix() if root != Path(tmp) else ""
