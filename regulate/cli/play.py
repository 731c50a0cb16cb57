"""Playing: the full-screen app, or plain mode when it is asked for or there is no terminal."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from regulate import i18n
from regulate.cli.records import open_for_play
from regulate.i18n import N_, _
from regulate.system.textsafe import printable

if TYPE_CHECKING:
    from regulate import plain
    from regulate.domain.model import Exercise, Pack
    from regulate.history import History


def _no_screen() -> str | None:
    """Why the full screen can't be drawn here, if it can't: it needs a real terminal."""
    try:
        both = sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        both = False
    if not both:
        return _("regulate's full screen needs a terminal, and this is not one.")
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return _("regulate's full screen needs a terminal that can draw it, and this one can't.")
    return None


BUSY_AT_THE_END = N_("Your history was still busy, so the end of this session could not be saved.")
KEPT_ASIDE_AT_THE_END = N_(
    "Your history was still busy, so this session was kept aside: it will be added to your "
    "history the next time regulate starts."
)
NO_SCREEN_HINT = N_(
    " `regulate --plain` works anywhere, one line at a time, with the same packs and exercises."
)


def cmd_home(args: argparse.Namespace) -> int:
    if args.plain:
        return _play_plain(args, None, None)
    if reason := _no_screen():
        print(reason + _(NO_SCREEN_HINT), file=sys.stderr)
        return 2
    from regulate.tui.run import run_app

    return _leave(
        run_app(sound=args.sound, reduced_motion=args.reduced_motion, language=args.language)
    )


def _leave(code: int) -> int:
    """After the full-screen app: everything is saved by now. If the terminal went away
    (closed window, SIGHUP), Textual's input thread can go on polling the dead terminal and
    keep the process alive at full speed; end the process rather than leave it spinning."""
    import os
    import threading

    others = [
        t for t in threading.enumerate()
        if t is not threading.main_thread() and t.is_alive() and not t.daemon
    ]  # fmt: skip
    for thread in others:
        thread.join(timeout=1.0)
    if any(t.is_alive() for t in others):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _load_target(path: str) -> tuple[Pack | None, Exercise | None, int]:
    """(pack, exercise, exit code): an exercise file (in its pack when it has one) or a pack."""
    from regulate.loader import load_exercise, load_pack

    target = Path(path)
    if not target.exists():
        from regulate.packs.library import load_library

        # not a file or folder: a pack the person has, by its id ('starter', 'week1')
        kept = load_library(language=i18n.current()).get(path) if path.strip() else None
        if kept is not None:
            return kept, None, 0
        print(
            _(
                "regulate play: there is no file or folder at '{path}', and no pack with that "
                "id (`regulate pack list` shows your packs)."
            ).format(path=printable(path)),
            file=sys.stderr,
        )
        return None, None, 2
    folder = target if target.is_dir() else target.parent
    if (folder / "pack.yaml").is_file():
        loaded = load_pack(folder, str(folder))
        if loaded.value is not None and target.is_file() and target.name != "pack.yaml":
            exercise = loaded.value.exercise(target.stem)
            if exercise is None:
                print(
                    _("'{name}' is not one of the exercises of its pack.").format(name=target.name),
                    file=sys.stderr,
                )
                return None, None, 1
            return loaded.value, exercise, 0
    elif target.is_dir():
        print(
            _(
                "regulate play: '{path}' has no pack.yaml; name an exercise file in it instead."
            ).format(path=path),
            file=sys.stderr,
        )
        return None, None, 2
    else:
        loaded = load_exercise(target, str(target))
        if loaded.value is not None:
            return None, loaded.value, 0
    errors = loaded.errors
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print(_("This can't be played until these problems are fixed."), file=sys.stderr)
        return None, None, 1
    return loaded.value, None, 0


def cmd_play(args: argparse.Namespace) -> int:
    pack, exercise, code = _load_target(args.path)
    if code:
        return code
    if not args.plain and (reason := _no_screen()):
        again = _("{reason} To play it line by line: regulate play --plain {path}")
        print(again.format(reason=reason, path=printable(args.path)), file=sys.stderr)
        return 2
    if not args.plain:
        from regulate.tui.run import run_app

        return _leave(
            run_app(
                sound=args.sound,
                reduced_motion=args.reduced_motion,
                pack=pack,
                exercise=exercise,
                speed=args.speed,
                language=getattr(args, "language", None),
            )
        )
    return _play_plain(args, pack, exercise)


class _Stopping:
    """SIGTERM and SIGHUP (a closed terminal) in plain mode. The first stops the session
    where it is, kept as stopped (`plain.Stop`, caught where the session is driven). Once the
    session is over and its last writes are being finished, a signal is only noted: raised
    there it cut the history's close short and came out as 'something went wrong' - as it did
    when a closed terminal's end of input had ended the session a moment before its SIGHUP."""

    def __init__(self) -> None:
        self.code: int | None = None  # 128 + the first signal's number
        self.finishing = False

    def __call__(self, signum: int, frame: object) -> None:
        from regulate import plain

        first = self.code is None
        if first:
            self.code = 128 + signum
        if first and not self.finishing:
            raise plain.Stop(128 + signum)


