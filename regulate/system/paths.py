"""Where regulate keeps things: the person's data and settings, and its own bundled files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from regulate import package_folder as package_folder

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


def bundled(name: str) -> Path:
    """A folder shipped with regulate (`exercises` or `sounds`).

    In an installed wheel they sit inside the package; in a source checkout (and an
    editable install) they sit at the top of the repository.
    """
    here = package_folder()
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
    return package_folder() / "schema" / f"{kind}.schema.json"


def install_command(extra: str) -> str:
    """How to install one of regulate's extras, matching how this copy was installed: from a
    checkout (an editable install) `pip install '.[voice]'` in its folder, else from the index."""
    import json
    import urllib.parse
    from importlib import metadata

    try:
        text = metadata.distribution("regulate").read_text("direct_url.json") or "{}"
        info = json.loads(text)
    except (metadata.PackageNotFoundError, OSError, ValueError):
        info = {}
    url = info.get("url", "") if isinstance(info, dict) else ""
    editable = isinstance(info, dict) and (info.get("dir_info") or {}).get("editable") is True
    if editable and isinstance(url, str) and url.startswith("file://"):
        folder = urllib.parse.unquote(url.removeprefix("file://"))
        return f"pip install '.[{extra}]' (in {folder})"
    return f"pip install 'regulate[{extra}]'"


def home_chosen() -> bool:
    """Whether REGULATE_HOME chose the data and settings folder (else they are regulate's own)."""
    return _home() is not None
