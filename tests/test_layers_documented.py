"""The layer picture a newcomer reads (CONTRIBUTING, docs/DESIGN.md) is the one import-linter
enforces, and it names every part of the code: a folder added or moved without its line in the
picture fails here, as a drifted picture did last round."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "regulate"
MAX_LOOSE = 8  # modules loose at the top of regulate/, besides __init__ and __main__


def _block_after(text: str, heading: str) -> list[str]:
    """The lines of the first fenced block after `heading`."""
    rest = text[text.index(heading) :]
    start = rest.index("```\n") + 4
    return rest[start : rest.index("```", start)].splitlines()


def _contract(container: str) -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract["type"] == "layers" and contract["containers"] == [container]:
            return [layer for layer in contract["layers"] if layer != "__main__"]
    raise AssertionError(f"no layers contract for {container}")


def _names(layer: str) -> set[str]:
    return {name.strip() for name in re.split(r"[|:>]", layer) if name.strip()}


def _parts_of(folder: Path) -> set[str]:
    """The Python packages and modules directly inside `folder`."""
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
    packages = {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
    return modules | packages


def _picture() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return [line.split("#")[0].strip() for line in _block_after(text, "## The layers")]


def test_contributing_draws_the_layers_import_linter_keeps() -> None:
    drawn = [" ".join(line.split()) for line in _picture() if line]
    assert drawn == _contract("regulate")


def test_every_part_of_regulate_is_in_a_layer() -> None:
    layered = set().union(*(_names(layer) for layer in _contract("regulate")))
    assert _parts_of(PACKAGE) == layered


def test_the_inner_pictures_match_their_contracts_and_folders() -> None:
    comments = {
        line.split("#")[0].strip(): line.split("#", 1)[1].strip()
        for line in _block_after(
            (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), "## The layers"
        )
        if "#" in line
    }
    for package in ("domain", "system"):
        inner = _contract(f"regulate.{package}")
        assert comments[package] == " > ".join(inner)
        assert _parts_of(PACKAGE / package) == set().union(*(_names(layer) for layer in inner))


def test_design_shows_every_folder_and_loose_module() -> None:
    shown = set()
    for line in _block_after(
        (ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8"), "## Shape of the code"
    ):
        for word in line.split("#")[0].split():
            if word.endswith("/") or word.endswith(".py"):
                shown.add(word.removesuffix("/").removesuffix(".py"))
    assert _parts_of(PACKAGE) <= shown


def test_few_modules_are_loose_at_the_top() -> None:
    loose = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"})
    assert len(loose) <= MAX_LOOSE, loose
