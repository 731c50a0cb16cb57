"""The therapist's voice into a pack: `regulate voice add` (a file from a phone) and
`regulate record` (the microphone, with a count-in, a level meter, listen back, redo, keep)."""

from __future__ import annotations

import argparse
import queue
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regulate.cli.authoring import print_problems
from regulate.domain.problems import PackError
from regulate.i18n import _, decimal
from regulate.system.textsafe import printable

if TYPE_CHECKING:
    from regulate.packs.voicing import StepFound


def cmd_voice_help(args: argparse.Namespace) -> int:
    print(_("Say what to do: regulate voice add DIR EXERCISE STEP FILE (--help for more)."),
          file=sys.stderr)  # fmt: skip
    return 2


def _voice_ready() -> bool:
    from regulate.audio import voice

    if voice.available():
        return True
    print(
        _("Putting a recording into a pack needs regulate's voice extra: {command}").format(
            command=voice.extra_command()
        ),
        file=sys.stderr,
    )
    return False


def _step(args: argparse.Namespace, microphone: Any = None) -> StepFound | int:
    """The step named, checked before anything is read or recorded (and the `microphone`
    module's device, when given), and - when it plays a recording already - the therapist asked
    first (unless --replace); else the exit status (1 for a step or microphone that can't be
    had, 0 for a recording kept as it was)."""
    from regulate.cli.records import confirm
    from regulate.packs.voicing import find_step

    try:
        found = find_step(Path(args.pack), args.exercise, args.step)
    except PackError as exc:
        print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    if microphone is not None:
        try:
            microphone.probe()  # before any question or count-in
        except microphone.NoMicrophone:
            print(_(microphone.NO_MICROPHONE).format(pack=args.pack, exercise=args.exercise,
                                                     step=args.step), file=sys.stderr)  # fmt: skip
            return 1
    if found.has_recording and not args.replace:
        question = _(
            "Step {step} of '{title}' already plays a recording. Replace it with the new one? "
            "Type yes to replace it, or press Enter to keep it: "
        ).format(step=found.number, title=found.exercise.title)
        if not confirm(question):
            print(_("Nothing was changed."))
            return 0
    return found


def _placed(args: argparse.Namespace, samples: Any) -> int:
    from regulate.domain.durations import minutes_seconds
    from regulate.packs.voicing import place_recording

    try:
        placed = place_recording(Path(args.pack), args.exercise, args.step, samples)
    except PackError as exc:
        print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    said = (
        _("Step {step} of '{title}' now plays {name} instead ({length}, {lufs:.0f} LUFS).")
        if placed.replaced
        else _("Step {step} of '{title}' now plays {name} ({length}, {lufs:.0f} LUFS).")
    )
    length = minutes_seconds(placed.seconds, "nearest")
    print(said.format(step=placed.step, title=placed.exercise, name=placed.name, length=length,
                      lufs=placed.lufs))  # fmt: skip
    print(_("'regulate check {pack}' shows how it fits the step.").format(pack=args.pack))
    return 0


def cmd_voice_add(args: argparse.Namespace) -> int:
    from regulate.audio import voice

    if not _voice_ready():
        return 1
    if isinstance(found := _step(args), int):
        return found
    try:
        samples = voice.read(Path(args.file))
    except voice.VoiceError as exc:
        print(_("'{file}' {problem}; nothing was changed.").format(file=args.file, problem=exc),
              file=sys.stderr)  # fmt: skip
        return 1
    return _placed(args, samples)


class _Lines:
    """The person's lines, read on a thread of their own: a recording asks whether Enter was
    pressed without waiting, and no line meant for a later question is taken by it."""

    def __init__(self) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in sys.stdin:
                self._lines.put(line)
        except (OSError, ValueError):
            pass
        self._lines.put(None)

    def pressed(self) -> bool:
        try:
            self._lines.get_nowait()
        except queue.Empty:
            return False
        return True

    def ask(self) -> str | None:
        """The next line, stripped; None at the end of the input."""
        line = self._lines.get()
        if line is None:
            self._lines.put(None)  # the end stays the end
            return None
        return line.strip()


