"""Packs as files: a new pack to edit, adding and removing a client's packs (a pack as a zip,
made and read defensively, is in archive.py).

Adding is careful: the pack is checked before it is kept, and replacing a pack never leaves
the client without it: the new copy is unpacked beside the old one, and the old one is only set
aside for the instant it takes to put the new one in its place (a set-aside copy left by an
interrupted add is put back the next time packs load).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from regulate import door
from regulate.domain.model import Pack
from regulate.domain.problems import PackError as PackError
from regulate.domain.problems import Problem, Report
from regulate.i18n import _
from regulate.loader import PLACEHOLDER_MARK, as_handed_over, load_pack, slugify
from regulate.loader.files import read_bytes
from regulate.packs.archive import MAX_ENTRIES, MAX_UNPACKED, find_root, is_zip, unzip_defensively
from regulate.packs.files import pack_files
from regulate.system.paths import (
    package_folder,
    packs_dir,
    schema_file,
    starter_pack,
)
from regulate.system.processes import pid_alive

TEMPLATES = package_folder() / "templates"


# ---------------------------------------------------------------- new


def _schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema={kind}.schema.json\n"


def _template(name: str, language: str | None) -> str:
    """A file of `regulate new`'s blank pack, in the language asked for when there is one
    (regulate/templates/<language>/; docs/translating.md), else in English."""
    for tag in (language, "en"):
        path = TEMPLATES / (tag or "en") / name
        if path.is_file():
            return door.read_text(path, kind="text")
    raise FileNotFoundError(TEMPLATES / "en" / name)


def _write_schemas(folder: Path) -> None:
    for kind in ("pack", "exercise"):
        text = door.read_text(schema_file(kind), kind="text")
        door.write_text(folder / f"{kind}.schema.json", text, private=False)


def new_pack(folder: Path, template: str = "blank", language: str | None = None) -> list[Path]:
    """Write a pack to edit into an empty or new folder, in a language (the blank template's
    comments and text, or the starter pack's); returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PackError(
            _(
                "'{folder}' is not empty; regulate new writes only into a new or empty folder."
            ).format(folder=folder)
        )
    made = not folder.exists()
    door.make_folder(folder, private=False)
    try:
        return _write_new(folder, template, language)
    except OSError as exc:  # a full disk, a folder taken away: nothing half-written is left
        for path in folder.iterdir() if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                path.unlink()
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise PackError(
            _("The new pack could not be written in '{folder}' ({reason}); nothing was left "
              "there.").format(folder=folder, reason=exc.strerror or exc)
        ) from exc  # fmt: skip


def _write_new(folder: Path, template: str, language: str | None) -> list[Path]:
    slug = slugify(folder.resolve().name)
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or _(
        "My pack"
    )
    written: list[Path] = []
    if template == "starter":
        source = starter_pack(language)
        for path in sorted(source.glob("*.yaml")):
            text = door.read_text(path, kind="pack")
            kind = "pack" if path.name == "pack.yaml" else "exercise"
            text = text.replace(f"../regulate/schema/{kind}.schema.json", f"{kind}.schema.json")
            if path.name == "pack.yaml":
                text = _starter_manifest(text, name, slug)
            door.write_text(folder / path.name, text, private=False)
            written.append(folder / path.name)
    else:
        manifest = _schema_line("pack") + _template("pack.yaml", language).format(
            folder=folder, name=_yaml_text(name), slug=slug
        )
        door.write_text(folder / "pack.yaml", manifest, private=False)
        for name in ("example.yaml", "settle.yaml"):
            text = _schema_line("exercise") + _template(name, language).format()
            door.write_text(folder / name, text, private=False)
        written += [folder / "pack.yaml", folder / "example.yaml", folder / "settle.yaml"]
    _write_schemas(folder)
    return [*written, folder / "pack.schema.json", folder / "exercise.schema.json"]


