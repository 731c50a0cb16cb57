"""A pack's recordings made ready for every client, as `pack zip` hands it over: where the
voice extra is installed, each recording the pack names is converted to MP3 (mono, trimmed,
at one loudness) in a copy of the pack, and the exercise files are changed to name the MP3s.
The therapist's own folder is never changed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulate import door
from regulate.audio.recordings import FORMATS, OTHER_FORMATS
from regulate.domain.model import Exercise, Pack, Scan, Step
from regulate.domain.problems import PackError
from regulate.i18n import _
from regulate.packs import edits
from regulate.system.textsafe import printable


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
    """Exercise text with each recording's name changed wherever a step's `audio` or `cue`, or
    the exercise's `cues`, names it - quoted or not, in block or flow style - through the
    round-trip parser, so everything else stays as the therapist wrote it."""
    data = edits.load(text)
    if data is None:
        return text

    def renamed(value: Any) -> Any:
        return edits.same_kind(value, renames[str(value)]) if str(value) in renames else value

    changed = False
    steps = data.get("steps") if isinstance(data, dict) else None
    places: list[Any] = [step for step in steps or () if isinstance(step, dict)]
    if isinstance(data, dict) and isinstance(data.get("cues"), dict):
        places.append(data["cues"])
    for place in places:
        for key in list(place):
            value = place[key]
            if isinstance(value, str) and value in renames:
                place[key] = renamed(value)
                changed = True
    return edits.dump(data, text) if changed else text


def voiced_copy(pack: Pack, folder: Path, into: Path) -> list[Converted]:
    """A copy of the pack folder in `into` with every recording converted; what was done."""
    from regulate.audio import voice
    from regulate.packs.files import pack_files

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


def _with_audio(text: str, number: int, name: str) -> str | None:
    """The exercise text with step `number`'s `audio:` set to `name` (added after the step's own
    key, or its value replaced), through the round-trip parser: comments, quotes and flow
    style stay. None when the text is not an exercise whose steps can be changed."""
    data = edits.load(text)
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, list) or not 1 <= number <= len(steps):
        return None
    step = steps[number - 1]
    if not isinstance(step, dict) or not step:
        return None
    if "audio" in step:
        step["audio"] = edits.same_kind(step["audio"], name)
    elif not edits.insert(step, 1, "audio", name):  # after `prompt:`/`breathe:`, in sight
        return None
    return edits.dump(data, text)


@dataclass(frozen=True)
class StepFound:
    exercise: Exercise
    number: int
    step: Step
    name: str  # the MP3 it would play: voice/EXERCISE-stepN.mp3

    @property
    def has_recording(self) -> bool:
        return "audio" in self.step.where

    @property
    def words(self) -> str:
        """What the step shows, so the therapist knows whose words they are recording."""
        if isinstance(self.step, Scan):
            return self.step.region_text(", ".join(self.step.regions))
        return getattr(self.step, "text", None) or ""


def find_step(folder: Path, wanted: str, number: int) -> StepFound:
    """The step a recording is for, checked before anything is recorded or read: the pack
    loads, it has the exercise, the exercise has the step."""
    from regulate.loader import load_pack

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
    name = f"voice/{exercise.id}-step{number}.mp3"
    return StepFound(exercise, number, exercise.steps[number - 1], name)


@contextlib.contextmanager
def _one_at_a_time(folder: Path) -> Iterator[None]:
    """Two voice tools changing one pack take turns, so both changes land (each reads the file
    as the other left it). The lock lives in regulate's data folder, named for the pack's
    folder, so nothing is left in the therapist's own."""
    import hashlib

    from regulate.system.paths import data_dir

    key = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:32]
    try:
        locks = door.make_folder(data_dir() / "locks", private=True)
        door.create(locks / f"voice-{key}.lock", private=True)  # never through a link
        handle = open(locks / f"voice-{key}.lock", "rb")  # noqa: SIM115 - a lock needs any open file
    except OSError as exc:
        raise _refused(folder, exc) from exc
    with handle:
        _lock(handle.fileno(), True)
        try:
            yield
        finally:
            _lock(handle.fileno(), False)


