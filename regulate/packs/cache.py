"""The packs as they were last read, kept so that the next start can draw its first screen
without parsing YAML (importing PyYAML and the loader and reading the starter pack took about
40 ms of a 0.35 s start here).

One JSON file beside the history, written only when every pack loaded. It is used only when
everything it was made from is as it was: every file of every pack (size, times, inode), the
list of packs, the language and regulate's own code. Anything else - a changed file, another
version, bytes that are not ours - and the packs are read afresh, exactly as without it: it is
a shortcut, never a second source of truth. (The day matters to a load only through warnings,
which a pack that loads does not keep.)"""

from __future__ import annotations

import binascii
import contextlib
import dataclasses
import datetime as dt
import json
import os
import stat
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from regulate import door
from regulate.domain import model
from regulate.domain.problems import Pos
from regulate.system import paths
from regulate.system.paths import package_folder

FILE_NAME = "packs-cache.json"
FORMAT = 1  # raised whenever what is written changes shape
LIMIT = 16 * 1024 * 1024  # a bigger file is not ours: read the packs instead
SETTLED_NS = 1_000_000_000

# the only classes a cache can hold: anything else named in the file rejects the whole file
CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        model.Sound,
        model.Cues,
        model.Prompt,
        model.Breathe,
        model.Scan,
        model.CheckIn,
        model.Exercise,
        model.RatingScale,
        model.Support,
        model.Homework,
        model.Pack,
        Pos,
    )
}


class Unusable(Exception):
    """The cache cannot stand in for the packs: read them afresh."""


# ------------------------------------------------------------ what the packs were read from


def _stamps(folder: Path, skip: tuple[str, ...] = ()) -> list[object]:
    """Every file under `folder` with its size and times, in a stable order."""
    found: list[object] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files) + dirs:
            path = os.path.join(root, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                # what a link leads to can change without this folder changing
                raise Unusable(f"{path} is a link")
            if name in dirs:
                continue
            rel = os.path.relpath(path, folder)
            found.append([rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return found


def _code() -> list[object]:
    """regulate's own files that decide what a pack loads as (the loader, the model, the
    wording, the translations)."""
    here = package_folder()
    stamps: list[object] = []
    for entry in sorted(os.scandir(here), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith(".py"):
            st = entry.stat()
            stamps.append([entry.name, st.st_size, st.st_mtime_ns])
    stamps += _stamps(here / "loader", skip=("__pycache__",))
    stamps += _stamps(here / "locale")
    return stamps


def key(folders: Sequence[Path], language: str | None) -> list[object]:
    """Everything a library's load depends on. Raises Unusable when that can't be told."""
    from regulate import __version__, i18n

    try:
        return [
            FORMAT,
            __version__,
            language,
            i18n.current(),
            _code(),
            [[str(folder), _stamps(folder)] for folder in folders],
        ]
    except OSError as exc:
        raise Unusable(str(exc)) from exc


# ------------------------------------------------------------ the packs as JSON


def encode(value: object) -> object:
    """The model as plain JSON values, each dataclass named by its class."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value).__name__ not in CLASSES:
            raise Unusable(f"{type(value).__name__} is not kept")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$": type(value).__name__, **fields}
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {"$map": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise Unusable(f"{type(value).__name__} is not kept")


def decode(value: object) -> Any:
    """The model back from `encode`'s JSON; anything it did not write is refused."""
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    if isinstance(value, dict):
        if "$" in value:
            cls = CLASSES.get(str(value["$"]))
            if cls is None:
                raise Unusable(f"{value['$']!r} is not a kept class")
            return cls(**{k: decode(v) for k, v in value.items() if k != "$"})
        if set(value) == {"$map"} and isinstance(value["$map"], dict):
            return {k: decode(v) for k, v in value["$map"].items()}
        if set(value) == {"$path"} and isinstance(value["$path"], str):
            return Path(value["$path"])
        if set(value) == {"$date"} and isinstance(value["$date"], str):
            return dt.date.fromisoformat(value["$date"])
        raise Unusable("an object this file does not write")
    if value is None or isinstance(value, str | int | float):
        return value
    raise Unusable(f"{type(value).__name__} is not kept")


# ------------------------------------------------------------ the file


def _crc(text: str) -> int:
    return binascii.crc32(text.encode("ascii", "backslashreplace"))


def location() -> Path:
    return paths.data_dir() / FILE_NAME


def read(wanted: list[object]) -> tuple[model.Pack, ...] | None:
    """The packs kept under exactly this key, or None (no file, another key, any doubt)."""
    try:
        data = json.loads(door.read_bytes(location(), kind="cache", limit=LIMIT))
        if not isinstance(data, dict) or data.get("key") != json.loads(json.dumps(wanted)):
            return None
        # the packs in it were checked when they were read from YAML, and are not checked
        # again: a file changed since (by hand, or a bad sector) is read afresh, never trusted
        if data.get("crc") != _crc(json.dumps(data["packs"], separators=(",", ":"))):
            return None
        packs = decode(data["packs"])
    except Exception:  # whatever is wrong with it (or missing), the packs are read afresh
        return None
    if not isinstance(packs, tuple) or not all(isinstance(p, model.Pack) for p in packs):
        return None
    return packs


def _settled(wanted: list[object], now_ns: int) -> bool:
    """Whether every pack file last changed over a second ago. A file changed within the
    file system's clock tick could change again with the same size and times; such a load
    is not kept, so a later change always shows in the key."""
    folders = cast(list[tuple[str, list[list[int]]]], wanted[-1])
    return all(stamp[3] < now_ns - SETTLED_NS for _, stamps in folders for stamp in stamps)


def write(wanted: list[object], packs: tuple[model.Pack, ...]) -> None:
    """Keep the packs for the next start. Quietly does nothing when it can't: a person
    only ever waits a little longer."""
    if not _settled(wanted, time.time_ns()):
        return
    try:
        kept = json.dumps(encode(packs), separators=(",", ":"))
        text = json.dumps({"key": wanted, "crc": _crc(kept), "packs": json.loads(kept)},
                          separators=(",", ":"))  # fmt: skip
    except (Unusable, ValueError):
        return
    target = location()
    with contextlib.suppress(OSError):
        door.make_folder(target.parent, private=True)
        # a cache: lost in a power cut it is only read afresh, so not flushed to the disk
        door.write_text(target, text, private=True, durable=False, encoding="ascii")