def _yaml_text(text: str) -> str:
    """Text as YAML reads it back exactly: plain when it is plainly safe, else quoted
    ('[week 3]' or 'a: b' unquoted would be a list or a mapping)."""
    import json

    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._'-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _starter_manifest(text: str, name: str, slug: str) -> str:
    lines = []
    skipping = False
    for line in text.splitlines():
        if line.startswith("name:"):
            line = f"name: {_yaml_text(name)}"
        elif line.startswith("id:"):
            line = f"id: {slug}"
        elif line.startswith("author:"):
            line = "author: " + _("Your name")
        elif line.startswith("support:"):
            placeholder = _("write a few sentences for this client")
            lines += ["support:", "  text: >", f"    {PLACEHOLDER_MARK} {placeholder}"]
            skipping = True
            continue
        elif skipping and (line.startswith(" ") or not line.strip()):
            continue
        else:
            skipping = False
        lines.append(line)
    return "\n".join(lines) + "\n"


def recover_interrupted() -> None:
    """Put back any pack set aside by an add that was interrupted before it finished."""
    root = packs_dir()
    if not root.is_dir():
        return
    for aside in root.glob(".old-*"):
        home = root / aside.name[len(".old-") :]
        if home.exists():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            door.replace(aside, home)
    for partial in root.glob(".new-*"):
        if not _in_progress(partial):
            shutil.rmtree(partial, ignore_errors=True)
    for gone in root.glob(".gone-*"):  # a remove stopped before it had cleared up
        shutil.rmtree(gone, ignore_errors=True)


STALE_SECONDS = 24 * 3600  # a staging folder whose maker can't be told is left this long


def _staging_folder(root: Path) -> Path:
    """A folder for a pack being added, named with this process's id, so that another
    regulate started meanwhile can tell it is still in use."""
    return Path(tempfile.mkdtemp(prefix=f".new-{os.getpid()}-", dir=root))


def _in_progress(partial: Path) -> bool:
    """Whether another process may still be using a staging folder: its maker is alive (one
    process never removes another's work in progress), or it can't be told and it is recent."""
    maker = partial.name[len(".new-") :].split("-", 1)[0]
    if maker.isdigit():
        return pid_alive(int(maker))  # this very process, or another still at work
    try:
        return time.time() - partial.stat().st_mtime < STALE_SECONDS
    except OSError:
        return False


@dataclass(frozen=True)
class Added:
    pack: Pack
    replaced: bool


STARTER_ID = "starter"  # the bundled pack's id


def _refuse_oversized(source: Path, files: list[Path]) -> None:
    """The limits a pack zip has, for a folder too: far more files or bytes than a pack needs
    is refused before anything is copied."""
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    if len(files) > MAX_ENTRIES or size > MAX_UNPACKED:
        raise PackError(
            _(
                "'{source}' holds far more than a pack needs (at most {most:,} files and "
                "200 MiB). Nothing was added."
            ).format(source=source, most=MAX_ENTRIES)
        )


def _unreadable_exercises(source: Path, copied: set[str]) -> list[Problem]:
    """The .yaml files beside pack.yaml that would not be copied (a pipe, a device, a link out
    of the folder): `regulate check` calls each an error, so adding refuses them too rather
    than leave an exercise behind without a word."""
    problems: list[Problem] = []
    for path in sorted(source.glob("*.yaml")):
        if path.name.startswith(".") or path.name in copied:
            continue
        report = Report(f"{source}/{path.name}")
        read_bytes(path, report)
        problems.extend(report.problems)
    return problems


