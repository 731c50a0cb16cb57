"""Where regulate keeps things: the person's data and settings, and its own bundled files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "regulate"


def _home() -> Path | None:
    value = os.environ.get("REGULATE_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """History and added packs: REGULATE_HOME when set, else the user data folder."""
    return _home() or platformdirs.user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """Settings: REGULATE_HOME when set (everything in one place), else the user config folder."""
    return _home() or platformdirs.user_config_path(APP, appauthor=False)


def packs_dir() -> Path:
    return data_dir() / "packs"


def ensure_private_dir(path: Path) -> Path:
    """Create a folder only this user can read (0700); history is personal."""
    from regulate import door

    return door.make_folder(path, private=True)


def bundled(name: str) -> Path:
    """A folder shipped with regulate (`exercises` or `sounds`).

    In an installed wheel they sit inside the package; in a source checkout (and an
    editable install) they sit at the top of the repository.
    """
    here = Path(__file__).resolve().parent
    inside = here / name
    return inside if inside.is_dir() else here.parent / name


def starter_pack(language: str | None = None) -> Path:
    """The starter pack in a language: `exercises` is English, `exercises-es` Spanish...;
    English when the program has no starter pack in that language."""
    if language and language != "en":
        folder = bundled(f"exercises-{language}")
        if (folder / "pack.yaml").is_file():
            return folder
    return bundled("exercises")


def schema_file(kind: str) -> Path:
    return Path(__file__).resolve().parent / "schema" / f"{kind}.schema.json"
