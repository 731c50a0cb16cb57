"""A pack's recordings made ready for every client, as `pack zip` hands it over: where the
voice extra is installed, each recording the pack names is converted to MP3 (mono, trimmed,
at one loudness) in a copy of the pack, and the exercise files are changed to name the MP3s.
The therapist's own folder is never changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulate import door
from regulate.audio.recordings import FORMATS, OTHER_FORMATS
from regulate.i18n import _
from regulate.model import Exercise, Pack, Step
from regulate.problems import PackError
from regulate.textsafe import printable


@dataclass(frozen=True)
class Converted:
    name: str  # as the pack named it
    new_name: str  # the MP3 in the zip
    lufs_before: float
    lufs_after: float
    trimmed_seconds: float
    limited: bool  # held below the target so as never to clip


def recordings_named(pack: Pack, folder: Path) -> list[str]:
    """The recordings (relative names, in order) that the pack's exercises play."""
    root = folder.resolve()
    names: list[str] = []
    for exercise in pack.exercises:
        sounds = [getattr(step, key, None) for step in exercise.steps for key in ("audio", "cue")]
        sounds += [getattr(exercise.cues, field, None) for field in vars(exercise.cues)]
        for sound in sounds:
            path = getattr(sound, "path", None)
            if path is None or path.suffix.lower() not in {*FORMATS, *OTHER_FORMATS}:
                continue
            name = path.resolve().relative_to(root).as_posix()
            if name not in names:
                names.append(name)
    return names


def _free_name(wanted: str, taken: set[str]) -> str:
    stem, n = wanted.removesuffix(".mp3"), 1
    name = wanted
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.mp3"
    taken.add(name.lower())
    return name


def _renamed(text: str, renames: dict[str, str]) -> str:
    """Exercise text with each recording's name changed where a value names it whole."""
    for old, new in renames.items():
        pattern = re.compile(
            r"(?P<lead>:\s*|-\s+)(?P<quote>['\"]?)"
            + re.escape(old)
            + r"(?P=quote)(?P<tail>\s*(#.*)?)$",
            re.MULTILINE,
        )
        with_new = r"\g<lead>\g<quote>" + new.replace("\\", "\\\\") + r"\g<quote>\g<tail>"
        text = pattern.sub(with_new, text)
    return text


def voiced_copy(pack: Pack, folder: Path, into: Path) -> list[Converted]:
    """A copy of the pack folder in `into` with every recording converted; what was done."""
    from regulate.audio import voice
    from regulate.packs.archive import pack_files

    names = recordings_named(pack, folder)
    files = pack_files(folder)
    taken = {name.lower() for name, _path in files if name not in names}
    renames: dict[str, str] = {}
    done: list[Converted] = []
    for name in names:
        new_name = _free_name(str(Path(name).with_suffix(".mp3").as_posix()), taken)
        target = into / new_name
        door.make_folder(target.parent, private=False)
        samples = voice.read(folder / name)
        prepared = voice.prepare(samples)
        voice.write_mp3(prepared.samples, target)
        trimmed = (samples.size - prepared.samples.size) / voice.SPEECH_RATE
        done.append(Converted(name, new_name, prepared.before.lufs, prepared.lufs, trimmed,
                              prepared.limited))  # fmt: skip
        if new_name != name:
            renames[name] = new_name
    for name, path in files:
        if name in names:
            continue  # its MP3 stands in its place
        target = into / name
        door.make_folder(target.parent, private=False)
        if name.endswith(".yaml") and renames:
            text = door.read_text(path, kind="pack", encoding="utf-8-sig")
            door.write_text(target, _renamed(text, renames), private=False)
        else:
            door.copy(path, target, kind="pack-file")
    return done


# ---------------------------------------------------------------- one recording into a step


@dataclass(frozen=True)
class Placed:
    exercise: str  # its title
    step: int
    name: str  # the recording, as the exercise now names it
    seconds: float
    lufs: float
    replaced: bool  # the step had a recording before


