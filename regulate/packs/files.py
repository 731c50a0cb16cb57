"""The files that make a pack: what is zipped, converted and installed, below every module that
handles them (the archive, the voicing, the folders)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def pack_files(folder: Path) -> list[tuple[str, Path]]:
    """(name in the zip, file) for every file of the pack: no hidden files, no links that
    lead out of the folder."""
    root = folder.resolve()
    out: list[tuple[str, Path]] = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(here) / name
            if not path.resolve().is_relative_to(root) or not _plain_file(path):
                continue  # a link out, or a pipe, socket or device (reading one never ends)
            out.append((path.relative_to(folder).as_posix(), path))
    return out


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