def cmd_record(args: argparse.Namespace) -> int:
    from regulate.audio import microphone

    if not _voice_ready():
        return 1
    if isinstance(found := _step(args, microphone), int):
        return found
    print(_("Recording step {step} of '{title}', whose words are:").format(
        step=found.number, title=found.exercise.title))  # fmt: skip
    print(f"  {printable(found.words)}")
    lines = _Lines()
    while True:
        take = _take(args, microphone, lines)
        if take is None:
            return 1
        if take.seconds < 0.5:
            print(_("Nothing much was recorded, so nothing was kept."))
            return 1
        if take.peak < 10 ** (-40 / 20):
            print(_("That was very quiet: the microphone may be muted, or far away."))
        elif take.peak >= 0.999:
            print(_("That was loud enough to clip in places: a little further from the "
                    "microphone may sound better."))  # fmt: skip
        choice = _after_take(lines)
        if choice == "listen":
            _listen(take)
            choice = _after_take(lines, listened=True)
        if choice == "keep":
            done = _placed(args, _floats(take.samples))
            if done != 0:
                _keep_take(args, found, take)
            return done
        if choice == "leave":
            print(_("Nothing was kept; the pack is as it was."))
            return 0
        print(_("Again, then."))


def _keep_take(args: argparse.Namespace, found: StepFound, take: Any) -> None:
    """A take the pack could not take is kept in regulate's data folder, never lost: said where,
    and how to put it in later."""
    import datetime as dt

    from regulate import door
    from regulate.system.paths import data_dir

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder = door.make_folder(data_dir() / "takes", private=True)
        path = folder / f"{found.exercise.id}-step{found.number}-{stamp}.wav"
        _write_wav(path, take.samples)
    except OSError as exc:
        print(_("The take could not be kept either ({reason}).").format(
            reason=exc.strerror or exc), file=sys.stderr)  # fmt: skip
        return
    print(
        _("Your take is kept at {path}. Once the pack's folder can be written to, put it in "
          "with: regulate voice add {pack} {exercise} {step} {path}").format(
            path=path, pack=args.pack, exercise=args.exercise, step=args.step),
        file=sys.stderr,
    )  # fmt: skip


def _write_wav(path: Path, samples: bytes) -> None:
    """16-bit mono WAV at the microphone's rate, whole or not at all, private to the person."""
    import wave

    from regulate import door
    from regulate.audio.microphone import RATE

    with door.writing(path, private=True) as handle, wave.open(handle, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples)


def _floats(data: bytes) -> Any:
    import numpy as np

    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768


def _take(args: argparse.Namespace, microphone: Any, lines: _Lines) -> Any:
    for n in range(args.count_in, 0, -1):
        print(f"{n}...", flush=True)
        time.sleep(1)

    def opened() -> None:
        # 2.5 is said as 2.5, never rounded to a time the take does not keep to
        at_most = decimal(args.seconds, 0 if args.seconds == int(args.seconds) else 1)
        print(_("Recording. Press Enter when you have finished (at most {seconds} seconds).")
              .format(seconds=at_most), flush=True)  # fmt: skip

    show = sys.stdout.isatty()

    def level(peak: float) -> None:
        if show:
            print(f"\r  {microphone.meter(peak)}", end="", flush=True)

    try:
        take = microphone.record(args.seconds, lines.pressed, level, opened)
    except microphone.NoMicrophone:  # it was there a moment ago (unplugged since)
        print(_(microphone.NO_MICROPHONE).format(pack=args.pack, exercise=args.exercise,
                                                 step=args.step), file=sys.stderr)  # fmt: skip
        return None
    if show:
        print()
    print(_("Recorded {seconds:.0f} seconds.").format(seconds=take.seconds))
    return take


def _after_take(lines: _Lines, listened: bool = False) -> str:
    question = (
        _("k keeps it, r records again, q leaves without keeping: ")
        if listened
        else _("l listens back, k keeps it, r records again, q leaves without keeping: ")
    )
    while True:
        print(question, end="", flush=True)
        answer = lines.ask()
        if answer is None:  # the input ended: nothing is kept without a yes
            print()
            return "leave"
        if answer[:1].lower() in ("l", "k", "r", "q") and not (listened and answer[:1] == "l"):
            return {"l": "listen", "k": "keep", "r": "again", "q": "leave"}[answer[:1].lower()]
        if answer:
            print(_("Please type l, k, r or q.") if not listened else _("Please type k, r or q."))


def _listen(take: Any) -> None:
    import tempfile
    import wave

    from regulate import door
    from regulate.audio import make_player
    from regulate.domain.model import Sound

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "take.wav"
        with door.writing(path, private=True) as handle, wave.open(handle, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            out.writeframes(take.samples)
        player = make_player(True, volume=100)
        if player.notice:
            print(player.notice)
            return
        player.recording(Sound(path=path))
        time.sleep(take.seconds + 0.3)
        player.stop_all()
