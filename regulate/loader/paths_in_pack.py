"""Where a pack's recording paths lead: written as a path inside the pack folder ('/' between
folders, never absolute), naming a plain file there in its exact letter case, and - when it
does not - the name it was close to. The checks `Reader.audio_path` makes (reader.py)."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from pathlib import Path

from regulate.i18n import _
from regulate.loader.yaml_words import quote


def disk_problem(folder: Path, name: str, written: str) -> str | None:
    """What keeps a well-written path from naming a file of this pack."""
    try:
        return _file_problem(folder, name, written)
    except OSError as exc:  # a name too long for the system, a loop of links...
        return _("'{name}' {written} can't be used as a file name here ({problem})").format(
            name=name, written=quote(written), problem=exc.strerror or exc
        )


def _file_problem(folder: Path, name: str, written: str) -> str | None:
    target = (folder / written).resolve()
    on_disk = _as_on_disk(folder, written)
    if on_disk is not None and on_disk != written:
        return _(
            "'{name}' {written} differs in letter case from the file {on_disk}; write it "
            "exactly as the file is named (some computers tell the two apart, so it "
            "would play on yours and not on your client's)"
        ).format(name=name, written=quote(written), on_disk=quote(on_disk))
    if not target.is_relative_to(folder.resolve()):
        return _(
            "'{name}' {written} leads outside the pack folder; keep audio files inside "
            "the folder and name them from there"
        ).format(name=name, written=quote(written))
    if not target.is_file():
        what = _("it is not a plain file") if target.exists() else _("there is no such file")
        said = _("'{name}' names {written}, but {what}").format(
            name=name, written=quote(written), what=what
        )
        # a typo, as a mistyped key gets: names compared without their endings, so that
        # every .wav is not 'close' to every other
        here = {str(Path(name).with_suffix("")): name for name in _recordings_here(folder)}
        close = difflib.get_close_matches(str(Path(written).with_suffix("")), here, 1, 0.75)
        if close and not target.exists():
            said += _("; did you mean {suggestion}?").format(suggestion=quote(here[close[0]]))
        return said
    return None


def _recordings_here(folder: Path) -> list[str]:
    """The recordings in the pack folder (two levels deep), named as a step names them."""
    from regulate.audio.recordings import FORMATS, OTHER_FORMATS

    kinds = {*FORMATS, *OTHER_FORMATS}
    found: list[str] = []
    for pattern in ("*", "*/*"):
        with contextlib.suppress(OSError):
            found += [
                p.relative_to(folder).as_posix()
                for p in sorted(folder.glob(pattern))
                if p.suffix.lower() in kinds and not p.name.startswith(".")
            ]
        if len(found) > 500:
            break
    return found[:500]


def written_problem(name: str, written: str) -> str | None:
    """What is wrong with how a recording's path is written, wherever the pack is."""
    if (
        Path(written).is_absolute()
        or written.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", written)
    ):
        return _(
            "'{name}' must be a path inside the pack folder, such as voice/intro.wav; "
            "got the absolute path {written}"
        ).format(name=name, written=quote(written))
    if Path(written).name == "":  # '', '.', './', './.': the pack folder itself, no file
        return _(
            "'{name}' must name a recording file inside the pack folder, such as "
            "voice/intro.wav; got {written}, which names no file"
        ).format(name=name, written=quote(written))
    if Path(written).as_posix() != written:  # './a.wav', 'voice//a.wav', 'voice/': named
        # as written when `pack zip` renames a recording, so written the one plain way
        return _("'{name}' {written} has a '.' or '/' too many; write it as {suggested}").format(
            name=name, written=quote(written), suggested=quote(Path(written).as_posix())
        )
    if "\\" in written:
        return _(
            "'{name}' {written} uses '\\' between folders; write {suggested} - '/' works "
            "on every computer"
        ).format(name=name, written=quote(written), suggested=quote(written.replace(chr(92), "/")))
    return None


def _as_on_disk(folder: Path, written: str) -> str | None:
    """`written` as the names really are on disk, matched without regard to letter case
    (None when there is no such file either way)."""
    here, parts = folder, []
    for part in Path(written).parts:
        if part in (".", ".."):
            here = here / part
            parts.append(part)
            continue
        try:
            names = os.listdir(here)
        except OSError:
            return None
        match = (
            part
            if part in names
            else next((n for n in names if n.casefold() == part.casefold()), None)
        )
        if match is None:
            return None
        here = here / match
        parts.append(match)
    return "/".join(parts)