def _lock(fd: int, take: bool) -> None:
    """Take (waiting for it) or give back the lock on an open file: flock where the system has
    it (POSIX), the C runtime's byte lock on Windows, where fcntl does not exist."""
    if sys.platform == "win32":  # so that mypy sees msvcrt only where it is
        import msvcrt

        while True:  # LK_LOCK waits ten seconds at most, then says so: wait again
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK if take else msvcrt.LK_UNLCK, 1)
                return
            except OSError:
                if not take:
                    return
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX if take else fcntl.LOCK_UN)


def place_recording(folder: Path, wanted: str, number: int, samples: Any) -> Placed:
    """A recording (float samples at the voice's rate) made ready and put into a step of the
    pack at `folder`: written as voice/EXERCISE-STEP.mp3, and the step set to play it. The
    exercise file is changed whole or not at all, and checked again afterwards."""
    from regulate.audio import voice

    prepared = voice.prepare(samples)
    with _one_at_a_time(folder):
        found = find_step(folder, wanted, number)  # read again under the lock
        source = found.exercise.source
        assert source is not None  # find_step refuses an exercise without a file
        text = door.read_text(source, kind="pack", encoding="utf-8-sig")
        changed = _with_audio(text, number, found.name)
        if changed is None:
            raise PackError(
                _(
                    "Step {number} of '{title}' can't be changed safely, so nothing was changed; "
                    "add audio: {name} to it by hand."
                ).format(number=number, title=found.exercise.title, name=found.name)
            )
        _write_both(folder, source, text, changed, found, prepared.samples)
    return Placed(found.exercise.title, number, found.name,
                  prepared.samples.size / voice.SPEECH_RATE, prepared.lufs,
                  found.has_recording)  # fmt: skip


def _write_both(
    folder: Path, source: Path, text: str, changed: str, found: StepFound, samples: Any
) -> None:
    """The MP3 and the changed exercise, both or neither: a refusal of either leaves the pack
    as it was, said as a sentence."""
    from regulate.audio import voice
    from regulate.loader import load_exercise

    target = folder / found.name
    # names of this process's own: a second window doing the same never writes into them
    fresh = target.with_name(f".{target.name}.{os.getpid()}.new")
    earlier = target.with_name(f".{target.name}.{os.getpid()}.old")
    had_one = target.exists()
    moved = placed = replaced = False
    try:
        door.make_folder(target.parent, private=False)
        voice.write_mp3(samples, fresh)
        if had_one:
            door.replace(target, earlier)  # the step's earlier recording, until this one is in
            moved = True
        door.replace(fresh, target)
        placed = True
        door.write_text(source, changed, private=False)  # whole or not at all
        replaced = True
    except (OSError, voice.VoiceError) as exc:
        _put_back(source, text if replaced else None, target, earlier if moved else None,
                  placed, fresh)  # fmt: skip
        raise _refused(folder, exc) from exc
    again = load_exercise(source, str(source))
    if again.value is None:  # never left broken: the exercise and its recording as they were
        _put_back(source, text, target, earlier if moved else None, placed, fresh)
        raise PackError(_("The exercise could not take the recording, so it was left as it was."),
                        again.problems)  # fmt: skip
    earlier.unlink(missing_ok=True)


def _refused(folder: Path, exc: Exception) -> PackError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return PackError(
        _("The recording could not be written into {folder} ({reason}), so the pack is as it "
          "was.").format(folder=folder, reason=reason)
    )  # fmt: skip


def _put_back(
    source: Path,
    text: str | None,
    target: Path,
    earlier: Path | None,
    placed: bool,
    *leftovers: Path,
) -> None:
    """The exercise's text (when it was replaced) and the step's earlier recording (when it
    was set aside) put back; a new recording put in place taken out again."""
    with contextlib.suppress(OSError):
        if text is not None:
            door.write_text(source, text, private=False)
    with contextlib.suppress(OSError):
        if earlier is not None:
            door.replace(earlier, target)
        elif placed:
            target.unlink(missing_ok=True)
    for path in leftovers:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
