"""The packs a person has: the bundled starter pack and every pack added to their packs folder."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from regulate.domain.model import Pack
from regulate.domain.problems import Problem
from regulate.packs import cache as pack_cache
from regulate.system.paths import packs_dir, starter_pack


@dataclass(frozen=True)
class Library:
    packs: tuple[Pack, ...]  # the starter pack first, then added packs by name
    broken: tuple[tuple[Path, tuple[Problem, ...]], ...]  # folders that failed to load

    def by_id(self) -> dict[str, Pack]:
        return {p.id: p for p in self.packs}

    def get(self, pack_id: str) -> Pack | None:
        return self.by_id().get(pack_id)


def pack_folders(language: str | None = None) -> list[Path]:
    folders = [starter_pack(language)]
    root = packs_dir()
    if root.is_dir():
        folders += sorted(
            p for p in root.iterdir() if (p / "pack.yaml").is_file() and not p.name.startswith(".")
        )
    return folders


def load_library(today: dt.date | None = None, language: str | None = None) -> Library:
    """Every pack, with the starter pack in `language` (the person's) when there is one: as
    kept from the last start when nothing they were read from has changed, else read."""
    _recover_interrupted()
    folders = pack_folders(language)
    try:
        wanted: list[object] | None = pack_cache.key(folders, language)
    except pack_cache.Unusable:
        wanted = None
    if wanted is not None and (kept := pack_cache.read(wanted)) is not None:
        return Library(kept, ())
    library = _read(folders, today, language)
    if wanted is not None and not library.broken:
        with contextlib.suppress(pack_cache.Unusable):
            if pack_cache.key(folders, language) == wanted:  # nothing changed while reading
                pack_cache.write(wanted, library.packs)
    return library


def _recover_interrupted() -> None:
    """A pack set aside by an interrupted add is put back first, and what an interrupted
    remove left is cleared (the pack module, with its zip handling, is imported only then)."""
    root = packs_dir()
    if root.is_dir() and any(
        p.name.startswith((".old-", ".new-", ".gone-")) for p in root.iterdir()
    ):
        from regulate.packs.folders import recover_interrupted

        recover_interrupted()


def _read(folders: list[Path], today: dt.date | None, language: str | None) -> Library:
    from regulate.loader import load_pack  # with PyYAML: only when the packs are read

    packs: list[Pack] = []
    broken: list[tuple[Path, tuple[Problem, ...]]] = []
    starter_folder = starter_pack(language)
    for folder in folders:
        # an added pack lives under its id: that is its id even if pack.yaml names none
        default_id = None if folder == starter_folder else folder.name
        loaded = load_pack(folder, str(folder), today=today, default_id=default_id)
        if loaded.value is None:
            broken.append((folder, loaded.problems))
        elif all(p.id != loaded.value.id for p in packs):
            packs.append(loaded.value)
    starter, rest = packs[:1], sorted(packs[1:], key=lambda p: p.name.lower())
    return Library(tuple(starter + rest), tuple(broken))