def _play_plain(args: argparse.Namespace, pack: Pack | None, exercise: Exercise | None) -> int:
    """Plain mode: the person's packs (or the one named) as lines, an exercise chosen, and the
    session script driven with lines."""
    import signal

    from regulate import plain
    from regulate.system import collector

    collector.settle()  # started: what follows is the exercise
    stopping = _Stopping()
    taken = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    kept = {signum: signal.signal(signum, stopping) for signum in taken}
    try:
        code = _plain_session(args, pack, exercise, stopping)
    except plain.Stop as gone:  # a signal while the history or the settings were first read
        code = gone.code
    finally:
        for signum, handler in kept.items():  # as they were, for whatever runs regulate
            signal.signal(signum, handler)
    return stopping.code if stopping.code is not None and code == 0 else code


def _plain_session(
    args: argparse.Namespace, pack: Pack | None, exercise: Exercise | None, stopping: _Stopping
) -> int:
    from regulate import plain, settings
    from regulate.audio import make_player
    from regulate.system.paths import starter_pack

    saved = settings.answered_by_option(settings.load(), args.sound)
    console = plain.stdin_console()
    store, place = open_for_play()
    try:
        sound = args.sound if args.sound is not None else bool(saved.sound)
        starter = _starter(starter_pack(args.person_language))
        front = plain.Plain(
            console, place, starter=starter, player=make_player(sound, saved.volume),
            speed=args.speed, sound=lambda on: make_player(on, saved.volume),
        )  # fmt: skip
    except plain.Stop as gone:  # the output went away before the exercise began
        stopping.finishing = True
        if store is not None:
            store.close()
        return gone.code
    except KeyboardInterrupt:
        return 130
    try:
        if exercise is not None:  # one exercise named: played, and that is the run
            # the pack's language while it is in use, when the program speaks it
            written = pack.language if pack is not None else exercise.language
            i18n.use(i18n.choose(written, args.person_language))
            return front.play(exercise, pack)
        return plain.home(front, _shelf(args, store, pack), pack)
    except plain.Stop as gone:
        return gone.code
    finally:
        stopping.finishing = True  # from here a signal is noted, never raised
        if not front.close(timeout=5.0):
            with contextlib.suppress(OSError, ValueError):  # a terminal that has gone
                print(
                    _(KEPT_ASIDE_AT_THE_END if front.kept_aside else BUSY_AT_THE_END),
                    file=sys.stderr,
                )
        if store is not None:
            store.close()


def _shelf(args: argparse.Namespace, store: History | None, pack: Pack | None) -> plain.Shelf:
    """The person's packs (the therapist's first; only `pack` when one was named), each read
    out with its message and this week's homework, in its language when regulate speaks it."""
    import datetime as dt

    from regulate import plain
    from regulate.core import shelf
    from regulate.history import HistoryError
    from regulate.packs.library import load_library

    i18n.use(args.person_language)
    today = dt.date.today()
    if pack is not None:
        packs = [pack]
    else:
        library = load_library(today=today, language=args.person_language)
        packs = shelf.opening_order(library.packs, today, shelf.added_at)

    def words(chosen: Pack) -> shelf.PackWords:
        days: list[dt.date] = []
        if store is not None and chosen.homework is not None:
            with contextlib.suppress(HistoryError):
                days = store.practice_days(chosen.id)
        return shelf.pack_words(chosen, days, today)

    def speak(chosen: Pack | None) -> None:
        written = chosen.language if chosen is not None else None
        i18n.use(i18n.choose(written, args.person_language))

    return plain.Shelf(packs, words, speak)


def _starter(folder: Path) -> Pack | None:
    from regulate.loader import load_pack

    loaded: Pack | None = load_pack(folder).value
    return loaded