def _find_exercise(pack: Pack, wanted: str) -> Exercise:
    for exercise in pack.exercises:
        source = exercise.source.name if exercise.source else ""
        if wanted in (exercise.id, source, source.removesuffix(".yaml")):
            return exercise
    names = ", ".join(e.id for e in pack.exercises)
    raise PackError(
        _("This pack has no exercise '{wanted}'; its exercises are: {names}.").format(
            wanted=printable(wanted), names=names
        )
    )


def _with_audio(text: str, step: Step, name: str) -> str | None:
    """The exercise text with the step's `audio:` set to `name`; None where the step is not
    written in a way this can change safely (then the therapist writes it by hand)."""
    lines = text.splitlines(keepends=True)
    value = f'"{name}"'
    if "audio" in step.where:  # the step names a recording already: its value is replaced
        at = step.where["audio"]
        line = lines[at.line - 1]
        body = line.rstrip("\r\n")
        if body[at.col - 1 : at.col].strip() in ("{", "[", "|", ">") or "," in body[at.col - 1 :]:
            return None
        lines[at.line - 1] = body[: at.col - 1] + value + line[len(body) :]
        return "".join(lines)
    at = step.at  # the step's first key: `audio:` goes just before it, at the same indent
    line = lines[at.line - 1]
    before = line[: at.col - 1]
    if before.strip() not in ("", "-") or line[at.col - 1 : at.col] in ("{", "["):
        return None  # written in flow style: {prompt: ..., for: 5}
    lines[at.line - 1] = f"{before}audio: {value}\n{' ' * len(before)}{line[at.col - 1 :]}"
    return "".join(lines)


def place_recording(folder: Path, wanted: str, number: int, samples: Any) -> Placed:
    """A recording (float samples at the voice's rate) made ready and put into a step of the
    pack at `folder`: written as voice/EXERCISE-STEP.mp3, and the step set to play it. The
    exercise file is changed whole or not at all, and checked again afterwards."""
    from regulate.audio import voice
    from regulate.loader import load_exercise, load_pack

    loaded = load_pack(folder, str(folder))
    if loaded.value is None:
        raise PackError(_("This pack has problems, so nothing was changed."), loaded.problems)
    exercise = _find_exercise(loaded.value, wanted)
    if not 1 <= number <= len(exercise.steps) or exercise.source is None:
        raise PackError(
            _("'{title}' has steps 1 to {last}; there is no step {number}.").format(
                title=exercise.title, last=len(exercise.steps), number=number
            )
        )
    step = exercise.steps[number - 1]
    name = f"voice/{exercise.id}-step{number}.mp3"
    text = door.read_text(exercise.source, kind="pack", encoding="utf-8-sig")
    changed = _with_audio(text, step, name)
    if changed is None:
        raise PackError(
            _(
                "Step {number} of '{title}' is written on one line ({{...}}), which regulate "
                "won't rewrite; write it over several lines, or add audio: {name} to it by hand."
            ).format(number=number, title=exercise.title, name=name)
        )
    prepared = voice.prepare(samples)
    target = folder / name
    door.make_folder(target.parent, private=False)
    # names of this process's own: a second window doing the same never writes into them
    fresh = target.with_name(f".{target.name}.{os.getpid()}.new")
    earlier = target.with_name(f".{target.name}.{os.getpid()}.old")
    voice.write_mp3(prepared.samples, fresh)
    had_one = target.exists()
    if had_one:
        door.replace(target, earlier)  # the step's earlier recording, until this one is in
    door.replace(fresh, target)
    source = exercise.source
    door.write_text(source, changed, private=False)
    again = load_exercise(source, str(source))
    if again.value is None:  # never left broken: the exercise and its recording as they were
        door.write_text(source, text, private=False)
        if had_one:
            door.replace(earlier, target)
        else:
            target.unlink()
        raise PackError(_("The exercise could not take the recording, so it was left as it was."),
                        again.problems)  # fmt: skip
    earlier.unlink(missing_ok=True)
    return Placed(exercise.title, number, name, prepared.samples.size / voice.SPEECH_RATE,
                  prepared.lufs, "audio" in step.where)  # fmt: skip