def prepare(source: Path) -> tuple[Path, Pack]:
    """Unpack or copy a pack into the packs folder's staging area and check it there."""
    root = door.make_folder(packs_dir(), private=True)
    recover_interrupted()
    staging = _staging_folder(root)
    try:
        if source.is_dir():
            # a pack before anything is copied: `pack add /` must not copy a whole disk
            if not (source / "pack.yaml").is_file():
                raise PackError(
                    _("There is no pack.yaml in it, so it is not a pack. Nothing was added.")
                )
            files = pack_files(source)
            if unreadable := _unreadable_exercises(source, {name for name, _path in files}):
                raise PackError(
                    _("This pack has problems, so it was not added."), tuple(unreadable)
                )
            _refuse_oversized(source, [path for _name, path in files])
            for name, path in files:
                dest = staging / name
                door.make_folder(dest.parent, private=False)
                door.copy(path, dest, kind="pack-file")
            pack_root = staging
            default_id = slugify(source.resolve().name)
        elif source.suffix.lower() == ".zip" or is_zip(source):
            # a damaged zip is said to be one: "neither a folder nor a zip" would puzzle
            unzip_defensively(source, staging)
            pack_root = find_root(staging)
            default_id = slugify(pack_root.name if pack_root != staging else source.stem)
        else:
            raise PackError(
                _("'{source}' is neither a pack folder nor a zip of one.").format(source=source)
            )
        # without an id of its own, a pack is known by its folder's name, not the staging one
        with as_handed_over():  # a client's install: only the formats every install plays
            loaded = load_pack(pack_root, str(source), default_id=default_id)
        if loaded.value is None:
            raise PackError(_("This pack has problems, so it was not added."), loaded.problems)
        if loaded.value.id == STARTER_ID:
            raise PackError(
                _(
                    "This pack's id is '{id}', which is the bundled starter pack's, so it would "
                    "be hidden behind it. Give it an id of its own in pack.yaml (such as id: "
                    "my-starter) and add it again. Nothing was added."
                ).format(id=STARTER_ID)
            )
        return staging, loaded.value
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def install(staging: Path, pack: Pack) -> Added:
    """Put a checked, staged pack in place under its id, replacing any older copy. Should the
    disk refuse any step, the older copy is back in place and nothing staged is left."""
    root = packs_dir()
    pack_root = pack.folder or staging
    home = root / pack.id
    aside = root / f".old-{pack.id}"
    replaced = home.exists()
    moved_aside = False
    try:
        if pack_root != staging:
            # the pack sat inside a folder in the zip: take it out of there first
            flat = _staging_folder(root)
            os.rmdir(flat)
            door.replace(pack_root, flat)
            shutil.rmtree(staging, ignore_errors=True)
            staging = flat
        if replaced:
            # a kill from here until home is in place: recover_interrupted() undoes it
            door.replace(home, aside)
            moved_aside = True
        door.replace(staging, home)
    except BaseException:
        if moved_aside and not home.exists():
            with contextlib.suppress(OSError):
                door.replace(aside, home)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if replaced:
        shutil.rmtree(aside, ignore_errors=True)
    loaded = load_pack(home, str(home), default_id=pack.id)
    return Added(loaded.value or pack, replaced)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def installed(pack_id: str) -> Path | None:
    """An added pack's folder, by id; None for anything not an id (a path: ../x, /abs). Any
    length a folder's name can have: a pack added by an older regulate may have a longer id
    than a new one may take, and it can always be removed."""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", pack_id) or len(pack_id) > 255:
        return None
    home = packs_dir() / pack_id
    return home if (home / "pack.yaml").is_file() else None


def remove(pack_id: str) -> None:
    home = installed(pack_id)
    if home is None:
        raise PackError(
            _("There is no added pack with the id '{pack_id}'.").format(pack_id=pack_id)
        )
    # a name no other remove uses: one stopped half-way (its .gone- folder left behind) or
    # one running at the same moment never stands in this one's way
    aside = packs_dir() / f".gone-{pack_id}-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        door.replace(home, aside)
    except door.DoorRefused as exc:
        if exc.reason != "missing":
            raise
        # another regulate removed it a moment ago
        raise PackError(
            _("There is no added pack with the id '{pack_id}'.").format(pack_id=pack_id)
        ) from None
    shutil.rmtree(aside, ignore_errors=True)
